#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# dsmip.sh: Dual-Stack Mobile IPv6 (RFC 5555) with ipmobd at both ends:
# an IPv4 home address beside the IPv6 one, and an IPv4-only foreign link
# behind a NAT, where the Binding Update goes in UDP to port 4191.
#
#   CN (2001:db8:c::2, 10.0.12.2) ... R ... HA (br0: 2001:db8:1::1, 10.0.1.1;
#                                     |      up0 10.0.240.2, ipv4-address)
#                                     |f4 10.0.250.1
#                                     NR (NAT: 192.168.1.0/24 -> 10.0.250.2)
#                                     |br-n 192.168.1.1, no IPv6
#   MN: HoA 2001:db8:1::100 and 10.0.1.100; links A (eth1, IPv6) and N
#   (eth4, IPv4 only: 192.168.1.100)
#
#   1. on A the BU carries the IPv4 Home Address option, the BA its
#      acknowledgement (tshark); the home agent holds sessions for both
#      home addresses, and the correspondent pings both (IPv4 in IPv6);
#      HN on the home link reaches the IPv4 home address: the home agent
#      answers its ARP request (tx_proxy_arp, RFC 5555 4.5)
#   2. the MN moves to N: the BU goes in UDP from the NAT's address to
#      port 4191 with the IPv4 Care-of Address option (192.168.1.100), the
#      BA comes back in UDP with NAT Detection (F, refresh time) and the
#      IPv4 acknowledgement (tshark -d udp.port==4191,ipv6); the home
#      agent's care-of record is the NAT's address in UDP
#   3. on N the correspondent's pings to both home addresses and a TCP
#      stream to the IPv6 home address, begun on A, go on
#   4. the NAT forgets its mappings (conntrack -F): the node's next
#      packet makes a new one and the home agent follows it, learnt from
#      the packet (rx_udp_learn), without a Binding Update; forgotten
#      again with nobody sending from the node, the next keepalive BU
#      (the home agent's refresh time, nat-keepalive 8 s) makes one
#   5. an IPv4 home address its security association does not own is
#      refused (IPv4 acknowledgement status 130) and no IPv4 session is
#      installed; the IPv6 registration stands
#   6. the NAT goes away: the next BU finds none (NAT Detection without
#      F, refresh all ones), the tunnel is IPv6 in IPv4 (protocol 41)
#   7. force-udp on the node: F in the BU, NAT Detection with F and no
#      keepalives, the traffic in UDP although there is no NAT
# ipmob-timeout: 600
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/mip6_lib.bash"

require_root
require_cmd ip ping radvd dumpcap tshark nft conntrack
ipmob_load

HOA4=10.0.1.100
CN4=10.0.12.2
HA4=10.0.240.2
NAT=10.0.250.2

ktap_header
ktap_plan 7
topo_mobility
T=$(test_tmpdir)

# IPv4 beside IPv6: the correspondent, the home agent, R
ip -n "$CN" addr add $CN4/24 dev eth0
ip -n "$R" addr add 10.0.12.1/24 dev cn0
ip -n "$R" addr add 10.0.240.1/24 dev f0
ip -n "$HA" addr add $HA4/24 dev up0
ip -n "$HA" addr add 10.0.1.1/24 dev br0
ip -n "$HN" addr add 10.0.1.2/24 dev eth0
ip -n "$CN" route add default via 10.0.12.1
ip -n "$HA" route add default via 10.0.240.1
ip -n "$R" route add 10.0.1.0/24 via $HA4
# the NATed IPv4-only link N behind NR
NR=$(ns_name nr)
ns_create "$NR"
ns_forwarding "$NR" 1
veth_pair "$R" f4 "$NR" up0
ip -n "$R" addr add 10.0.250.1/24 dev f4
ip -n "$NR" addr add $NAT/24 dev up0
ip -n "$NR" route add default via 10.0.250.1
veth_pair "$NR" n-mn "$MN" eth4
ns_sysctl "$MN" net.ipv6.conf.eth4.disable_ipv6=1 \
	net.ipv4.conf.all.ignore_routes_with_linkdown=1
ip -n "$NR" link add br-n type bridge
ip -n "$NR" link add n-stub type dummy
ip -n "$NR" link set n-stub master br-n
ip -n "$NR" link set n-mn master br-n
ip -n "$NR" link set n-stub up
ip -n "$NR" link set br-n up
ip -n "$NR" addr add 192.168.1.1/24 dev br-n
ip -n "$MN" addr add 192.168.1.100/24 dev eth4
ip -n "$MN" route add default via 192.168.1.1 dev eth4
ip netns exec "$NR" nft -f - <<EOF
table ip nat {
	chain post {
		type nat hook postrouting priority srcnat;
		ip saddr 192.168.1.0/24 oifname "up0" masquerade random
	}
}
EOF
ip -n "$NR" link set n-mn down

wait_for "ip -n $MN -6 addr show dev eth0 scope global | grep -q 2001:db8:1:" 20 || true
mip6_ha_conf "$T/ha.conf" "ipv4-address $HA4
ipv4-home-prefix 10.0.1.0/24
nat-keepalive 8"
cat >>"$T/ha.conf" <<EOF
home-address $M_HOA
ipv4-home-address $HOA4
EOF
mip6_mn_conf "$T/mn.conf" "home-agent $M_HA
home-agent-ipv4 $HA4
ipv4-home-address $HOA4
nat-keepalive 60" "link eth0
link eth1
link eth2
link eth4"
mip6_daemon "$HA" "$T/ha.conf" "$T/ha.log"
wait_for "grep -q 'home agent on' '$T/ha.log'" 20 ||
	ktap_print_msg "HA: $(tail -n 5 "$T/ha.log")"
mip6_daemon "$MN" "$T/mn.conf" "$T/mn.log"
wait_for "grep -q 'movement: at home' '$T/mn.log'" 20 || true

# the care-of record of a home address at the home agent: "ADDR PORT"
ha_rec() {
	"$IPMOB" -n "$HA" -j binding show 2>/dev/null | /usr/bin/python3 -c '
import json, sys
for b in json.load(sys.stdin):
    if b.get("hoa") == sys.argv[1] and not b.get("peer") and b.get("coas"):
        c = b["coas"][0]
        print(c.get("addr", c.get("addr4", "")), c.get("udp_port", 0)); break' "$1"
}
# ping -c N from the correspondent to ADDR: how many replies
pings() {
	# (ping fails when one is lost: a count, not an error)
	ip netns exec "$CN" ping -c "$2" -i 0.2 -W 1 "$1" 2>/dev/null |
		sed -n 's/.* \([0-9]*\) received.*/\1/p' || true
}

# 1. registration on A with the IPv4 home address
cap_start "$HA" up0 "$T/a.pcap" "ip6 or udp port 4191"
mip6_move A
mip6_wait_registered 2001:db8:a: 30 || ktap_print_msg "no registration on A"
wait_for "ha_rec $HOA4 | grep -q 2001:db8:a:" 10 || true
sleep 0.5
cap_stop
bu=$(decode "$T/a.pcap" "mip6.mhtype == 5" mip6.ipv4ha.ha | sort -u | tr '\n' ' ')
ba=$(decode "$T/a.pcap" "mip6.mhtype == 6" mip6.ba.status mip6.ipv4aa.sts | sort -u | tr '\n' ' ')
p6=$(pings $M_HOA 5) p4=$(pings $HOA4 5)
a0=$(stat_get "$HA" tx_proxy_arp)
hn=$(ip netns exec "$HN" ping -c 3 -i 0.2 -W 1 $HOA4 2>/dev/null |
	sed -n 's/.* \([0-9]*\) received.*/\1/p')
a1=$(stat_get "$HA" tx_proxy_arp)
ktap_print_msg "BU IPv4 HoA: $bu; BA status|IPv4 ack: $ba; IPv4 session: $(ha_rec $HOA4); pings v6 $p6/5 v4 $p4/5; from the home link $hn/3 (proxy ARP replies $a0 -> $a1)"
r=0
grep -q "$HOA4" <<<"$bu" && grep -q "^0|0 \| 0|0 " <<<" $ba" || r=1
ha_rec $HOA4 | grep -q 2001:db8:a: || r=1
[ "${p6:-0}" -ge 4 ] && [ "${p4:-0}" -ge 4 ] || r=1
[ "${hn:-0}" -ge 2 ] && [ "$a1" -gt "$a0" ] || r=1
ktap_result $r "on an IPv6 link: the IPv4 home address is acknowledged (tshark), both home addresses are reachable, the home agent answers ARP for the IPv4 one"

# 2. to the IPv4-only link behind the NAT
mkdir -p "$T/tr"
mip6_traffic "$T/tr" 0.05 0.2
ns_exec "$CN" stdbuf -oL ping -4 -D -O -i 0.2 $HOA4 >"$T/ping4.log" 2>&1 &
PING4=$!
_IPMOB_BG_PIDS+=("$PING4")
sleep 2
cap_start "$HA" up0 "$T/n.pcap" "udp port 4191"
ip -n "$AR1" link set a-mn down
ip -n "$NR" link set n-mn up
MN_AT=N
wait_for "ha_rec $M_HOA | grep -q '^$NAT '" 30 || ktap_print_msg "no registration through the NAT"
sleep 1
cap_stop
bu=$(tshark -r "$T/n.pcap" -d udp.port==4191,ipv6 -Y "mip6.mhtype == 5" -T fields \
	-E separator='|' -e ip.src -e udp.dstport -e ipv6.src -e mip6.ipv4coa.addr \
	-e mip6.ipv4ha.ha 2>/dev/null | sort -u | tr '\n' ' ')
ba=$(tshark -r "$T/n.pcap" -d udp.port==4191,ipv6 -Y "mip6.mhtype == 6" -T fields \
	-E separator='|' -e ip.dst -e ipv6.dst -e mip6.ba.status -e mip6.natd.f_flag \
	-e mip6.natd.refresh_t -e mip6.ipv4aa.sts 2>/dev/null | sort -u | tr '\n' ' ')
rec=$(ha_rec $M_HOA)
ktap_print_msg "BU in UDP (outer src|dport|IPv6 src|IPv4 CoA|IPv4 HoA): $bu"
ktap_print_msg "BA in UDP (outer dst|IPv6 dst|status|NATD F|refresh|IPv4 ack): $ba"
ktap_print_msg "home agent: $M_HOA -> $rec, $HOA4 -> $(ha_rec $HOA4)"
r=0
grep -qF "$NAT|4191|$M_HOA|192.168.1.100|$HOA4" <<<"$bu" || r=1
grep -qE "$NAT\|$M_HOA\|0\|(1|True)\|8\|0" <<<"$ba" || r=1
[ "${rec%% *}" = "$NAT" ] && [ "${rec##* }" != 0 ] || r=1
ktap_result $r "on the NATed IPv4 link: BU and BA in UDP with the IPv4 care-of address, NAT detection and the IPv4 acknowledgement (tshark); the home agent tunnels to the NAT's address and port"

# 3. the traffic goes on
sleep 3
p6=$(pings $M_HOA 5) p4=$(pings $HOA4 5)
touch "$T/tr/stop"
crc=0
wait "$CLIENT" 2>/dev/null || crc=1
kill "$PING" "$PING4" 2>/dev/null || true
ktap_print_msg "pings on N: v6 $p6/5 v4 $p4/5; stream: $(tail -n 1 "$T/tr/client.log")"
if [ $crc != 0 ]; then
	ktap_print_msg "server: $(tail -n 2 "$T/tr/server.log" | tr '\n' ' ')"
	ktap_print_msg "$(drops_of "$HA" "$MN" "$NR")"
	ktap_print_msg "$(ip netns exec "$CN" ss -tin | tail -n 3 | tr '\n' ' ')"
	ktap_print_msg "$(ip netns exec "$MN" ss -tin | tail -n 3 | tr '\n' ' ')"
fi
r=0
[ "${p6:-0}" -ge 4 ] && [ "${p4:-0}" -ge 4 ] || r=1
[ $crc = 0 ] || r=1
ktap_result $r "through the NAT: both home addresses answer and the TCP stream begun on the IPv6 link survives"

# 4. the NAT forgets: the node's next packet makes a new mapping, which
# the home agent learns; then the keepalive does
l0=$(stat_get "$HA" rx_udp_learn)
b0=$(grep -c 'BU sent' "$T/mn.log")
ip netns exec "$NR" conntrack -F >/dev/null 2>&1 || true
ip netns exec "$MN" ping -c 1 -W 1 -I $HOA4 $CN4 >/dev/null 2>&1 || true
p1=$(pings $HOA4 2)
l1=$(stat_get "$HA" rx_udp_learn)
b1=$(grep -c 'BU sent' "$T/mn.log")
ip netns exec "$NR" conntrack -F >/dev/null 2>&1 || true
t0=$(date +%s)
ok=0
for _ in $(seq 1 30); do
	[ "$(pings $HOA4 1)" = 1 ] && { ok=1; break; }
done
t1=$(date +%s)
ktap_print_msg "after a flush and the node's ping: $p1/2 answered, rx_udp_learn $l0 -> $l1, BUs $b0 -> $b1; after a flush alone: answered after $((t1 - t0)) s (keepalive 8 s), record $(ha_rec $M_HOA)"
r=0
[ "${p1:-0}" -ge 1 ] && [ "$l1" -gt "$l0" ] || r=1
[ $ok = 1 ] && [ $((t1 - t0)) -le 12 ] || r=1
ktap_result $r "after conntrack -F the home agent follows the NAT's new mapping: learnt from the node's next packet, or made by the next keepalive"

# 5. an IPv4 home address that is not the association's
kill "$DPID" 2>/dev/null || true
wait_for "! kill -0 $DPID" 15 ||
	ktap_print_msg "ipmobd did not stop: $(tail -n 2 "$T/mn.log" | tr '\n' ' '); in $(cat /proc/"$DPID"/wchan 2>/dev/null): $(tr '\n' ' ' </proc/"$DPID"/stack 2>/dev/null)"
kill -9 "$DPID" 2>/dev/null || true
sed -i "s/^ipv4-home-address $HOA4/ipv4-home-address 10.0.1.200/" "$T/mn.conf"
cap_start "$HA" up0 "$T/bad.pcap" "udp port 4191"
mip6_daemon "$MN" "$T/mn.conf" "$T/mn2.log"
wait_for "grep -q 'IPv4 home address refused' '$T/mn2.log'" 20 || true
sleep 0.5
cap_stop
ack=$(tshark -r "$T/bad.pcap" -d udp.port==4191,ipv6 -Y "mip6.mhtype == 6" -T fields \
	-e mip6.ba.status -e mip6.ipv4aa.sts 2>/dev/null | sort -u | tr '\n' ' ')
s4=$("$IPMOB" -n "$HA" -j binding show | grep -c '10.0.1.200' || true)
ktap_print_msg "BA status / IPv4 ack: $ack; sessions for 10.0.1.200 at the home agent: $s4"
r=0
grep -qP "^0\t130 | 0\t130 " <<<" $ack" || r=1
[ "$s4" = 0 ] || r=1
ha_rec $M_HOA | grep -q "^$NAT " || r=1
ktap_result $r "an IPv4 home address the association does not own gets 130 and no session; the IPv6 binding stays"

# 6. the NAT goes away: no NAT is detected, the tunnel is IPv6 in IPv4
# (the capture first: the node's next keepalive may come at once)
cap_start "$HA" up0 "$T/nonat.pcap" "udp port 4191 or ip proto 41"
ip netns exec "$NR" nft delete table ip nat
ip -n "$R" route add 192.168.1.0/24 via $NAT
ip netns exec "$NR" conntrack -F >/dev/null 2>&1 || true
wait_for "ha_rec $M_HOA | grep -q '^192.168.1.100 '" 30 ||
	ktap_print_msg "no registration without the NAT: $(ha_rec $M_HOA)"
p6=$(pings $M_HOA 3)
cap_stop
ba=$(tshark -r "$T/nonat.pcap" -d udp.port==4191,ipv6 -Y "mip6.mhtype == 6" -T fields \
	-E separator='|' -e ip.dst -e mip6.natd.f_flag -e mip6.natd.refresh_t 2>/dev/null |
	sort -u | tr '\n' ' ')
p41=$(decode "$T/nonat.pcap" "ip.proto == 41 && icmpv6.type == 128" frame.number | wc -l)
ktap_print_msg "BA (outer dst|NATD F|refresh): $ba; pings $p6/3, echo requests in protocol 41: $p41; record $(ha_rec $M_HOA)"
r=0
grep -qE "192\.168\.1\.100\|(0|False)\|4294967295" <<<"$ba" || r=1
[ "${p6:-0}" -ge 2 ] && [ "$p41" -ge 2 ] || r=1
ktap_result $r "without a NAT: NAT Detection without F and without keepalives, the tunnel is IPv6 in IPv4 (protocol 41)"

# 7. F forces UDP on the NAT-free link
kill "$DPID" 2>/dev/null || true
wait_for "! kill -0 $DPID" 15 || kill -9 "$DPID" 2>/dev/null || true
printf 'force-udp yes\n' >>"$T/mn.conf"
cap_start "$HA" up0 "$T/f.pcap" "udp port 4191 or ip proto 41"
mip6_daemon "$MN" "$T/mn.conf" "$T/mn3.log"
wait_for "grep -q 'IPv4 care-of address: UDP' '$T/mn3.log'" 20 || true
p6=$(pings $M_HOA 3)
cap_stop
bu=$(tshark -r "$T/f.pcap" -d udp.port==4191,ipv6 -Y "mip6.mhtype == 5 && mip6.bu.lifetime > 0" \
	-T fields -e mip6.bu.f_flag 2>/dev/null | sort -u | tr '\n' ' ')
ba=$(tshark -r "$T/f.pcap" -d udp.port==4191,ipv6 -Y "mip6.mhtype == 6" -T fields \
	-E separator='|' -e mip6.natd.f_flag -e mip6.natd.refresh_t 2>/dev/null | sort -u | tr '\n' ' ')
pu=$(tshark -r "$T/f.pcap" -d udp.port==4191,ipv6 -Y "udp && icmpv6.type == 128" -T fields \
	-e frame.number 2>/dev/null | wc -l)
ktap_print_msg "BU F: $bu; BA (NATD F|refresh): $ba; pings $p6/3, echo requests in UDP: $pu; record $(ha_rec $M_HOA)"
r=0
grep -qE "^(1|True) " <<<"$bu" || r=1
grep -qE "(1|True)\|4294967295" <<<"$ba" || r=1
[ "${p6:-0}" -ge 2 ] && [ "$pu" -ge 2 ] || r=1
ktap_result $r "F forces UDP without a NAT: the BU's F, NAT Detection with F and no keepalives, the pings in UDP"
kill "$DPID" 2>/dev/null || true
ktap_finish
