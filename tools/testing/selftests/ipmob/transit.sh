#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# transit.sh: a router running ipmob leaves the mobility headers of
# packets that are not addressed to it alone (RFC 8200 4: only the node a
# header is addressed to examines it). R forwards between CN and MN and
# has its own ipmob device (so its hooks run); CN and MN use route
# optimisation through it.
#
#   CN (cache: HoA -> CoA, ro) ---- R (mob0, forwarding) ---- HA (link down)
#                                   |
#                                   MN (binding: HoA, peer CN, ro)
#
#   1. CN pings the home address, route-optimised, through R
#   2. tshark on R's MN side: the RH2 (segments left 1, HoA) and the HAO
#      (HoA) cross R unchanged
#   3. R counted nothing: no RH2/HAO processed, none dropped
#   4. a malformed RH2 (segments left 0) for MN crosses R too; MN, the
#      node it is addressed to, drops and counts it
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
ip -n "$R" link set ha0 down		# no path through the home agent
ip -n "$R" link add mob0 type ipmob
ip -n "$R" link set mob0 up

ipmob_n "$CN" binding add hoa $HOA coa $COA mode ro dev mob0
ipmob_n "$MN" binding add hoa $HOA coa $COA peer $CN_ADDR mode ro dev mob0

r_counters() {
	local s
	for s in rx_rh2 rx_hao drop_rh2_malformed drop_rh2_not_hoa \
		 drop_hao_no_binding drop_hao_bad_coa drop_hao_malformed; do
		printf '%s=%s ' "$s" "$(stat_get "$R" "$s")"
	done
}
r0=$(r_counters)
cap_start "$R" mn0 "$T/mn.pcap"
ktap_check "CN pings the home address through an ipmob router" \
	ns_exec "$CN" ping -6 -c 3 -i 0.2 -W 2 $HOA
m0=$(stat_get "$MN" drop_rh2_malformed)
ns_exec "$CN" /usr/bin/python3 - "$COA" "$HOA" <<'PY'
import sys
from scapy.all import IPv6, IPv6ExtHdrRouting, ICMPv6EchoRequest, send, conf
conf.verb = 0
coa, hoa = sys.argv[1:3]
send(IPv6(dst=coa) / IPv6ExtHdrRouting(type=2, segleft=0, addresses=[hoa]) /
     ICMPv6EchoRequest(id=77, seq=1))
PY
wait_for "[ \$(stat_get \"\$MN\" drop_rh2_malformed) -gt $m0 ]" 5 || true
cap_stop
r1=$(r_counters)
m1=$(stat_get "$MN" drop_rh2_malformed)

req=$(decode "$T/mn.pcap" "icmpv6.type == 128 && icmpv6.echo.identifier != 77" \
	ipv6.dst ipv6.routing.type ipv6.routing.segleft ipv6.routing.mipv6.home_address | head -n 1)
rep=$(decode "$T/mn.pcap" "icmpv6.type == 129" ipv6.src ipv6.opt.mipv6.home_address | head -n 1)
ktap_print_msg "on R's MN side: request $req, reply $rep"
ktap_result $([ "$req" = "$COA|2|1|$HOA" ] && [ "$rep" = "$COA|$HOA" ]; echo $?) \
	"RH2 and HAO cross R unchanged (tshark)"
ktap_print_msg "R before: $r0" "R after:  $r1"
ktap_result $([ "$r0" = "$r1" ] && ! grep -q '=[1-9]' <<<"$r1"; echo $?) \
	"R processed and dropped none of them"
bad=$(decode "$T/mn.pcap" "icmpv6.echo.identifier == 77" ipv6.routing.segleft)
ktap_print_msg "MN drop_rh2_malformed $m0 -> $m1; malformed RH2 on R's MN side: segleft '$bad'"
ktap_result $([ "$bad" = 0 ] && [ "$m1" -eq $((m0 + 1)) ]; echo $?) \
	"a malformed RH2 crosses R and is dropped by MN, its destination"
ktap_finish
