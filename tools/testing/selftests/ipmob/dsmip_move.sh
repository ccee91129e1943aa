#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# dsmip_move.sh: a dual-stack mobile node (RFC 5555) on the move, with
# ipmobd at both ends: home -> A (IPv6) -> N (IPv4 only, behind a NAT)
# -> NN (IPv4 only, behind two NATs) -> B (dual-stack) -> home, while the
# correspondent runs a TCP stream and pings to each home address.
#
#   CN (2001:db8:c::2, 10.0.12.2) ... R ... HA (br0: 2001:db8:1::1, 10.0.1.1)
#                                     |  \__ AR1 (A: 2001:db8:a::/64)
#                                     |  \__ AR2 (B: 2001:db8:b::/64 and
#                                     |             10.0.3.0/24)
#                                     NR (NAT: -> 10.0.250.2)
#                                     |br-n 192.168.1.0/24 (N)
#                                     |cgn 100.64.0.1
#                                     NR2 (NAT: 192.168.2.0/24 -> 100.64.0.2)
#                                     |br-nn 192.168.2.0/24 (NN)
#   MN: HoA 2001:db8:1::100 and 10.0.1.100 (10.0.1.100/24 on the home
#   link at home); eth0 home, eth1 A, eth2 B, eth4 N, eth5 NN. HN on the
#   home link pings the IPv4 home address throughout.
#
#   1. on every link the home agent's record is the one the link calls
#      for (A's and B's IPv6 care-of address, the outer NAT's address in
#      UDP on N and on NN, none at home), and the correspondent reaches
#      both home addresses there
#   2. tshark, over the home agent's uplink for the whole run: each
#      link's BU and BA with their addresses and options: the IPv4 home
#      address and its acknowledgement on A and B; in UDP to port 4191
#      from the NAT's address with the IPv4 care-of address 192.168.1.100,
#      then 192.168.2.100, answered with NAT Detection (F); the
#      deregistration from home
#   3. the IPv6 and the IPv4 TCP stream survive every movement, every
#      counter in order, and so do both pings; the loss per movement is
#      reported (losses.py)
#   4. gratuitous ARP (RFC 5944 4.6): when the node leaves home, HN's ARP
#      entry for the IPv4 home address moves to the home agent (its
#      announcement) at once; when it comes back, to the node (its own)
#      at once; HN's pings to it survive
# ipmob-timeout: 600
# ipmob-kernels: 6.12
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/mip6_lib.bash"

require_root
require_cmd ip ping radvd dumpcap tshark nft conntrack
ipmob_load

ktap_header
ktap_plan 4
T=$(test_tmpdir)
D=$(dirname -- "${BASH_SOURCE[0]}")
dsmip_topo

# NN: a second NAT, NR2, behind NR (carrier-grade: NR masquerades its
# 100.64.0.0/10 side too)
NR2=$(ns_name nr2)
ns_create "$NR2"
ns_forwarding "$NR2" 1
veth_pair "$NR" cgn "$NR2" up0
ip -n "$NR" addr add 100.64.0.1/24 dev cgn
ip -n "$NR2" addr add 100.64.0.2/24 dev up0
ip -n "$NR2" route add default via 100.64.0.1
nat_link "$NR2" nn eth5 192.168.2
ip netns exec "$NR" nft add rule ip nat post ip saddr 100.64.0.0/10 oifname up0 masquerade random
# B is dual-stack
dsmip_dual_b
# the node's IPv4 addresses and routers on N, NN and B, and the home
# link's router, as a DHCPv4 client would set them; a link that is down
# has its routes ignored
ip -n "$MN" addr add 192.168.2.100/24 dev eth5
ip -n "$MN" route add default via 192.168.2.1 dev eth5 metric 10
ip -n "$MN" addr add 10.0.3.100/24 dev eth2
ip -n "$MN" route add default via 10.0.3.1 dev eth2 metric 20
ip -n "$MN" route add default via 10.0.1.1 dev eth0 onlink metric 30

wait_for "ip -n $MN -6 addr show dev eth0 scope global | grep -q 2001:db8:1:" 20 || true
mip6_ha_conf "$T/ha.conf" "ipv4-address $HA4
ipv4-home-prefix 10.0.1.0/24
nat-keepalive 8"
cat >>"$T/ha.conf" <<EOF
home-address $M_HOA
ipv4-home-address $HOA4
EOF
MN_LIFETIME=120 mip6_mn_conf "$T/mn.conf" "home-agent $M_HA
home-agent-ipv4 $HA4
ipv4-home-address $HOA4/24
nat-keepalive 60" "link eth0
link eth1
link eth2
link eth4
link eth5"
mip6_daemon "$HA" "$T/ha.conf" "$T/ha.log"
wait_for "grep -q 'home agent on' '$T/ha.log'" 20 ||
	ktap_print_msg "HA: $(tail -n 5 "$T/ha.log")"
mip6_daemon "$MN" "$T/mn.conf" "$T/mn.log"
wait_for "grep -q 'movement: at home' '$T/mn.log'" 20 || true
wait_for "ip -n $MN -4 addr show dev eth0 | grep -q '$HOA4/24'" 10 ||
	ktap_print_msg "at home, the IPv4 home address is not on eth0: $(ip -n "$MN" -4 -br addr show dev eth0)"

macof() { ip netns exec "$1" cat "/sys/class/net/$2/address"; }
HA_MAC=$(macof "$HA" br0)
MN_MAC=$(macof "$MN" eth0)
# the link-layer address HN's ARP cache has for the IPv4 home address
hn_arp() { ip -n "$HN" -4 neigh show "$HOA4" | sed -n 's/.* lladdr \([0-9a-f:]*\).*/\1/p'; }

# the traffic, begun at home: streams to both home addresses, pings to
# both from the correspondent and to the IPv4 one from HN
mip6_traffic "$T" 0.05 0.1
ns_exec "$MN" /usr/bin/python3 "$D/tcpstream.py" server $HOA4 5002 >"$T/server4.log" 2>&1 &
_IPMOB_BG_PIDS+=("$!")
wait_for "ip netns exec $MN ss -Hltn 'sport = :5002' | grep -q 5002" 10 || true
ns_exec "$CN" /usr/bin/python3 "$D/tcpstream.py" client $HOA4 5002 "$T/stop" 0.05 \
	>"$T/client4.log" 2>&1 &
CLIENT4=$!
_IPMOB_BG_PIDS+=("$CLIENT4")
ns_exec "$CN" stdbuf -oL ping -4 -D -O -i 0.1 $HOA4 >"$T/ping4.log" 2>&1 &
PING4=$!
_IPMOB_BG_PIDS+=("$PING4")
ns_exec "$HN" stdbuf -oL ping -4 -D -O -i 0.2 $HOA4 >"$T/hnping.log" 2>&1 &
HNPING=$!
_IPMOB_BG_PIDS+=("$HNPING")
sleep 2
arp_home0=$(hn_arp)

cap_start "$HA" up0 "$T/all.pcap" \
	"udp port 4191 or (ip6 and not ip6 proto 41 and not ip6 proto 4 and not ip6 proto 58 and not tcp)"
CAP_UP=$CAP_PID
# the deregistration from home comes on the home link
cap_start "$HA" br0 "$T/home.pcap" "ip6 proto 135"
CAP_HOME=$CAP_PID
: >"$T/moves"
port_of() {
	case $1 in
	home) echo "$HA h-mn" ;;
	A) echo "$AR1 a-mn" ;;
	B) echo "$AR2 b-mn" ;;
	N) echo "$NR n-mn" ;;
	NN) echo "$NR2 nn-mn" ;;
	esac
}
# move_to LINK: unplug the node from its link, plug it into LINK
move_to() {
	local from to
	from=$(port_of "$MN_AT") to=$(port_of "$1")
	echo "$(date +%s.%N) $MN_AT->$1" >>"$T/moves"
	ip -n "${from% *}" link set "${from#* }" down
	# home again: the home link's router, as its DHCPv4 client would
	# set it (the kernel dropped the route with eth0's last IPv4
	# address when the node left)
	[ "$1" != home ] ||
		ip -n "$MN" route replace default via 10.0.1.1 dev eth0 onlink metric 30
	ip -n "${to% *}" link set "${to#* }" up
	MN_AT=$1
}

# 1. each link in turn; after each registration both home addresses
# answer the correspondent
r1=0 arp_away="" arp_back=""
stage() {	# LINK EXPECTED-RECORD-REGEX
	local p6 p4 rec
	move_to "$1"
	if ! wait_for "dsmip_rec $M_HOA | grep -qE '$2' && dsmip_rec $HOA4 | grep -qE '$2'" 30; then
		r1=1
		ktap_print_msg "$1: no registration like '$2': $(dsmip_rec $M_HOA) / $(dsmip_rec $HOA4)"
	fi
	if [ "$1" = A ]; then
		sleep 1
		arp_away=$(hn_arp)
	fi
	p6=$(cn_pings $M_HOA 3) p4=$(cn_pings $HOA4 3)
	rec="$(dsmip_rec $M_HOA) / $(dsmip_rec $HOA4)"
	ktap_print_msg "$1: home agent's records $rec; correspondent's pings v6 $p6/3 v4 $p4/3"
	[ "${p6:-0}" -ge 2 ] && [ "${p4:-0}" -ge 2 ] || r1=1
}
stage A '^2001:db8:a:.* 0$'
stage N "^$NAT [1-9]"
stage NN "^$NAT [1-9]"
stage B '^2001:db8:b:.* 0$'
move_to home
if ! wait_for "[ -z \"\$(dsmip_rec $M_HOA)\" ] && [ -z \"\$(dsmip_rec $HOA4)\" ]" 30; then
	r1=1
	ktap_print_msg "home: the home agent still has $(dsmip_rec $M_HOA) / $(dsmip_rec $HOA4)"
fi
sleep 1
arp_back=$(hn_arp)
p6=$(cn_pings $M_HOA 3) p4=$(cn_pings $HOA4 3)
ktap_print_msg "home: IPv4 home address on eth0: $(ip -n "$MN" -4 -br addr show dev eth0 | awk '{ print $3 }'); correspondent's pings v6 $p6/3 v4 $p4/3"
[ "${p6:-0}" -ge 2 ] && [ "${p4:-0}" -ge 2 ] || r1=1
ip -n "$MN" -4 addr show dev eth0 | grep -q "$HOA4/24" || r1=1
sleep 2
kill -INT "$CAP_UP" "$CAP_HOME" 2>/dev/null || true
wait "$CAP_UP" "$CAP_HOME" 2>/dev/null || true
ktap_result $r1 "home -> A -> N (NAT) -> NN (two NATs) -> B (dual-stack) -> home: the home agent's record fits each link and both home addresses answer on each"

# 2. the signalling, decoded once: time|outer src|outer dst|UDP dst
# port|IPv6 src|IPv6 dst|MH type|lifetime|BA status|IPv4 CoA|IPv4 HoA|
# IPv4 ack|NATD F
tshark -r "$T/all.pcap" -d udp.port==4191,ipv6 -Y "mip6.mhtype == 5 || mip6.mhtype == 6" \
	-T fields -E separator='|' -e frame.time_epoch -e ip.src -e ip.dst -e udp.dstport \
	-e ipv6.src -e ipv6.dst -e mip6.mhtype -e mip6.bu.lifetime -e mip6.ba.status \
	-e mip6.ipv4coa.addr -e mip6.ipv4ha.ha -e mip6.ipv4aa.sts -e mip6.natd.f_flag \
	2>/dev/null >"$T/mh.txt" || true
tshark -r "$T/home.pcap" -Y "mip6.mhtype == 5 || mip6.mhtype == 6" \
	-T fields -E separator='|' -e frame.time_epoch -e ip.src -e ip.dst -e udp.dstport \
	-e ipv6.src -e ipv6.dst -e mip6.mhtype -e mip6.bu.lifetime -e mip6.ba.status \
	-e mip6.ipv4coa.addr -e mip6.ipv4ha.ha -e mip6.ipv4aa.sts -e mip6.natd.f_flag \
	2>/dev/null >>"$T/mh.txt" || true
# mh AWK-CONDITION: how many rows match (f[2] outer src ... f[13] NATD F)
mh() { awk -F'|' -v hoa4="$HOA4" -v nat="$NAT" -v hoa="$M_HOA" "{ split(\$0, f, \"|\") } $1 { n++ } END { print n + 0 }" "$T/mh.txt"; }
r2=0 out=""
check() {	# WHAT AWK-CONDITION
	local n
	n=$(mh "$2")
	out+="$1 $n, "
	[ "$n" -ge 1 ] || r2=1
}
check "A: BU with the IPv4 HoA" 'f[7] == 5 && f[5] ~ /^2001:db8:a:/ && f[8] > 0 && f[11] == hoa4'
check "BA ack 0" 'f[7] == 6 && f[6] ~ /^2001:db8:a:/ && f[9] == 0 && f[12] == "0"'
check "N: BU in UDP from the NAT" 'f[7] == 5 && f[2] == nat && f[4] == 4191 && f[10] == "192.168.1.100" && f[11] == hoa4'
check "BA NATD F" 'f[7] == 6 && f[3] == nat && f[9] == 0 && f[13] ~ /^(1|True)$/ && f[12] == "0"'
check "NN: BU in UDP from the NAT" 'f[7] == 5 && f[2] == nat && f[4] == 4191 && f[10] == "192.168.2.100"'
check "B: BU with the IPv4 HoA" 'f[7] == 5 && f[5] ~ /^2001:db8:b:/ && f[8] > 0 && f[11] == hoa4'
check "BA ack 0" 'f[7] == 6 && f[6] ~ /^2001:db8:b:/ && f[9] == 0 && f[12] == "0"'
check "home: deregistration" 'f[7] == 5 && f[5] == hoa && f[8] == 0 && f[2] == ""'
check "BA 0" 'f[7] == 6 && f[6] == hoa && f[9] == 0 && f[2] == ""'
ktap_print_msg "tshark: ${out%, }"
[ $r2 = 0 ] || ktap_print_msg "$(cut -d'|' -f2- "$T/mh.txt")"
ktap_result $r2 "tshark decodes each link's BU and BA with the addresses and options it calls for (-d udp.port==4191,ipv6)"

# 3. the streams and the pings
touch "$T/stop"
rc=0
for c in "$CLIENT" "$CLIENT4"; do
	wait_for "! kill -0 $c" 150 || kill "$c" 2>/dev/null || true
	wait "$c" 2>/dev/null || rc=1
done
kill -TERM "$PING" "$PING4" "$HNPING" 2>/dev/null || true
wait "$PING" "$PING4" "$HNPING" 2>/dev/null || true
ktap_print_msg "IPv6 stream: $(tail -n 1 "$T/client.log"); IPv4 stream: $(tail -n 1 "$T/client4.log")"
ktap_print_msg "IPv6 pings:" "$(/usr/bin/python3 "$D/losses.py" "$T/ping.log" "$T/moves")"
ktap_print_msg "IPv4 pings:" "$(/usr/bin/python3 "$D/losses.py" "$T/ping4.log" "$T/moves")"
for l in ping ping4 hnping; do
	n=$(tail -n 10 "$T/$l.log" | grep -c 'time=' || true)
	[ "$n" -ge 5 ] || { rc=1; ktap_print_msg "$l: only $n replies in its last 10 lines"; }
done
ktap_result $rc "both TCP streams (IPv6, IPv4) survive every movement, every counter in order; both pings survive; loss per movement reported"

# 4. gratuitous ARP
ktap_print_msg "HN's ARP entry for $HOA4: at home $arp_home0 (node $MN_MAC), 1 s after the registration on A $arp_away (home agent $HA_MAC), 1 s after the return $arp_back"
ktap_print_msg "HN's pings:" "$(/usr/bin/python3 "$D/losses.py" "$T/hnping.log" "$T/moves")"
r=0
[ "$arp_home0" = "$MN_MAC" ] && [ "$arp_away" = "$HA_MAC" ] && [ "$arp_back" = "$MN_MAC" ] || r=1
grep -q "gratuitous ARP for $HOA4" "$T/ha.log" || r=1
ktap_result $r "gratuitous ARP: HN's entry for the IPv4 home address goes to the home agent as the node leaves and back to the node as it returns; HN's pings survive"
if [ "$KTAP_FAIL" -ne 0 ]; then
	ktap_print_msg "MN IPv4 routes: $(ip -n "$MN" -4 route | tr '\n' ';')"
	ktap_print_msg "MN IPv4 addresses: $(ip -n "$MN" -4 -br addr | tr '\n' ';')"
	ktap_print_msg "MN sessions: $("$IPMOB" -n "$MN" binding show | tr '\n' ';')"
	ktap_print_msg "HA sessions: $("$IPMOB" -n "$HA" binding show | tr '\n' ';')"
	ktap_print_msg "HA neighbours: $(ip -n "$HA" -4 neigh | tr '\n' ';')"
	ktap_print_msg "MN drops: $(drops_of "$MN" "$HA" | tr '\n' ';')"
	ktap_print_msg "$(grep -E 'home|IPv4|movement' "$T/mn.log" | tail -n 25)"
	ktap_print_msg "$(tail -n 15 "$T/ha.log")"
fi
ktap_finish
