#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# nesting.sh: bindings that point at each other cannot make a packet
# recurse through the output path: at most IPMOB_MAX_NEST (2)
# encapsulations per packet, then a drop counted as drop_nested.
#
#   CN ---- R ---- HA (mob0)   HoA1 -> care-of HoA2, HoA2 -> care-of HoA1
#
#   1. CN's pings to HoA1 are not delivered (and nothing hangs)
#   2. each cost exactly 2 encapsulations (tx_tunnel) and one drop_nested
#   3. no other drop reason moved (no drop_nomem, no drop_loop)
#   4. nothing left HA toward R (the loop stays inside HA)
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/ipmob_lib.bash"

require_root
require_cmd ip ping tshark dumpcap
ipmob_load

ktap_header
ktap_plan 4
topo_mip6
T=$(test_tmpdir)
HOA1=2001:db8:1::101 HOA2=2001:db8:1::102
ipmob_n "$HA" binding add hoa $HOA1 coa $HOA2 local $HA_ADDR dev mob0
ipmob_n "$HA" binding add hoa $HOA2 coa $HOA1 local $HA_ADDR dev mob0

t0=$(stat_get "$HA" tx_tunnel) n0=$(stat_get "$HA" drop_nested)
o0=$(( $(stat_get "$HA" drop_nomem) + $(stat_get "$HA" drop_loop) ))
cap_start "$HA" eth0 "$T/ha.pcap"
if ns_exec "$CN" timeout 20 ping -6 -c 5 -i 0.2 -W 1 $HOA1 >/dev/null 2>&1; then
	ktap_fail "pings to a binding loop are not delivered"
else
	ktap_ok "pings to a binding loop are not delivered"
fi
cap_stop
t1=$(stat_get "$HA" tx_tunnel) n1=$(stat_get "$HA" drop_nested)
o1=$(( $(stat_get "$HA" drop_nomem) + $(stat_get "$HA" drop_loop) ))
ktap_print_msg "tx_tunnel $t0 -> $t1, drop_nested $n0 -> $n1, drop_nomem+drop_loop $o0 -> $o1"
ktap_result $([ $((t1 - t0)) -eq 10 ] && [ $((n1 - n0)) -eq 5 ]; echo $?) \
	"5 pings: 10 encapsulations, 5 drop_nested"
ktap_result $([ "$o1" -eq "$o0" ]; echo $?) "no other drop reason"
out=$(decode "$T/ha.pcap" "ipv6.src == $HA_ADDR" ipv6.dst | sort | uniq -c)
ktap_print_msg "from HA toward R: ${out:-nothing}"
ktap_result $([ -z "$out" ]; echo $?) "nothing leaves HA"
ktap_finish
