#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# ipv4.sh: IPv4 keys and the IP-in-IP encapsulations of the family with
# static bindings: IPv4 in IPv4 (RFC 2003, Mobile IPv4), IPv4 in IPv6 and
# IPv6 in IPv4 (DSMIPv6, RFC 5555 4.2 / 4.3, RFC 4213). Ping and a TCP
# transfer through each, the wire decoded by tshark; an IPv4 home prefix;
# the outer source check; IPv4 path MTU through the tunnel.
#
#   CN ---- R ---- HA (binding cache)          IPv4 and IPv6 on every link
#           |                                  (drawing: ipmob_lib.bash,
#           MN  CoA 10.0.2.100 / 2001:db8:2::100,   topo_mip6 and topo_ipv4)
#               HoA 10.0.1.100 / 2001:db8:1::100 on mob0
#
#   1. no binding: the IPv4 home address is unreachable (control)
#   2. ipip: CN pings the IPv4 home address, MN pings CN from it
#   3. ipip: 1 MB TCP transfer MN(HoA) -> CN intact
#   4. ipip on the wire: outer HA -> CoA proto 4 carrying CN -> HoA, reverse
#   5. ip4ip6: ping and TCP, IPv4 home address over the IPv6 care-of
#   6. ip4ip6 on the wire: IPv6 next header 4 carrying IPv4
#   7. ip6ip4: ping and TCP, IPv6 home address over the IPv4 care-of
#   8. ip6ip4 on the wire: IPv4 protocol 41 carrying IPv6
#   9. an IPv4 home prefix forwards every destination in it and none outside
#  10. a tunnelled IPv4 packet from an unregistered outer source is dropped
#      and counted (scapy)
#  11. an IPv4 packet with DF too big for the tunnel gets Fragmentation
#      Needed with the tunnel MTU; without DF it gets through
#  12. bad IPv4 bindings are refused with one line (CLI or kernel)
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/ipmob_lib.bash"

require_root
require_cmd ip ping nc tshark dumpcap cmp
ipmob_load

ktap_header
ktap_plan 12
FOREIGN_MTU=1400 topo_mip6
topo_ipv4
T=$(test_tmpdir)

if ns_exec "$CN" ping -4 -c 1 -W 1 $HOA4 >/dev/null 2>&1; then
	ktap_fail "IPv4 home address unreachable without a binding"
else
	ktap_ok "IPv4 home address unreachable without a binding"
fi

# bindings PAIR: install the HA's and the MN's binding of one combination
bindings() {
	ipmob_n "$HA" binding flush
	ipmob_n "$MN" binding flush
	case $1 in
	ipip)
		ipmob_n "$HA" binding add hoa $HOA4 coa $COA4 encap ipip local $HA4 dev mob0
		ipmob_n "$MN" binding add hoa $HOA4 coa $COA4 encap ipip peer $HA4 dev mob0 ;;
	ip4ip6)
		ipmob_n "$HA" binding add hoa $HOA4 coa $COA encap ip4ip6 local $HA_ADDR dev mob0
		ipmob_n "$MN" binding add hoa $HOA4 coa $COA encap ip4ip6 peer $HA_ADDR dev mob0 ;;
	ip6ip4)
		ipmob_n "$HA" binding add hoa $HOA coa $COA4 encap ip6ip4 local $HA4 dev mob0
		ipmob_n "$MN" binding add hoa $HOA coa $COA4 encap ip6ip4 peer $HA4 dev mob0 ;;
	esac
}

# 2-4: IPv4 in IPv4
bindings ipip
ktap_print_msg "$(ipmob_n "$HA" binding show)"
cap_start "$R" mn0 "$T/ipip.pcap"
ok=1
ns_exec "$CN" ping -4 -c 3 -i 0.2 -W 2 $HOA4 >/dev/null || ok=0
ns_exec "$MN" ping -4 -c 3 -i 0.2 -W 2 -I $HOA4 $CN4 >/dev/null || ok=0
ktap_result $([ $ok -eq 1 ]; echo $?) "ipip: CN <-> IPv4 home address ping both ways"
ktap_result $(tcp_transfer "$MN" "$CN" $CN4 5001 1000000 $HOA4; echo $?) \
	"ipip: TCP transfer from the IPv4 home address arrives intact"
cap_stop
req=$(decode "$T/ipip.pcap" "icmp.type == 8 && ip.dst == $HOA4" ip.src ip.dst ip.proto | head -n 1)
rep=$(decode "$T/ipip.pcap" "icmp.type == 0 && ip.src == $HOA4" ip.src ip.dst ip.proto | head -n 1)
ktap_print_msg "request: $req" "reply: $rep"
ktap_result $([ "$req" = "$HA4,$CN4|$COA4,$HOA4|4,1" ] &&
	[ "$rep" = "$COA4,$HOA4|$HA4,$CN4|4,1" ]; echo $?) \
	"tshark: IPv4-in-IPv4 HA<->CoA carrying CN<->HoA"

# 5-6: IPv4 in IPv6
bindings ip4ip6
cap_start "$R" mn0 "$T/46.pcap"
ok=1
ns_exec "$CN" ping -4 -c 3 -i 0.2 -W 2 $HOA4 >/dev/null || ok=0
ns_exec "$MN" ping -4 -c 3 -i 0.2 -W 2 -I $HOA4 $CN4 >/dev/null || ok=0
tcp_transfer "$CN" "$MN" $HOA4 5002 500000 || ok=0
ktap_result $([ $ok -eq 1 ]; echo $?) "ip4ip6: ping both ways and TCP to the IPv4 home address over the IPv6 care-of address"
cap_stop
req=$(decode "$T/46.pcap" "icmp.type == 8 && ip.dst == $HOA4" ipv6.src ipv6.dst ipv6.nxt ip.src ip.dst | head -n 1)
ktap_print_msg "request: $req"
ktap_result $([ "$req" = "$HA_ADDR|$COA|4|$CN4|$HOA4" ]; echo $?) \
	"tshark: IPv4-in-IPv6 HA->CoA carrying CN->HoA"

# 7-8: IPv6 in IPv4
bindings ip6ip4
cap_start "$R" mn0 "$T/64.pcap"
ok=1
ns_exec "$CN" ping -6 -c 3 -i 0.2 -W 2 $HOA >/dev/null || ok=0
ns_exec "$MN" ping -6 -c 3 -i 0.2 -W 2 -I $HOA $CN_ADDR >/dev/null || ok=0
tcp_transfer "$MN" "$CN" $CN_ADDR 5003 500000 $HOA || ok=0
ktap_result $([ $ok -eq 1 ]; echo $?) "ip6ip4: ping both ways and TCP from the IPv6 home address over the IPv4 care-of address"
cap_stop
rep=$(decode "$T/64.pcap" "icmpv6.type == 129 && ipv6.src == $HOA" ip.src ip.dst ip.proto ipv6.src ipv6.dst | head -n 1)
ktap_print_msg "reply: $rep"
ktap_result $([ "$rep" = "$COA4|$HA4|41|$HOA|$CN_ADDR" ]; echo $?) \
	"tshark: IPv6-in-IPv4 CoA->HA carrying HoA->CN"

# 9: an IPv4 home prefix (NEMOv4-like) at the home agent
ipmob_n "$HA" binding flush
ipmob_n "$MN" binding flush
ipmob_n "$HA" binding add hoa 10.0.1.128/25 coa $COA4 local $HA4 dev mob0
t0=$(stat_get "$HA" tx_tunnel)
ns_exec "$CN" ping -4 -c 2 -i 0.2 -W 1 10.0.1.200 >/dev/null 2>&1 || true
t1=$(stat_get "$HA" tx_tunnel)
ns_exec "$CN" ping -4 -c 2 -i 0.2 -W 1 10.0.1.50 >/dev/null 2>&1 || true
t2=$(stat_get "$HA" tx_tunnel)
ktap_print_msg "tx_tunnel $t0 -> $t1 (inside the prefix) -> $t2 (outside)"
ktap_result $([ $((t1 - t0)) -eq 2 ] && [ "$t2" -eq "$t1" ]; echo $?) \
	"IPv4 home prefix: every destination inside tunnelled, none outside"

# 10: spoofed outer source at the home agent
bindings ipip
b0=$(stat_get "$HA" drop_bad_outer_src)
ns_exec "$R" /usr/bin/python3 - "$HA4" "$HOA4" "$CN4" <<'PY'
import sys
from scapy.all import IP, ICMP, send, conf
conf.verb = 0
ha, hoa, cn = sys.argv[1:4]
send(IP(src="10.0.2.99", dst=ha) / IP(src=hoa, dst=cn) / ICMP(), count=3)
PY
b1=$(stat_get "$HA" drop_bad_outer_src)
ktap_print_msg "HA drop_bad_outer_src $b0 -> $b1"
ktap_result $([ $((b1 - b0)) -eq 3 ]; echo $?) \
	"IPv4 tunnel packet from an unregistered outer source dropped and counted"

# 11: path MTU. The foreign link's MTU is 1400: an inner packet of 1400
# with DF does not fit; R tells HA (Fragmentation Needed about the outer
# packet), HA tells CN the tunnel MTU (1380). Without DF it gets through,
# in a fragmented outer packet.
# (CN learnt a path MTU toward the home address in the ip4ip6 transfer)
ip -n "$CN" route flush cache
cap_start "$CN" eth0 "$T/pmtu.pcap" "icmp"
for i in 1 2 3; do
	ns_exec "$CN" ping -4 -c 1 -W 1 -M do -s 1372 $HOA4 >/dev/null 2>&1 || true
done
cap_stop
fn=$(decode "$T/pmtu.pcap" "icmp.type == 3 && icmp.code == 4" ip.src icmp.mtu | tail -n 1)
ok=0
ns_exec "$CN" ping -4 -c 2 -W 2 -M dont -s 1372 $HOA4 >/dev/null && ok=1
ktap_print_msg "Fragmentation Needed at CN: $fn; HA rx_ptb=$(stat_get "$HA" rx_ptb) tx_ptb=$(stat_get "$HA" tx_ptb); without DF ok=$ok"
ktap_result $([[ "$fn" == *"|1380" ]] && [ $ok -eq 1 ]; echo $?) \
	"IPv4 with DF gets Fragmentation Needed with the tunnel MTU; without DF it gets through"

# 12: refused
bad=0
bindings_refused "$HA" "hoa $HOA4 coa $COA encap ipip" "hoa 10.0.1.0/33 coa $COA4" \
	"hoa 10.0.1.1/24 coa $COA4" "hoa $HOA4 coa $COA4 mode ro peer $CN_ADDR" \
	"hoa $HOA4 coa $COA peer $HA4" || bad=1
ktap_result $bad "bad IPv4 bindings refused with one line each"
ktap_finish
