#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# grekeys.sh: one MAG, one LMA, two hosts with the same private IPv4
# address told apart by GRE key (RFC 5845 1, RFC 5844 3.1.2). Receive
# picks the session by outer source and key among the sessions of the
# packet's addresses, and hands the packet out of that session's device,
# where the per-link routing tables (ip rule iif mobN) take it.
#
#   H1 10.9.0.2 -- in1 \                           / s1 -- S1 10.100.0.1
#                       MAG 10.1.1.1 ---- 10.1.1.2 LMA
#   H2 10.9.0.2 -- in2 /  gremd  mob1 mob2   gremd  \ s2 -- S2 10.100.0.1
#
#   MAG: hoa 10.9.0.0/24 iif in1, GRE okey 100 ikey 101, dev mob1
#        hoa 10.9.0.0/24 iif in2, GRE okey 200 ikey 201, dev mob2
#   LMA: hoa 10.9.0.0/24 iif s1,  GRE okey 101 ikey 100, dev mob1
#        hoa 10.9.0.0/24 iif s2,  GRE okey 201 ikey 200, dev mob2
#   Each side routes what comes out of mobN by table 10N (the link's).
#
#   1. H1 pings 10.100.0.1 and reaches S1 only (the LMA's session
#      counters; what comes out of GRE is on mob1, not on the GRE device)
#   2. H2 reaches S2 only, with the same source address
#   3. a TCP transfer from each host to its server
#   4. tshark on the MAG-LMA link: H1's requests in key 100, H2's in
#      200, the replies in 101 and 201, every inner packet 10.9.0.2 <->
#      10.100.0.1
#   5. scapy: GRE from the MAG's address with an unknown key, and without
#      one, carrying 10.9.0.2 -> 10.100.0.1: counted (drop_key), neither
#      server gets it
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/ipmob_lib.bash"

require_root
require_cmd ip ping nc nft tshark dumpcap python3
ipmob_load

ktap_header
ktap_plan 5
MAG=$(ns_name mag) LMA=$(ns_name lma)
H1=$(ns_name h1) H2=$(ns_name h2) S1=$(ns_name s1) S2=$(ns_name s2)
ns_create "$MAG" "$LMA" "$H1" "$H2" "$S1" "$S2"
T=$(test_tmpdir)
for ns in "$MAG" "$LMA"; do
	ns_forwarding "$ns" 1
	ip -n "$ns" link add gremd type gre external
	ip -n "$ns" link set gremd up
	ns_sysctl "$ns" net.ipv4.conf.all.rp_filter=0 \
		net.ipv4.conf.default.rp_filter=0 \
		net.ipv4.conf.gremd.rp_filter=0
	for i in 1 2; do
		ip -n "$ns" link add mob$i type ipmob
		ip -n "$ns" link set mob$i up
		ip -n "$ns" rule add iif mob$i lookup 10$i
	done
done
veth_pair "$MAG" upl "$LMA" eth0
ip -n "$MAG" addr add 10.1.1.1/24 dev upl
ip -n "$LMA" addr add 10.1.1.2/24 dev eth0
for i in 1 2; do
	h=$(ns_name h$i) srv=$(ns_name s$i)
	veth_pair "$MAG" in$i "$h" eth0
	ip -n "$MAG" addr add 10.9.0.1/32 dev in$i
	ip -n "$MAG" route add 10.9.0.0/24 dev in$i table 10$i
	ip -n "$h" addr add 10.9.0.2/24 dev eth0
	ip -n "$h" route add default via 10.9.0.1
	# the links' MTU leaves room for GRE: neither side reaches the other
	# with an ICMP error (each link's addresses are in its own table)
	ip -n "$h" link set eth0 mtu 1400
	veth_pair "$LMA" s$i "$srv" eth0
	ip -n "$LMA" addr add 10.100.0.254/32 dev s$i
	ip -n "$LMA" route add 10.100.0.0/24 dev s$i table 10$i
	ip -n "$srv" addr add 10.100.0.1/24 dev eth0
	ip -n "$srv" route add default via 10.100.0.254
	ip -n "$srv" link set eth0 mtu 1400
	ip netns exec "$srv" nft -f - <<-EOF
	table inet ipmobt {
		chain in {
			type filter hook input priority 0; policy accept;
			icmp type echo-request icmp id 77 counter comment "spoof"
		}
	}
	EOF
	ipmob_n "$MAG" binding add hoa 10.9.0.0/24 coa 10.1.1.1 \
		encap gre okey ${i}00 ikey ${i}01 peer 10.1.1.2 role mag \
		iif in$i dev mob$i
	ipmob_n "$LMA" binding add hoa 10.9.0.0/24 coa 10.1.1.1 \
		encap gre okey ${i}01 ikey ${i}00 local 10.1.1.2 role lma \
		iif s$i dev mob$i
done
ktap_print_msg "$(ipmob_n "$MAG" binding show)" "$(ipmob_n "$LMA" binding show)"

# snap: rx of the LMA's sessions on s1 and s2, then rx_packets of the
# LMA's mob1 and mob2 devices
snap() {
	python3 -c '
import json, sys
b = json.loads(sys.argv[1])
rx = {x.get("iif"): x["rx_packets"] for x in b}
print(rx.get("s1", -1), rx.get("s2", -1), *sys.argv[2:])
' "$(ipmob_n "$LMA" -j binding show)" \
	"$(ip netns exec "$LMA" cat /sys/class/net/mob1/statistics/rx_packets)" \
	"$(ip netns exec "$LMA" cat /sys/class/net/mob2/statistics/rx_packets)"
}
# spoofs NS: echo requests with ICMP id 77 (scapy's) that NS received
spoofs() {
	ip netns exec "$1" nft -a list chain inet ipmobt in |
		sed -n 's/.*counter packets \([0-9]*\) .*comment "spoof".*/\1/p'
}
ping_from() {
	ns_exec "$1" ping -4 -c 3 -i 0.2 -W 2 10.100.0.1 >/dev/null 2>&1
}

cap_start "$MAG" upl "$T/up.pcap" "ip proto 47"
read -r a1 a2 d1 d2 <<<"$(snap)"
rc=0
ping_from "$H1" || rc=$?
read -r b1 b2 e1 e2 <<<"$(snap)"
ktap_print_msg "H1 ping rc $rc; LMA sessions rx $a1/$a2 -> $b1/$b2, mob1/mob2 rx $d1/$d2 -> $e1/$e2"
ktap_result $([ "$rc" -eq 0 ] && [ $((b1 - a1)) -ge 3 ] && [ "$b2" -eq "$a2" ] &&
	[ $((e1 - d1)) -ge 3 ] && [ "$e2" -eq "$d2" ]; echo $?) \
	"H1 reaches S1 only, out of the session's device mob1"

rc=0
ping_from "$H2" || rc=$?
read -r c1 c2 f1 f2 <<<"$(snap)"
ktap_print_msg "H2 ping rc $rc; LMA sessions rx $b1/$b2 -> $c1/$c2, mob1/mob2 rx $e1/$e2 -> $f1/$f2"
ktap_result $([ "$rc" -eq 0 ] && [ $((c2 - b2)) -ge 3 ] && [ "$c1" -eq "$b1" ] &&
	[ $((f2 - e2)) -ge 3 ] && [ "$f1" -eq "$e1" ]; echo $?) \
	"H2, same source address, reaches S2 only, out of mob2"

ok=1
tcp_transfer "$H1" "$S1" 10.100.0.1 5001 200000 || ok=0
tcp_transfer "$H2" "$S2" 10.100.0.1 5002 200000 || ok=0
ktap_result $([ $ok -eq 1 ]; echo $?) "a TCP transfer from each host to its own server"
cap_stop

# the keys of the echo requests and replies, one line per key, and the
# inner addresses (one tshark run)
decode "$T/up.pcap" "icmp" ip.src ip.dst gre.key icmp.type | sort -u >"$T/icmp"
keys=$(awk -F'|' '$1 ~ /^10.1.1.1,/ { print $1 "|" $3 "|" $4 }' "$T/icmp" | sort -u | tr '\n' ' ')
rkeys=$(awk -F'|' '$1 ~ /^10.1.1.2,/ { print $1 "|" $3 "|" $4 }' "$T/icmp" | sort -u | tr '\n' ' ')
inner=$(cut -d'|' -f1,2 "$T/icmp" | sort -u | tr '\n' ' ')
ktap_print_msg "uplink: $keys" "downlink: $rkeys" "addresses: $inner"
ktap_result $([ "$keys" = "10.1.1.1,10.9.0.2|0x00000064|8 10.1.1.1,10.9.0.2|0x000000c8|8 " ] &&
	[ "$rkeys" = "10.1.1.2,10.100.0.1|0x00000065|0 10.1.1.2,10.100.0.1|0x000000c9|0 " ] &&
	[ "$inner" = "10.1.1.1,10.9.0.2|10.1.1.2,10.100.0.1 10.1.1.2,10.100.0.1|10.1.1.1,10.9.0.2 " ]; echo $?) \
	"tshark: requests in keys 100 and 200, replies in 101 and 201, same inner addresses"

# 5: an unknown key and no key, from the MAG's own address
k0=$(stat_get "$LMA" drop_key)
read -r g1 g2 _ _ <<<"$(snap)"
ns_exec "$MAG" /usr/bin/python3 - <<'EOF'
import logging
logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.all import IP, GRE, ICMP, send
inner = IP(src="10.9.0.2", dst="10.100.0.1") / ICMP(id=77) / b"spoof"
send(IP(src="10.1.1.1", dst="10.1.1.2") / GRE(key_present=1, key=300) / inner,
     count=3, verbose=False)
send(IP(src="10.1.1.1", dst="10.1.1.2") / GRE() / inner, count=2,
     verbose=False)
EOF
sleep 0.5
k1=$(stat_get "$LMA" drop_key)
read -r h1 h2 _ _ <<<"$(snap)"
v1=$(spoofs "$S1") v2=$(spoofs "$S2")
ktap_print_msg "drop_key $k0 -> $k1; sessions rx $g1/$g2 -> $h1/$h2; spoofed requests at S1 $v1, S2 $v2"
ktap_result $([ $((k1 - k0)) -eq 5 ] && [ "$h1" -eq "$g1" ] && [ "$h2" -eq "$g2" ] &&
	[ "$v1" = 0 ] && [ "$v2" = 0 ]; echo $?) \
	"GRE with an unknown key or none: counted (drop_key), no server gets it"
ktap_finish
