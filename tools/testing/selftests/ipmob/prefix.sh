#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# prefix.sh: prefix bindings and source lookup, the data plane of a moving
# network (RFC 3963): the home agent tunnels every destination inside a
# mobile network prefix to the router's care-of address (longest match,
# no route per prefix), and the mobile router sends what its hosts send
# from that prefix back through the tunnel.
#
#   CN ---- R ---- HA (mob0: 2001:db8:5::/64 -> CoA; 2001:db8:5::20 -> CoA2)
#           |
#           MN = mobile router (mob0: 2001:db8:5::/64, peer HA), forwarding
#           | lan0 2001:db8:5::1/64
#           H (host, 2001:db8:5::10, plain IPv6, default via MN)
#
#   1. CN pings the host behind the router, and the host answers
#   2. a TCP transfer CN -> host arrives intact
#   3. tshark between R and MN: both directions are IPv6-in-IPv6 between
#      HA and the care-of address, nothing of CN <-> host in clear
#   4. a destination outside the prefix is not tunnelled (tx_tunnel flat)
#   5. the longest match wins: an exact binding inside the prefix sends
#      its address to its own care-of address
#   6. "binding show -j" lists the prefix; a prefix with host bits and a
#      care-of address inside the prefix are refused
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/ipmob_lib.bash"

require_root
require_cmd ip ping nc tshark dumpcap cmp
ipmob_load

ktap_header
ktap_plan 6
topo_mip6
T=$(test_tmpdir)
MNP=2001:db8:5::
H_ADDR=2001:db8:5::10
H=$(ns_name h)
ns_create "$H"
veth_pair "$MN" lan0 "$H" eth0
ip -n "$MN" -6 addr add 2001:db8:5::1/64 dev lan0 nodad
ip -n "$H" -6 addr add $H_ADDR/64 dev eth0 nodad
ip -n "$H" -6 route add default via 2001:db8:5::1
ns_forwarding "$MN" 1
ip -n "$R" -6 route add 2001:db8:5::/64 via 2001:db8:f0::2
ip -n "$R" -6 route add 2001:db8:6::/64 via 2001:db8:f0::2

ipmob_n "$HA" binding add hoa $MNP/64 coa $COA local $HA_ADDR dev mob0
ipmob_n "$MN" binding add hoa $MNP/64 coa $COA peer $HA_ADDR dev mob0

cap_start "$R" mn0 "$T/mn.pcap"
ktap_check "CN pings a host behind the mobile router" \
	ns_exec "$CN" ping -6 -c 3 -i 0.2 -W 2 $H_ADDR

ktap_result $(tcp_transfer "$CN" "$H" $H_ADDR 5003 1000000; echo $?) \
	"TCP transfer CN -> host arrives intact"
sleep 1
cap_stop
tun_req=$(decode "$T/mn.pcap" "icmpv6.type == 128 && ipv6.nxt == 41" ipv6.src | wc -l)
tun_rep=$(decode "$T/mn.pcap" "icmpv6.type == 129 && ipv6.nxt == 41" ipv6.src | wc -l)
clear=$(decode "$T/mn.pcap" "(ipv6.src == $H_ADDR || ipv6.dst == $H_ADDR) && !(ipv6.nxt == 41)" ipv6.src | wc -l)
outer=$(decode "$T/mn.pcap" "icmpv6.type == 129 && ipv6.nxt == 41" ipv6.src ipv6.dst | head -n 1)
ktap_print_msg "tunnelled: $tun_req requests, $tun_rep replies ($outer); in clear: $clear"
ktap_result $([ "$tun_req" -ge 3 ] && [ "$tun_rep" -ge 3 ] && [ "$clear" -eq 0 ] &&
	[ "${outer%%|*}" = "$COA,$H_ADDR" ]; echo $?) \
	"both directions tunnelled between HA and the care-of address (tshark)"

t0=$(stat_get "$HA" tx_tunnel)
ns_exec "$CN" ping -6 -c 2 -i 0.2 -W 1 2001:db8:6::10 >/dev/null 2>&1 || true
t1=$(stat_get "$HA" tx_tunnel)
ktap_print_msg "HA tx_tunnel $t0 -> $t1 for a destination outside the prefix"
ktap_result $([ "$t1" -eq "$t0" ]; echo $?) "a destination outside the prefix is not tunnelled"

ipmob_n "$HA" binding add hoa 2001:db8:5::20 coa $COA2 local $HA_ADDR dev mob0
cap_start "$HA" eth0 "$T/ha.pcap"
ns_exec "$CN" ping -6 -c 2 -i 0.2 -W 1 2001:db8:5::20 >/dev/null 2>&1 || true
ns_exec "$CN" ping -6 -c 2 -i 0.2 -W 1 $H_ADDR >/dev/null 2>&1 || true
sleep 1
cap_stop
to20=$(decode "$T/ha.pcap" "ipv6.nxt == 41 && ipv6.dst == 2001:db8:5::20" ipv6.dst | head -n 1)
to10=$(decode "$T/ha.pcap" "ipv6.nxt == 41 && ipv6.dst == $H_ADDR" ipv6.dst | head -n 1)
ktap_print_msg "to ::20 outer/inner dst: $to20; to ::10: $to10"
ktap_result $([ "$to20" = "$COA2,2001:db8:5::20" ] && [ "$to10" = "$COA,$H_ADDR" ]; echo $?) \
	"the longest match wins"

js=$(ipmob_n "$HA" -j binding show hoa $MNP/64)
ktap_print_msg "$js"
rc1=0 rc2=0
e1=$(ipmob_n "$HA" binding add hoa 2001:db8:7::/48 coa $COA dev mob0 2>&1) || rc1=$?
e2=$(ipmob_n "$HA" binding add hoa 2001:db8:2::/64 coa $COA dev mob0 2>&1) || rc2=$?
ktap_print_msg "$e1" "$e2"
ok=1
grep -q '"prefix_len":64' <<<"$js" && grep -q "\"hoa\":\"$MNP\"" <<<"$js" || ok=0
[ "$rc1" -eq 0 ] || ok=0	# a /48 without host bits is fine
ipmob_n "$HA" binding del hoa 2001:db8:7::/48 dev mob0 || ok=0
[ "$rc2" -eq 2 ] && grep -q "care-of address inside the home prefix" <<<"$e2" || ok=0
rc3=0
e3=$(ipmob_n "$HA" binding add hoa 2001:db8:7::1/48 coa $COA dev mob0 2>&1) || rc3=$?
ktap_print_msg "$e3"
[ "$rc3" -eq 1 ] && grep -q "host bits" <<<"$e3" || ok=0
ktap_result $([ "$ok" -eq 1 ]; echo $?) \
	"the dump lists the prefix; host bits and a care-of address inside it refused"
ktap_finish
