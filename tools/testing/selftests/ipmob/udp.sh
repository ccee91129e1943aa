#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# udp.sh: UDP encapsulation through a NAT with static bindings (RFC 5555
# 4.1 DSMIPv6, RFC 5844 7.1): the mobile node sits behind R, which
# translates its private care-of address to R's own address and a port of
# its choosing; the home agent's care-of record has no port and learns
# the NAT's, and follows it when the NAT changes it.
#
#   CN ---- R (NAT: 10.0.2.0/24 -> 10.0.240.1, ports 30000-39999) ---- HA
#           |
#           MN  private CoA 10.0.2.100, HoA 10.0.1.100 / 2001:db8:1::100
#
# Both ends run "ipmob udp listen port 4191": the socket the kernel uses.
#
#   1. before the MN sent anything the HA has no port: the CN's ping is
#      dropped and counted (drop_no_port)
#   2. the MN's traffic teaches the HA the NAT's port; ping both ways and a
#      TCP transfer through the tunnel (IPv4 in UDP in IPv4)
#   3. on the wire (tshark at the HA): UDP from 10.0.240.1 port P to 4191
#      carrying the MN's ICMP, and back to port P; P is the NAT's
#      (conntrack) and the one "binding show" gives
#   4. the NAT forgets the mapping (conntrack -F) and picks another port:
#      the HA follows it (rx_udp_learn), traffic goes on
#   5. a registration through another mapping gives the session another
#      port (binding change ... port P learn on): for two seconds the
#      packets still coming from the old mapping are dropped (drop_port),
#      not learnt; after that the next one is learnt and traffic goes on
#   6. IPv6 home address over the IPv4 care-of address in UDP (DSMIPv6):
#      ping6 both ways, next header IPv6 inside UDP on the wire
#   7. a Mobility Header message in UDP from the MN (scapy) is left to
#      the socket's owner, who sees the NAT's address and port
#   8. a UDP-encapsulated packet with the session's inner addresses from
#      another outer address is dropped and counted (bad_outer_src)
#   9. "ipmob udp show" gives the port; after the listener exits the
#      tunnel has no socket (drop_no_port) and nothing leaks
#  10. the sockets move to port 434 and the IPv4 session to "header mip4":
#      ping both ways and a TCP transfer; on the wire the RFC 3519 3.3 MIP
#      Tunnel Data header (tshark's mip: type 4, next header 4)
#  11. the IPv6 session with "header tlv" and GRE keys each way: ping6
#      both ways and a TCP transfer; on the wire the RFC 5845 7.2 TLV header (type 0, next
#      header 47, the UDP payload's length - 4), then GRE with the key
#  12. hostile packets (scapy) at the home agent: a TLV length that is not
#      the UDP payload's, a tunnel data Next Header that is not the inner
#      packet's, GRE with a checksum bit (drop_udp_hdr), a wrong GRE key
#      (drop_key), bare IPv6 for the TLV record (drop_encap); and an RFC
#      3519 Registration Request (type 1) reaches the socket's owner
#  13. the MN's outer link cannot segment UDP tunnels (ethtool): the
#      stack segments the tunnel's GSO packets in software (the inner
#      IP-in-IP handlers want SKB_GSO_IPXIP4 besides the UDP tunnel
#      type), and a TCP transfer goes through without a drop
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/ipmob_lib.bash"

require_root
require_cmd ip ping nc tshark dumpcap nft conntrack
ipmob_load

ktap_header
ktap_plan 13
topo_mip6
topo_ipv4
T=$(test_tmpdir)
NAT=10.0.240.1

# R translates the MN's link to its own address, to a random port each
# time it makes a mapping.
ip netns exec "$R" nft -f - <<EOF
table ip nat {
	chain post {
		type nat hook postrouting priority srcnat;
		ip saddr 10.0.2.0/24 oifname "ha0" ip protocol udp snat to $NAT:30000-39999 random
	}
}
EOF

# decode_as PROTO FILE FILTER FIELDS...: decode() with UDP port 4191
# read as PROTO (ip or ipv6): tshark has no dissector on that port
decode_as() {
	local proto=$1 file=$2 filter=$3
	shift 3
	local args=() f
	for f in "$@"; do args+=(-e "$f"); done
	tshark -r "$file" -d "udp.port==4191,$proto" -Y "$filter" -T fields \
		-E separator='|' "${args[@]}" 2>/dev/null
}

# ha_port: the UDP port the HA's binding of the IPv4 home address uses
ha_port() {
	ipmob_n "$HA" -j binding show | /usr/bin/python3 -c '
import json, sys
for b in json.load(sys.stdin):
    if b.get("hoa") == sys.argv[1]:
        print(b["coas"][0].get("udp_port", 0))' "$HOA4" 2>/dev/null || echo 0
}

# the UDP sockets: one listener per end, kept for the whole test
"$IPMOB" -n "$HA" udp listen port 4191 >"$T/ha.listen" 2>&1 &
_IPMOB_BG_PIDS+=("$!")
HA_LISTEN=$!
"$IPMOB" -n "$MN" udp listen port 4191 >"$T/mn.listen" 2>&1 &
_IPMOB_BG_PIDS+=("$!")
MN_LISTEN=$!
wait_for "grep -q listening '$T/ha.listen' && grep -q listening '$T/mn.listen'" 20 ||
	ktap_print_msg "listeners: $(cat "$T/ha.listen" "$T/mn.listen")"

ipmob_n "$HA" binding add hoa $HOA4 coa $NAT encap udp local $HA4 dev mob0
ipmob_n "$MN" binding add hoa $HOA4 coa $COA4 encap udp port 4191 peer $HA4 dev mob0

# 1. no port learnt yet
before=$(stat_get "$HA" drop_no_port)
if ns_exec "$CN" ping -4 -c 2 -i 0.2 -W 1 $HOA4 >/dev/null 2>&1; then
	ktap_fail "no NAT port learnt: the home agent cannot reach the MN"
else
	after=$(stat_get "$HA" drop_no_port)
	ktap_print_msg "drop_no_port $before -> $after"
	ktap_result $([ "$after" -gt "$before" ]; echo $?) \
		"no NAT port learnt: the home agent cannot reach the MN (drop_no_port)"
fi

# 2-3. the MN speaks first; then both ways, captured at the HA
cap_start "$HA" eth0 "$T/udp4.pcap" "udp port 4191"
ok=1
ns_exec "$MN" ping -4 -c 3 -i 0.2 -W 2 -I $HOA4 $CN4 >/dev/null || ok=0
ns_exec "$CN" ping -4 -c 3 -i 0.2 -W 2 $HOA4 >/dev/null || ok=0
ktap_result $([ $ok -eq 1 ] && tcp_transfer "$MN" "$CN" $CN4 5001 300000 $HOA4; echo $?) \
	"through the NAT: ping both ways and a TCP transfer from the home address"
cap_stop
port=$(ha_port)
ct=$(ip netns exec "$R" conntrack -L -p udp --dport 4191 2>/dev/null |
	sed -n 's/.*dst=10.0.1.1 sport=4191 dport=4191 .*dport=\([0-9]*\) .*/\1/p' | head -n 1)
up=$(decode_as ip "$T/udp4.pcap" "icmp.type == 8 && ip.src == $HOA4" ip.src ip.dst udp.srcport udp.dstport | head -n 1)
down=$(decode_as ip "$T/udp4.pcap" "icmp.type == 8 && ip.dst == $HOA4" ip.src ip.dst udp.srcport udp.dstport | head -n 1)
ktap_print_msg "learnt port $port, conntrack $ct" "MN->CN: $up" "CN->MN: $down"
ktap_result $([ -n "$ct" ] && [ "$port" = "$ct" ] &&
	[ "$up" = "$NAT,$HOA4|$HA4,$CN4|$port|4191" ] &&
	[ "$down" = "$HA4,$CN4|$NAT,$HOA4|4191|$port" ]; echo $?) \
	"on the wire: IPv4 in UDP, from and to the NAT's port, which the binding shows"

# 4. the NAT changes its mapping
learn0=$(stat_get "$HA" rx_udp_learn)
ip netns exec "$R" conntrack -F >/dev/null 2>&1 || true
ok=1
ns_exec "$MN" ping -4 -c 2 -i 0.2 -W 2 -I $HOA4 $CN4 >/dev/null || ok=0
ns_exec "$CN" ping -4 -c 2 -i 0.2 -W 2 $HOA4 >/dev/null || ok=0
learn1=$(stat_get "$HA" rx_udp_learn)
port2=$(ha_port)
ktap_print_msg "port $port -> $port2, rx_udp_learn $learn0 -> $learn1"
ktap_result $([ $ok -eq 1 ] && [ "$port2" != "$port" ] && [ "$port2" != 0 ] &&
	[ "$learn1" -gt "$learn0" ]; echo $?) \
	"the NAT's new port is learnt and traffic goes on"

# 5. a registration moves the record to port 40000: the old mapping's
# packets are held off, then learnt again
held0=$(stat_get "$HA" drop_port)
ipmob_n "$HA" binding change hoa $HOA4 coa $NAT encap udp port 40000 learn on local $HA4 dev mob0
late=answered
ns_exec "$MN" ping -4 -c 1 -W 1 -I $HOA4 $CN4 >/dev/null 2>&1 || late=dropped
port3=$(ha_port) held1=$(stat_get "$HA" drop_port)
sleep 2
ok=1
ns_exec "$MN" ping -4 -c 2 -i 0.2 -W 2 -I $HOA4 $CN4 >/dev/null || ok=0
ns_exec "$CN" ping -4 -c 2 -i 0.2 -W 2 $HOA4 >/dev/null || ok=0
port4=$(ha_port)
ktap_print_msg "port 40000 given: the old mapping's ping $late, port $port3, drop_port $held0 -> $held1; 2 s later port $port4"
ktap_result $([ $late = dropped ] && [ "$port3" = 40000 ] && [ "$held1" -gt "$held0" ] &&
	[ $ok -eq 1 ] && [ "$port4" = "$port2" ]; echo $?) \
	"a port given with a change holds off the old mapping's packets for two seconds, then the NAT's mapping is learnt again"

# 6. DSMIPv6: the IPv6 home address over the IPv4 care-of address
ipmob_n "$HA" binding add hoa $HOA coa $NAT encap udp local $HA4 dev mob0
ipmob_n "$MN" binding add hoa $HOA coa $COA4 encap udp port 4191 peer $HA4 dev mob0
cap_start "$HA" eth0 "$T/udp6.pcap" "udp port 4191"
ok=1
ns_exec "$MN" ping -6 -c 3 -i 0.2 -W 2 -I $HOA $CN_ADDR >"$T/ping6.mn" || ok=0
ns_exec "$CN" ping -6 -c 3 -i 0.2 -W 2 $HOA >"$T/ping6.cn" || ok=0
sleep 0.3
cap_stop
n6=$(decode_as ipv6 "$T/udp6.pcap" "udp && ipv6.dst == $HOA && icmpv6.type == 128" ip.dst | wc -l)
r6=$(decode_as ipv6 "$T/udp6.pcap" "udp && ipv6.src == $HOA && icmpv6.type == 129" ip.dst | wc -l)
ktap_print_msg "echo requests to the HoA in UDP at the HA: $n6, replies from it: $r6" \
	"$(grep -h "packet loss" "$T/ping6.mn" "$T/ping6.cn")"
ktap_result $([ $ok -eq 1 ] && [ "$n6" -ge 3 ] && [ "$r6" -ge 3 ]; echo $?) \
	"DSMIPv6: IPv6 home address over the IPv4 care-of address in UDP"

# 7. a Binding Update in UDP goes to the socket's owner
before=$(grep -c "^from" "$T/ha.listen" || true)
ns_exec "$MN" /usr/bin/python3 - "$HOA" "$HA_ADDR" "$HA4" <<'EOF'
import sys, socket
from scapy.all import IPv6, raw
from scapy.layers.inet6 import MIP6MH_BU
hoa, ha6, ha4 = sys.argv[1:4]
bu = raw(IPv6(src=hoa, dst=ha6) / MIP6MH_BU(seq=7, flags=0x80, mhtime=10))
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", 0))
s.sendto(bu, (ha4, 4191))
EOF
wait_for "[ \$(grep -c '^from' '$T/ha.listen') -gt $before ]" 5 || true
line=$(grep "^from" "$T/ha.listen" | tail -n 1)
ktap_print_msg "listener: $line"
ktap_result $([[ $line == "from $NAT port "* ]]; echo $?) \
	"a Mobility Header message in UDP is left to the socket's owner, with the NAT's address"

# 8. the session's inner addresses from an address that is not its CoA
before=$(stat_get "$HA" drop_bad_outer_src)
ns_exec "$CN" /usr/bin/python3 - "$HOA4" "$CN4" "$HA4" <<'EOF'
import sys
from scapy.all import IP, UDP, ICMP, send
hoa, cn, ha = sys.argv[1:4]
send(IP(src=cn, dst=ha) / UDP(sport=4191, dport=4191) / IP(src=hoa, dst=cn) / ICMP(), count=3, verbose=0)
EOF
sleep 0.5
after=$(stat_get "$HA" drop_bad_outer_src)
ktap_print_msg "drop_bad_outer_src $before -> $after"
ktap_result $([ $((after - before)) -eq 3 ]; echo $?) \
	"UDP-encapsulated packets from another outer address are dropped and counted"

# 9. the socket, shown, and gone with its owner
shown=$(ipmob_n "$HA" udp show)
kill -TERM "$HA_LISTEN" 2>/dev/null || true
wait "$HA_LISTEN" 2>/dev/null || true
gone=$(ipmob_n "$HA" udp show)
before=$(stat_get "$HA" drop_no_port)
ns_exec "$CN" ping -4 -c 1 -W 1 $HOA4 >/dev/null 2>&1 || true
after=$(stat_get "$HA" drop_no_port)
ktap_print_msg "udp show: '$shown', after exit: '$gone', drop_no_port $before -> $after"
ktap_result $([[ $shown == "port 4191 family inet6"* ]] && [ -z "$gone" ] &&
	[ "$after" -gt "$before" ] && [ -z "$(dmesg_problems)" ]; echo $?) \
	"udp show gives the socket; when its owner exits the tunnel has none"

# 10. RFC 3519: the MIP Tunnel Data header, on the Mobile IPv4 port
kill -TERM "$MN_LISTEN" 2>/dev/null || true
wait "$MN_LISTEN" 2>/dev/null || true
"$IPMOB" -n "$HA" udp listen port 434 >"$T/ha.listen434" 2>&1 &
_IPMOB_BG_PIDS+=("$!")
"$IPMOB" -n "$MN" udp listen port 434 >"$T/mn.listen434" 2>&1 &
_IPMOB_BG_PIDS+=("$!")
wait_for "grep -q listening '$T/ha.listen434' && grep -q listening '$T/mn.listen434'" 20 ||
	ktap_print_msg "listeners: $(cat "$T/ha.listen434" "$T/mn.listen434")"
ipmob_n "$HA" binding del hoa $HOA4 dev mob0
ipmob_n "$MN" binding del hoa $HOA4 peer $HA4 dev mob0
ipmob_n "$HA" binding add hoa $HOA4 coa $NAT encap udp header mip4 local $HA4 dev mob0
ipmob_n "$MN" binding add hoa $HOA4 coa $COA4 encap udp port 434 header mip4 peer $HA4 dev mob0
cap_start "$HA" eth0 "$T/mip4.pcap" "udp port 434"
ok=1
ns_exec "$MN" ping -4 -c 2 -i 0.2 -W 2 -I $HOA4 $CN4 >/dev/null || ok=0
ns_exec "$CN" ping -4 -c 2 -i 0.2 -W 2 $HOA4 >/dev/null || ok=0
[ $ok -eq 1 ] && { tcp_transfer "$MN" "$CN" $CN4 5002 100000 $HOA4 || ok=0; }
sleep 0.3
cap_stop
shown=$(ipmob_n "$HA" binding show | grep "hoa $HOA4 " || true)
up=$(decode "$T/mip4.pcap" "mip.type == 4 && icmp.type == 8 && ip.src == $HOA4" mip.nattt.nexthdr udp.dstport | head -n 1)
down=$(decode "$T/mip4.pcap" "mip.type == 4 && icmp.type == 8 && ip.dst == $HOA4" mip.nattt.nexthdr udp.srcport | head -n 1)
bare=$(decode "$T/mip4.pcap" "udp && !mip" frame.number | wc -l)
ktap_print_msg "HA: $shown" "MN->CN: $up, CN->MN: $down, without the header: $bare"
ktap_result $([ $ok -eq 1 ] && [[ $shown == *" header mip4"* ]] &&
	[ "$up" = "4|434" ] && [ "$down" = "4|434" ] && [ "$bare" -eq 0 ]; echo $?) \
	"RFC 3519 tunnel data header on port 434: ping both ways and TCP, mip type 4, next header 4"

# 11. RFC 5845: TLV header and GRE with a key each way (IPv6 in UDP/IPv4)
ipmob_n "$HA" binding del hoa $HOA dev mob0
ipmob_n "$MN" binding del hoa $HOA peer $HA4 dev mob0
ipmob_n "$HA" binding add hoa $HOA coa $NAT encap udp header tlv okey 100 ikey 200 local $HA4 dev mob0
ipmob_n "$MN" binding add hoa $HOA coa $COA4 encap udp port 434 header tlv okey 200 ikey 100 peer $HA4 dev mob0
cap_start "$HA" eth0 "$T/tlv.pcap" "udp port 434"
ok=1
ns_exec "$MN" ping -6 -c 2 -i 0.2 -W 2 -I $HOA $CN_ADDR >/dev/null || ok=0
ns_exec "$CN" ping -6 -c 2 -i 0.2 -W 2 $HOA >/dev/null || ok=0
sleep 0.3
cap_stop
# TCP: GSO packets are segmented before the TLV header (its Length)
tx0=$(stat_get "$MN" tx_tunnel)
[ $ok -eq 1 ] && { tcp_transfer "$MN" "$CN" $CN_ADDR 5003 100000 $HOA || ok=0; }
tx1=$(stat_get "$MN" tx_tunnel)
ktap_print_msg "TCP over TLV: tx_tunnel $tx0 -> $tx1"
# every datagram: 00 2f LEN(UDP length - 12) 2000 86dd KEY, KEY by direction
wire=$(tshark -r "$T/tlv.pcap" -d udp.port==434,data -T fields -E separator='|' \
	-e udp.dstport -e udp.length -e data.data 2>/dev/null | /usr/bin/python3 -c '
import sys
n = {"up": 0, "down": 0, "bad": 0}
for line in sys.stdin:
    dport, ulen, data = line.strip().split("|")
    key = "000000c8" if dport == "434" else "00000064"
    want = "002f%04x200086dd%s" % (int(ulen) - 12, key)
    if data.startswith(want) and data[24] == "6":
        n["up" if dport == "434" else "down"] += 1
    else:
        n["bad"] += 1
print(n["up"], n["down"], n["bad"])')
shown=$(ipmob_n "$HA" -j binding show | grep -o '"udp_header":"tlv"' | head -n 1 || true)
ktap_print_msg "TLV+GRE datagrams MN->HA, HA->MN, other: $wire; HA JSON: $shown"
read -r up down bad <<<"$wire"
ktap_result $([ $ok -eq 1 ] && [ "${up:-0}" -ge 4 ] && [ "${down:-0}" -ge 4 ] &&
	[ "${bad:-1}" -eq 0 ] && [ -n "$shown" ]; echo $?) \
	"RFC 5845 TLV header and GRE with the key each way: ping6 both ways and TCP, lengths and keys on the wire"

# 12. hostile packets, counted and dropped; registration messages to the owner
d0=$(stat_get "$HA" drop_udp_hdr) k0=$(stat_get "$HA" drop_key) e0=$(stat_get "$HA" drop_encap)
before=$(grep -c "^from" "$T/ha.listen434" || true)
ns_exec "$MN" /usr/bin/python3 - "$HOA" "$CN_ADDR" "$HA4" <<'EOF'
import sys, struct, socket
from scapy.all import IPv6, ICMPv6EchoRequest, raw
hoa, cn, ha4 = sys.argv[1:4]
in6 = raw(IPv6(src=hoa, dst=cn) / ICMPv6EchoRequest())
def gre(flags, key):
    return struct.pack("!HHI", flags, 0x86DD, key) + in6
def tlv(p, n=None):
    return struct.pack("!BBH", 0, 47, len(p) if n is None else n) + p
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", 0))
for p in (tlv(gre(0x2000, 200), len(gre(0x2000, 200)) + 1),  # TLV length
          b"\x04\x04\x00\x00" + in6,  # Next Header 4, IPv6 inside
          tlv(struct.pack("!HHHHI", 0xA000, 0x86DD, 0, 0, 200) + in6),  # C bit
          tlv(gre(0x2000, 999)),  # a key that is not the record's
          in6,  # bare IPv6 for the TLV record
          b"\x01\x00\x00\x00" + b"\x00" * 20):  # Registration Request
    s.sendto(p, (ha4, 434))
EOF
wait_for "[ \$(grep -c '^from' '$T/ha.listen434') -gt $before ]" 5 || true
sleep 0.3
d1=$(stat_get "$HA" drop_udp_hdr) k1=$(stat_get "$HA" drop_key) e1=$(stat_get "$HA" drop_encap)
after=$(grep -c "^from" "$T/ha.listen434" || true)
ktap_print_msg "drop_udp_hdr $d0 -> $d1, drop_key $k0 -> $k1, drop_encap $e0 -> $e1, owner's datagrams $before -> $after"
ktap_result $([ $((d1 - d0)) -eq 3 ] && [ $((k1 - k0)) -eq 1 ] &&
	[ $((e1 - e0)) -eq 1 ] && [ $((after - before)) -eq 1 ] &&
	[ -z "$(dmesg_problems)" ]; echo $?) \
	"malformed tunnel headers, a wrong key and bare IP for a TLV record are dropped and counted; a registration request reaches the owner"

# 13. software segmentation of the tunnel's GSO packets
ip netns exec "$MN" ethtool -K eth0 tx-udp_tnl-segmentation off \
	tx-udp_tnl-csum-segmentation off >/dev/null 2>&1 || true
feat=$(ip netns exec "$MN" ethtool -k eth0 2>/dev/null | grep -c 'tx-udp_tnl.*segmentation: off' || true)
txd0=$(ip -n "$MN" -s -j link show eth0 | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["stats64"]["tx"]["dropped"])')
ok=1
tcp_transfer "$MN" "$CN" $CN4 5009 500000 $HOA4 || ok=0
txd1=$(ip -n "$MN" -s -j link show eth0 | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["stats64"]["tx"]["dropped"])')
ktap_print_msg "UDP tunnel segmentation off on $feat features; eth0 tx dropped $txd0 -> $txd1"
ktap_result $([ $ok -eq 1 ] && [ "$feat" -eq 2 ] && [ "$txd1" -eq "$txd0" ]; echo $?) \
	"GSO packets of the tunnel segmented in software: a TCP transfer, no drop"

ktap_finish
