#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# tunnel.sh: bidirectional tunnelling through the home agent (RFC 6275
# 10.4.1 / 11.3.1) with static bindings: ping and a TCP transfer between a
# correspondent and the mobile node's home address, the wire checked by
# tshark, and the counters.
#
#   CN ---- R ---- HA (home agent, binding HoA -> CoA, tunnel)
#           |
#           MN  CoA 2001:db8:2::100, HoA 2001:db8:1::100 on mob0
#   (full drawing: ipmob_lib.bash, topo_mip6)
#
#   1. without a binding the home address is unreachable (control)
#   2. with the bindings, CN pings the home address
#   3. MN pings CN from its home address
#   4. a 2 MB TCP transfer MN(HoA) -> CN arrives intact
#   5. tshark on R's link to MN: outer HA->CoA / inner CN->HoA and the reverse
#   6. counters: HA tx_tunnel and rx_decap grew; binding show lists the binding
#   7. an outer route pointing back into the device is refused (drop_loop),
#      not recursed into
#   8. a home agent with forwarding off does not relay (it is a router)
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/ipmob_lib.bash"

require_root
require_cmd ip ping nc tshark dumpcap cmp
ipmob_load

ktap_header
ktap_plan 9
topo_mip6
T=$(test_tmpdir)

if ns_exec "$CN" ping -6 -c 1 -W 1 $HOA >/dev/null 2>&1; then
	ktap_fail "home address unreachable without a binding"
else
	ktap_ok "home address unreachable without a binding"
fi

topo_tunnel
cap_start "$R" mn0 "$T/mn0.pcap"

ktap_check "CN pings the home address through the tunnel" \
	ns_exec "$CN" ping -6 -c 3 -i 0.2 -W 2 $HOA
ktap_check "MN pings CN from its home address" \
	ns_exec "$MN" ping -6 -c 3 -i 0.2 -W 2 -I $HOA $CN_ADDR

ktap_result $(tcp_transfer "$MN" "$CN" $CN_ADDR 5001 2000000 $HOA; echo $?) \
	"TCP transfer from the home address arrives intact"
cap_stop

# Outer and inner headers of the echo request CN -> HoA and of the reply.
req=$(decode "$T/mn0.pcap" "icmpv6.type == 128 && ipv6.src == $CN_ADDR" ipv6.src ipv6.dst | head -n 1)
rep=$(decode "$T/mn0.pcap" "icmpv6.type == 129 && ipv6.src == $HOA" ipv6.src ipv6.dst | head -n 1)
ktap_print_msg "request: $req" "reply: $rep"
if [ "$req" = "$HA_ADDR,$CN_ADDR|$COA,$HOA" ] &&
   [ "$rep" = "$COA,$HOA|$HA_ADDR,$CN_ADDR" ]; then
	ktap_ok "tshark: IPv6-in-IPv6 HA<->CoA carrying CN<->HoA"
else
	ktap_fail "tshark: IPv6-in-IPv6 HA<->CoA carrying CN<->HoA"
fi

tx=$(stat_get "$HA" tx_tunnel)
rx=$(stat_get "$HA" rx_decap)
ktap_print_msg "HA tx_tunnel=$tx rx_decap=$rx"
if [ "$tx" -ge 3 ] && [ "$rx" -ge 3 ]; then
	ktap_ok "home agent counters"
else
	ktap_fail "home agent counters"
fi

show=$(ipmob_n "$HA" binding show)
ktap_print_msg "$show"
if grep -q "hoa $HOA coa $COA" <<<"$show"; then
	ktap_ok "binding show lists the binding"
else
	ktap_fail "binding show lists the binding"
fi

# Misconfiguration: the route to the home agent points into mob0.
l0=$(stat_get "$MN" drop_loop)
ip -n "$MN" -6 route add $HA_ADDR/128 dev mob0
ns_exec "$MN" ping -6 -c 2 -i 0.2 -W 1 -I $HOA $CN_ADDR >/dev/null 2>&1 || true
ip -n "$MN" -6 route del $HA_ADDR/128 dev mob0
l1=$(stat_get "$MN" drop_loop)
ktap_print_msg "MN drop_loop $l0 -> $l1"
if [ $((l1 - l0)) -ge 2 ] && ns_exec "$MN" ping -6 -c 1 -W 2 -I $HOA $CN_ADDR >/dev/null; then
	ktap_ok "outer route into the device refused and counted; traffic resumes"
else
	ktap_fail "outer route into the device refused and counted; traffic resumes"
fi

ns_forwarding "$HA" 0
t0=$(stat_get "$HA" tx_tunnel)
ns_exec "$CN" ping -6 -c 2 -i 0.2 -W 1 $HOA >/dev/null 2>&1 && fwd=1 || fwd=0
t1=$(stat_get "$HA" tx_tunnel)
ns_forwarding "$HA" 1
ktap_result $([ "$fwd" -eq 0 ] && [ "$t0" -eq "$t1" ]; echo $?) "home agent with forwarding off does not relay"
ktap_finish
