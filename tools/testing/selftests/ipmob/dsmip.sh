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
#   5. ipmobd on the node killed (-9) and started again on N: it takes
#      its registration (the IPv4 care-of address in UDP) and its IPv4
#      home address back from the kernel, and its first BU, from the new
#      socket's port, makes the NAT's new mapping, which the home agent
#      takes; both home addresses answer again
#   6. an IPv4 home address its security association does not own is
#      refused (IPv4 acknowledgement status 130) and no IPv4 session is
#      installed; the IPv6 registration stands
#   7. the NAT goes away: the next BU finds none (NAT Detection without
#      F, refresh all ones), the tunnel is IPv6 in IPv4 (protocol 41)
#   8. force-udp on the node: F in the BU, NAT Detection with F and no
#      keepalives, the traffic in UDP although there is no NAT
#   9. the IPv4 home address pool (ipv4-home-pool 10.0.1.200-10.0.1.201):
#      BUs crafted on R (mip6_bu.py --udp) from nodes whose associations
#      have no IPv4 home address ask for one (0.0.0.0): the first two get
#      10.0.1.200 and .201, the third 132 (no dynamic assignment left);
#      once the first deregisters, the third gets .200
# ipmob-timeout: 600
# ipmob-kernels: 6.1
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/mip6_lib.bash"

require_root
require_cmd ip ping radvd dumpcap tshark nft conntrack
ipmob_load

ktap_header
ktap_plan 9
T=$(test_tmpdir)
D=$(dirname -- "${BASH_SOURCE[0]}")

dsmip_topo

wait_for "ip -n $MN -6 addr show dev eth0 scope global | grep -q 2001:db8:1:" 20 || true
mip6_ha_conf "$T/ha.conf" "ipv4-address $HA4
ipv4-home-prefix 10.0.1.0/24
ipv4-home-pool 10.0.1.200-10.0.1.201
nat-keepalive 8"
cat >>"$T/ha.conf" <<EOF
home-address $M_HOA
ipv4-home-address $HOA4
EOF
# step 9's nodes: associations without an IPv4 home address of their own
for k in 2 3 4; do
	printf '[security-association mn%s@example.net]\nspi %s\nkey %s\nhome-address 2001:db8:1::20%s\n' \
		"$k" $((4096 + k)) "$M_KEY" "$k" >>"$T/ha.conf"
done
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


# 1. registration on A with the IPv4 home address
cap_start "$HA" up0 "$T/a.pcap" "ip6 or udp port 4191"
mip6_move A
mip6_wait_registered 2001:db8:a: 30 || ktap_print_msg "no registration on A"
wait_for "dsmip_rec $HOA4 | grep -q 2001:db8:a:" 10 || true
sleep 0.5
cap_stop
bu=$(decode "$T/a.pcap" "mip6.mhtype == 5" mip6.ipv4ha.ha | sort -u | tr '\n' ' ')
ba=$(decode "$T/a.pcap" "mip6.mhtype == 6" mip6.ba.status mip6.ipv4aa.sts | sort -u | tr '\n' ' ')
p6=$(cn_pings $M_HOA 5) p4=$(cn_pings $HOA4 5)
a0=$(stat_get "$HA" tx_proxy_arp)
hn=$(ip netns exec "$HN" ping -c 3 -i 0.2 -W 1 $HOA4 2>/dev/null |
	sed -n 's/.* \([0-9]*\) received.*/\1/p')
a1=$(stat_get "$HA" tx_proxy_arp)
ktap_print_msg "BU IPv4 HoA: $bu; BA status|IPv4 ack: $ba; IPv4 session: $(dsmip_rec $HOA4); pings v6 $p6/5 v4 $p4/5; from the home link $hn/3 (proxy ARP replies $a0 -> $a1)"
r=0
grep -q "$HOA4" <<<"$bu" && grep -q "^0|0 \| 0|0 " <<<" $ba" || r=1
dsmip_rec $HOA4 | grep -q 2001:db8:a: || r=1
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
wait_for "dsmip_rec $M_HOA | grep -q '^$NAT '" 30 || ktap_print_msg "no registration through the NAT"
sleep 1
cap_stop
bu=$(tshark -r "$T/n.pcap" -d udp.port==4191,ipv6 -Y "mip6.mhtype == 5" -T fields \
	-E separator='|' -e ip.src -e udp.dstport -e ipv6.src -e mip6.ipv4coa.addr \
	-e mip6.ipv4ha.ha 2>/dev/null | sort -u | tr '\n' ' ')
ba=$(tshark -r "$T/n.pcap" -d udp.port==4191,ipv6 -Y "mip6.mhtype == 6" -T fields \
	-E separator='|' -e ip.dst -e ipv6.dst -e mip6.ba.status -e mip6.natd.f_flag \
	-e mip6.natd.refresh_t -e mip6.ipv4aa.sts 2>/dev/null | sort -u | tr '\n' ' ')
rec=$(dsmip_rec $M_HOA)
ktap_print_msg "BU in UDP (outer src|dport|IPv6 src|IPv4 CoA|IPv4 HoA): $bu"
ktap_print_msg "BA in UDP (outer dst|IPv6 dst|status|NATD F|refresh|IPv4 ack): $ba"
ktap_print_msg "home agent: $M_HOA -> $rec, $HOA4 -> $(dsmip_rec $HOA4)"
r=0
grep -qF "$NAT|4191|$M_HOA|192.168.1.100|$HOA4" <<<"$bu" || r=1
grep -qE "$NAT\|$M_HOA\|0\|(1|True)\|8\|0" <<<"$ba" || r=1
[ "${rec%% *}" = "$NAT" ] && [ "${rec##* }" != 0 ] || r=1
ktap_result $r "on the NATed IPv4 link: BU and BA in UDP with the IPv4 care-of address, NAT detection and the IPv4 acknowledgement (tshark); the home agent tunnels to the NAT's address and port"

# 3. the traffic goes on
sleep 3
p6=$(cn_pings $M_HOA 5) p4=$(cn_pings $HOA4 5)
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
p1=$(cn_pings $HOA4 2)
l1=$(stat_get "$HA" rx_udp_learn)
b1=$(grep -c 'BU sent' "$T/mn.log")
ip netns exec "$NR" conntrack -F >/dev/null 2>&1 || true
t0=$(date +%s)
ok=0
for _ in $(seq 1 30); do
	[ "$(cn_pings $HOA4 1)" = 1 ] && { ok=1; break; }
done
t1=$(date +%s)
ktap_print_msg "after a flush and the node's ping: $p1/2 answered, rx_udp_learn $l0 -> $l1, BUs $b0 -> $b1; after a flush alone: answered after $((t1 - t0)) s (keepalive 8 s), record $(dsmip_rec $M_HOA)"
r=0
[ "${p1:-0}" -ge 1 ] && [ "$l1" -gt "$l0" ] || r=1
[ $ok = 1 ] && [ $((t1 - t0)) -le 12 ] || r=1
ktap_result $r "after conntrack -F the home agent follows the NAT's new mapping: learnt from the node's next packet, or made by the next keepalive"

# 5. the node's daemon killed and started again behind the NAT
p0=$(dsmip_rec $M_HOA)
kill -9 "$DPID" 2>/dev/null || true
wait "$DPID" 2>/dev/null || true
mip6_daemon "$MN" "$T/mn.conf" "$T/mn1.log"
wait_for "grep -q 'BA received: status 0' '$T/mn1.log'" 20 || true
p6=$(cn_pings $M_HOA 5) p4=$(cn_pings $HOA4 5)
p1=$(dsmip_rec $M_HOA)
ktap_print_msg "before: $p0, after: $p1; pings v6 $p6/5 v4 $p4/5"
ktap_print_msg "$(grep -E 'resumed|BU sent|BA received' "$T/mn1.log" | head -n 4)"
r=0
grep -q "resumed home registration $M_HOA -> ::ffff:192.168.1.100 .*in UDP" "$T/mn1.log" || r=1
grep -q "resumed IPv4 home address $HOA4" "$T/mn1.log" || r=1
[ "${p1%% *}" = "$NAT" ] && [ "$p1" != "$p0" ] || r=1
[ "${p6:-0}" -ge 3 ] && [ "${p4:-0}" -ge 3 ] || r=1
ktap_result $r "a restarted node takes its registration in UDP and its IPv4 home address back from the kernel; its BU from the new port makes the NAT's new mapping"

# 6. an IPv4 home address that is not the association's
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
dsmip_rec $M_HOA | grep -q "^$NAT " || r=1
ktap_result $r "an IPv4 home address the association does not own gets 130 and no session; the IPv6 binding stays"

# 7. the NAT goes away: no NAT is detected, the tunnel is IPv6 in IPv4
# (the capture first: the node's next keepalive may come at once)
cap_start "$HA" up0 "$T/nonat.pcap" "udp port 4191 or ip proto 41"
ip netns exec "$NR" nft delete table ip nat
ip -n "$R" route add 192.168.1.0/24 via $NAT
ip netns exec "$NR" conntrack -F >/dev/null 2>&1 || true
wait_for "dsmip_rec $M_HOA | grep -q '^192.168.1.100 '" 30 ||
	ktap_print_msg "no registration without the NAT: $(dsmip_rec $M_HOA)"
p6=$(cn_pings $M_HOA 3)
cap_stop
ba=$(tshark -r "$T/nonat.pcap" -d udp.port==4191,ipv6 -Y "mip6.mhtype == 6" -T fields \
	-E separator='|' -e ip.dst -e mip6.natd.f_flag -e mip6.natd.refresh_t 2>/dev/null |
	sort -u | tr '\n' ' ')
p41=$(decode "$T/nonat.pcap" "ip.proto == 41 && icmpv6.type == 128" frame.number | wc -l)
ktap_print_msg "BA (outer dst|NATD F|refresh): $ba; pings $p6/3, echo requests in protocol 41: $p41; record $(dsmip_rec $M_HOA)"
r=0
grep -qE "192\.168\.1\.100\|(0|False)\|4294967295" <<<"$ba" || r=1
[ "${p6:-0}" -ge 2 ] && [ "$p41" -ge 2 ] || r=1
ktap_result $r "without a NAT: NAT Detection without F and without keepalives, the tunnel is IPv6 in IPv4 (protocol 41)"

# 8. F forces UDP on the NAT-free link
kill "$DPID" 2>/dev/null || true
wait_for "! kill -0 $DPID" 15 || kill -9 "$DPID" 2>/dev/null || true
printf 'force-udp yes\n' >>"$T/mn.conf"
cap_start "$HA" up0 "$T/f.pcap" "udp port 4191 or ip proto 41"
mip6_daemon "$MN" "$T/mn.conf" "$T/mn3.log"
wait_for "grep -q 'IPv4 care-of address: UDP' '$T/mn3.log'" 20 || true
p6=$(cn_pings $M_HOA 3)
cap_stop
bu=$(tshark -r "$T/f.pcap" -d udp.port==4191,ipv6 -Y "mip6.mhtype == 5 && mip6.bu.lifetime > 0" \
	-T fields -e mip6.bu.f_flag 2>/dev/null | sort -u | tr '\n' ' ')
ba=$(tshark -r "$T/f.pcap" -d udp.port==4191,ipv6 -Y "mip6.mhtype == 6" -T fields \
	-E separator='|' -e mip6.natd.f_flag -e mip6.natd.refresh_t 2>/dev/null | sort -u | tr '\n' ' ')
pu=$(tshark -r "$T/f.pcap" -d udp.port==4191,ipv6 -Y "udp && icmpv6.type == 128" -T fields \
	-e frame.number 2>/dev/null | wc -l)
ktap_print_msg "BU F: $bu; BA (NATD F|refresh): $ba; pings $p6/3, echo requests in UDP: $pu; record $(dsmip_rec $M_HOA)"
r=0
grep -qE "^(1|True) " <<<"$bu" || r=1
grep -qE "(1|True)\|4294967295" <<<"$ba" || r=1
[ "${p6:-0}" -ge 2 ] && [ "$pu" -ge 2 ] || r=1
ktap_result $r "F forces UDP without a NAT: the BU's F, NAT Detection with F and no keepalives, the pings in UDP"
kill "$DPID" 2>/dev/null || true

# 9. the pool: nodes whose associations have no IPv4 home address ask for
# one (0.0.0.0) in BUs crafted on R and sent in UDP
bu4() {	# K SEQ LIFETIME [V4HOA]: a BU from node mnK, its answer
	ns_exec "$R" /usr/bin/python3 "$D/mip6_bu.py" --udp $HA4 \
		--coa ::ffff:10.0.240.1 --v4coa 10.0.240.1 --hoa "2001:db8:1::20$1" \
		--ha $M_HA --nai "mn$1@example.net" --spi $((4096 + $1)) --key $M_KEY \
		--seq "$2" --lifetime "$3" ${4:+--v4hoa "$4"} 2>&1
}
a2=$(bu4 2 1 60 0.0.0.0) a3=$(bu4 3 1 60 0.0.0.0) a4=$(bu4 4 1 60 0.0.0.0)
s200=$("$IPMOB" -n "$HA" -j binding show | grep -c '"10.0.1.200"' || true)
d2=$(bu4 2 2 0)
a4b=$(bu4 4 2 60 0.0.0.0)
ktap_print_msg "mn2: $a2; mn3: $a3; mn4 (pool spent): $a4; sessions for 10.0.1.200: $s200"
ktap_print_msg "mn2 deregisters: $d2; mn4 again: $a4b"
r=0
[ "$a2" = "BA status 0 v4ack 0 10.0.1.200" ] || r=1
[ "$a3" = "BA status 0 v4ack 0 10.0.1.201" ] || r=1
[ "$a4" = "BA status 0 v4ack 132 0.0.0.0" ] || r=1
[ "$s200" -ge 1 ] || r=1
[ "$d2" = "BA status 0 v4ack -" ] || r=1
[ "$a4b" = "BA status 0 v4ack 0 10.0.1.200" ] || r=1
ktap_result $r "the IPv4 home address pool: one address a node, 132 when spent, given again once let go"
ktap_finish
