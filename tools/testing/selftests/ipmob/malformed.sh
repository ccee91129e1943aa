#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# malformed.sh: hostile Home Address options and type 2 routing headers,
# crafted by scapy, are dropped and counted, one counter per reason, and
# nothing of them reaches the upper layer (RFC 6275 6.3, 6.4, 9.3.1, 11.3.3).
#
#   CN (binding cache HoA -> CoA, ro) ---- R (scapy) ---- HA
#                                          |
#                                          MN (binding: HoA, peer CN, ro)
#
#   1. HAO with option length 8            -> CN drop_hao_malformed
#   2. two HAOs in one header              -> CN drop_hao_malformed
#   3. HAO carrying a multicast address    -> CN drop_hao_malformed
#   4. RH2 with segments left 0 / length 4 -> MN drop_rh2_malformed
#   5. RH2 whose address is not a home address of MN -> MN drop_rh2_not_hoa
#   6. none of them was answered (captures on CN and MN)
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/ipmob_lib.bash"

require_root
require_cmd ip tshark dumpcap
ipmob_load

ktap_header
ktap_plan 6
topo_mip6
T=$(test_tmpdir)
ipmob_n "$CN" binding add hoa $HOA coa $COA mode ro dev mob0
ipmob_n "$MN" binding add hoa $HOA coa $COA peer $CN_ADDR mode ro dev mob0

cap_start "$CN" eth0 "$T/cn.pcap"
c0=$(stat_get "$CN" drop_hao_malformed)
m0=$(stat_get "$MN" drop_rh2_malformed)
n0=$(stat_get "$MN" drop_rh2_not_hoa)
ns_exec "$R" /usr/bin/python3 - "$CN_ADDR" "$HOA" "$COA" <<'PY'
import sys
from scapy.all import (IPv6, IPv6ExtHdrDestOpt, IPv6ExtHdrRouting, HAO, PadN,
                       ICMPv6EchoRequest, Raw, send, conf)
conf.verb = 0
cn, hoa, coa = sys.argv[1:4]
e = lambda i: ICMPv6EchoRequest(id=i, seq=1)
# 1. HAO option length 8 (truncated address)
# (raw Destination Options header: next header 58, length 1 = 16 octets)
bad = bytes([58, 1, 201, 8]) + bytes(8) + bytes([1, 2, 0, 0])
send(IPv6(src=coa, dst=cn, nh=60) / Raw(bad) / e(1))
# 2. two HAOs
send(IPv6(src=coa, dst=cn) / IPv6ExtHdrDestOpt(options=[HAO(hoa=hoa), HAO(hoa=hoa)]) / e(2))
# 3. multicast home address
send(IPv6(src=coa, dst=cn) / IPv6ExtHdrDestOpt(options=[HAO(hoa="ff02::1")]) / e(3))
# 4. RH2 with segments left 0, and one with length 4
send(IPv6(src=cn, dst=coa) / IPv6ExtHdrRouting(type=2, segleft=0, addresses=[hoa]) / e(4))
send(IPv6(src=cn, dst=coa) / IPv6ExtHdrRouting(type=2, segleft=1, addresses=[hoa, hoa]) / e(5))
# 5. RH2 with an address that is not MN's home address
send(IPv6(src=cn, dst=coa) / IPv6ExtHdrRouting(type=2, segleft=1, addresses=["2001:db8:1::999"]) / e(6))
PY
sleep 1
cap_stop
c1=$(stat_get "$CN" drop_hao_malformed)
m1=$(stat_get "$MN" drop_rh2_malformed)
n1=$(stat_get "$MN" drop_rh2_not_hoa)
ktap_print_msg "CN drop_hao_malformed $c0 -> $c1; MN drop_rh2_malformed $m0 -> $m1, drop_rh2_not_hoa $n0 -> $n1"
ktap_result $([ $((c1 - c0)) -ge 1 ]; echo $?) "HAO with a bad length dropped and counted"
ktap_result $([ $((c1 - c0)) -ge 2 ]; echo $?) "two HAOs dropped and counted"
ktap_result $([ $((c1 - c0)) -eq 3 ]; echo $?) "multicast home address dropped and counted"
ktap_result $([ $((m1 - m0)) -eq 2 ]; echo $?) "RH2 with bad segments left / length dropped and counted"
ktap_result $([ $((n1 - n0)) -eq 1 ]; echo $?) "RH2 for an address that is not a home address dropped"
replies=$(decode "$T/cn.pcap" "icmpv6.type == 129" ipv6.src | wc -l)
ktap_result $([ "$replies" -eq 0 ]; echo $?) "no echo reply to any of them"
ktap_finish
