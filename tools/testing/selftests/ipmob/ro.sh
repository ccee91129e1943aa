#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# ro.sh: route optimisation with static bindings (RFC 6275 6.3, 6.4, 9.3,
# 11.3): the correspondent sends to the care-of address with a type 2
# routing header carrying the home address, the mobile node answers from
# its care-of address with a Home Address option. Ping and TCP, both
# directions decoded by tshark. The home agent is not involved (its link
# is cut to prove it).
#
#   CN (binding cache: HoA -> CoA, ro) ---- R ---- HA (link down)
#                                           |
#                                           MN (binding: HoA, peer CN, ro)
#   (full drawing: ipmob_lib.bash, topo_mip6)
#
#   1. CN pings the home address, route-optimised
#   2. a 2 MB TCP transfer CN -> MN(HoA) arrives intact
#   3. tshark: CN->CoA with RH2 = HoA; CoA->CN with HAO = HoA
#   4. counters: CN tx_ro_rh2/rx_hao, MN tx_ro_hao/rx_rh2
#   5. a Home Address option whose source is not the registered CoA is
#      dropped and counted at CN
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/ipmob_lib.bash"

require_root
require_cmd ip ping nc tshark dumpcap cmp
ipmob_load

ktap_header
ktap_plan 5
topo_mip6
T=$(test_tmpdir)
ip -n "$R" link set ha0 down		# no path through the home agent

ipmob_n "$CN" binding add hoa $HOA coa $COA mode ro dev mob0
ipmob_n "$MN" binding add hoa $HOA coa $COA peer $CN_ADDR mode ro dev mob0

cap_start "$R" mn0 "$T/ro.pcap"
ktap_check "CN pings the home address, route-optimised" \
	ns_exec "$CN" ping -6 -c 3 -i 0.2 -W 2 $HOA

ktap_result $(tcp_transfer "$CN" "$MN" $HOA 5002 2000000; echo $?) \
	"TCP transfer CN -> home address arrives intact"
cap_stop

req=$(decode "$T/ro.pcap" "icmpv6.type == 128" ipv6.src ipv6.dst ipv6.routing.type ipv6.routing.segleft ipv6.routing.mipv6.home_address | head -n 1)
rep=$(decode "$T/ro.pcap" "icmpv6.type == 129" ipv6.src ipv6.dst ipv6.opt.type ipv6.opt.mipv6.home_address | head -n 1)
ktap_print_msg "request: $req" "reply: $rep"
if [ "$req" = "$CN_ADDR|$COA|2|1|$HOA" ] &&
   [[ "$rep" == "$COA|$CN_ADDR|"*"0xc9|$HOA" ]]; then
	ktap_ok "tshark: RH2 toward the CoA, Home Address option back"
else
	ktap_fail "tshark: RH2 toward the CoA, Home Address option back"
fi

c_rh2=$(stat_get "$CN" tx_ro_rh2) c_hao=$(stat_get "$CN" rx_hao)
m_hao=$(stat_get "$MN" tx_ro_hao) m_rh2=$(stat_get "$MN" rx_rh2)
ktap_print_msg "CN tx_ro_rh2=$c_rh2 rx_hao=$c_hao; MN tx_ro_hao=$m_hao rx_rh2=$m_rh2"
if [ "$c_rh2" -ge 3 ] && [ "$c_hao" -ge 3 ] && [ "$m_hao" -ge 3 ] && [ "$m_rh2" -ge 3 ]; then
	ktap_ok "route optimisation counters"
else
	ktap_fail "route optimisation counters"
fi

# A spoofed HAO: right home address, wrong source (not the CoA).
before=$(stat_get "$CN" drop_hao_bad_coa)
ns_exec "$R" /usr/bin/python3 - "$CN_ADDR" "$HOA" <<'PY'
import sys
from scapy.all import IPv6, IPv6ExtHdrDestOpt, HAO, ICMPv6EchoRequest, send, conf
conf.verb = 0
cn, hoa = sys.argv[1], sys.argv[2]
p = IPv6(src="2001:db8:c::1", dst=cn) / IPv6ExtHdrDestOpt(options=[HAO(hoa=hoa)]) / ICMPv6EchoRequest(id=7, seq=1)
send(p, count=3)
PY
after=$(stat_get "$CN" drop_hao_bad_coa)
ktap_print_msg "drop_hao_bad_coa $before -> $after"
if [ $((after - before)) -eq 3 ]; then
	ktap_ok "HAO from an unregistered care-of address dropped and counted"
else
	ktap_fail "HAO from an unregistered care-of address dropped and counted"
fi
ktap_finish
