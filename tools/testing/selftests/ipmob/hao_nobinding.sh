#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# hao_nobinding.sh: a Home Address option for which the correspondent has
# no binding is dropped, counted, and reported to the daemon on the
# "events" multicast group so it can send a Binding Error, status 1
# (RFC 6275 9.3.1, 9.3.3). A Binding Update with a Home Address option is
# let through (it is what creates the binding).
#
#   CN (ipmob device, no binding; "ipmob monitor -j") ---- R (scapy)
#
#   1. CN answers no echo for the HAO packet (capture on CN)
#   2. drop_hao_no_binding counted exactly
#   3. the monitor printed berr_needed with src = CoA, hoa = HoA, status 1
#   4. a BU carrying a HAO is delivered with the home address as source
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/ipmob_lib.bash"

require_root
require_cmd ip tshark dumpcap
ipmob_load

ktap_header
ktap_plan 4
topo_mip6
T=$(test_tmpdir)

ipmob_n "$CN" -j monitor >"$T/mon" 2>&1 &
_IPMOB_BG_PIDS+=("$!")
sleep 1
cap_start "$CN" eth0 "$T/cn.pcap"
before=$(stat_get "$CN" drop_hao_no_binding)
ns_exec "$R" /usr/bin/python3 - "$CN_ADDR" "$HOA" "$COA" <<'PY'
import sys
from scapy.all import IPv6, IPv6ExtHdrDestOpt, HAO, ICMPv6EchoRequest, send, conf
conf.verb = 0
cn, hoa, coa = sys.argv[1:4]
send(IPv6(src=coa, dst=cn) / IPv6ExtHdrDestOpt(options=[HAO(hoa=hoa)]) /
     ICMPv6EchoRequest(id=9, seq=1), count=2)
PY
# A raw socket on CN for MH sees the BU; its source must be the HoA.
ns_exec "$CN" /usr/bin/python3 - "$HOA" >"$T/bu" 2>&1 <<'PY' &
import socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, 135)
s.settimeout(20)
data, addr = s.recvfrom(2048)
print(addr[0], data[2])
PY
BU=$!
sleep 1
ns_exec "$R" /usr/bin/python3 - "$CN_ADDR" "$HOA" "$COA" <<'PY'
import sys
from scapy.all import IPv6, IPv6ExtHdrDestOpt, HAO, send, conf
from scapy.layers.inet6 import MIP6MH_BU
conf.verb = 0
cn, hoa, coa = sys.argv[1:4]
send(IPv6(src=coa, dst=cn) / IPv6ExtHdrDestOpt(options=[HAO(hoa=hoa)]) /
     MIP6MH_BU(seq=1, flags=0, mhtime=10))
PY
wait $BU || true
sleep 0.5
cap_stop
after=$(stat_get "$CN" drop_hao_no_binding)

replies=$(decode "$T/cn.pcap" "icmpv6.type == 129" ipv6.dst | wc -l)
ktap_result $([ "$replies" -eq 0 ]; echo $?) "no echo reply for a HAO without binding"
ktap_print_msg "drop_hao_no_binding $before -> $after"
ktap_result $([ $((after - before)) -eq 2 ]; echo $?) "drop_hao_no_binding counted"
ktap_print_msg "$(cat "$T/mon")"
if grep "berr_needed" "$T/mon" | grep "\"src\":\"$COA\"" | grep "\"hoa\":\"$HOA\"" | grep -q '"status":1'; then
	ktap_ok "berr_needed notification with CoA, HoA and status 1"
else
	ktap_fail "berr_needed notification with CoA, HoA and status 1"
fi
ktap_print_msg "BU receiver: $(cat "$T/bu")"
ktap_result $(grep -q "^$HOA 5" "$T/bu"; echo $?) "Binding Update with HAO delivered from the home address"
ktap_finish
