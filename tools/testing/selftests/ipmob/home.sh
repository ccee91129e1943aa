#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# home.sh: a session's home record (encap home, RFC 5648 5.6: the mobile
# node on its home link and away at once), set through the CLI at both
# ends; the data plane alone (no daemon). Topology: ipmob_lib.bash's, and
# a real home link: HA hl0 (the home prefix, 2001:db8:1::1/64) -- MN eth1
# (the home address there, its packets from it leaving through HA).
# Records: BID 1 the home record (prio 0), BID 2 the tunnel to COA
# (prio 1).
#
#   1. the correspondent's pings go natively over the home link both ways
#      (captures on hl0 and on R's mn0: nothing tunnelled), tx_home at
#      both ends
#   2. flow rules at both ends: UDP to port 5001 through BID 2, tunnelled
#      on mn0 both ways and not on the home link; the ping stays native
#   3. an n-cast rule (BID 1 and 2): each packet natively on the home link
#      and tunnelled on mn0 (the device's native send), tx_copy
#   4. the home record withdrawn (binding change to BID 2 alone): the pings
#      go tunnelled, none natively
#   5. bad input: the CLI refuses a home record that is not the home
#      address, one in a prefix session, one with a key; nothing changed
# ipmob-timeout: 240
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/ipmob_lib.bash"

require_root
require_cmd ip ping tshark dumpcap
ipmob_load

ktap_header
ktap_plan 5
topo_mip6
T=$(test_tmpdir)
PY=/usr/bin/python3

# the home link: the home prefix moves from the dummy to a veth to MN
veth_pair "$HA" hl0 "$MN" eth1
ip -n "$HA" -6 addr del $HA_ADDR/64 dev home0
ip -n "$HA" -6 addr add $HA_ADDR/64 dev hl0 nodad
ip -n "$MN" -6 addr add $HOA/64 dev eth1 nodad
# what leaves from the home address natively goes through the home link;
# the tunnel from the care-of address through the foreign link, though
# the home agent's address is on-link on the home link now (ipmobd puts
# in both routes, mn.c mn_srcroutes())
ip -n "$MN" -6 route add default from $HOA/128 via $HA_ADDR dev eth1
ip -n "$MN" -6 route add $HA_ADDR/128 from $COA/128 via 2001:db8:2::1 dev eth0

# sessions WORDS: both ends' records (the home record, BID 1, first)
HREC=(coa "$HOA" encap home bid 1 prio 0)
TUN=(coa "$COA" bid 2 prio 1)
ipmob_n "$HA" binding add hoa $HOA "${HREC[@]}" "${TUN[@]}" local $HA_ADDR dev mob0
ipmob_n "$MN" binding add hoa $HOA "${HREC[@]}" "${TUN[@]}" peer $HA_ADDR dev mob0

# capture NAME CMD...: run CMD with captures on HA's hl0 (the home link)
# and R's mn0 (the foreign link); files $T/NAME-home.pcap, -away.pcap
capture() {
	local name=$1 ph pa
	shift
	cap_begin "$HA" hl0 "$T/$name-home.pcap" "ip6"
	ph=$CAP_PID
	cap_begin "$R" mn0 "$T/$name-away.pcap" "ip6"
	pa=$CAP_PID
	cap_ready "$T/$name-home.pcap" "$T/$name-away.pcap"
	"$@" || true
	sleep 0.5
	kill -INT "$ph" "$pa" 2>/dev/null || true
	wait "$ph" "$pa" 2>/dev/null || true
}

# udp_both PORT N: N datagrams CN -> HoA:PORT, and as many back from the
# home address (source port PORT) to CN
udp_both() {
	ns_exec "$CN" $PY -c '
import socket, sys, time
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
for i in range(int(sys.argv[3])):
    s.sendto(b"home record", (sys.argv[1], int(sys.argv[2])))
    time.sleep(0.01)' $HOA "$1" "$2"
	ns_exec "$MN" $PY -c '
import socket, sys, time
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.bind((sys.argv[2], int(sys.argv[3])))
for i in range(int(sys.argv[4])):
    s.sendto(b"home record", (sys.argv[1], 9))
    time.sleep(0.01)' $CN_ADDR $HOA "$1" "$2"
}

# (tshark's ipv6.* match any IPv6 header of the frame: the inner one of
# a tunnelled packet, the quoted one of an ICMPv6 error)
NATIVE_REQ="icmpv6.type == 128 && ipv6.dst == $HOA && !(ipv6.nxt == 41)"
NATIVE_REP="icmpv6.type == 129 && ipv6.src == $HOA && !(ipv6.nxt == 41)"
TUN_REQ="ipv6.nxt == 41 && icmpv6.type == 128"
TUN_REP="ipv6.nxt == 41 && icmpv6.type == 129"

# neighbours resolved before anything is counted
ns_exec "$CN" ping -6 -c 2 -i 0.2 -W 2 $HOA >/dev/null 2>&1 || true
ns_exec "$R" ping -6 -c 1 -W 2 $COA >/dev/null 2>&1 || true

# 1. native both ways
h0=$(stat_get "$HA" tx_home) m0=$(stat_get "$MN" tx_home)
capture s1 ns_exec "$CN" ping -6 -c 10 -i 0.1 -W 2 $HOA >"$T/ping1" 2>&1
rx=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$T/ping1")
h1=$(stat_get "$HA" tx_home) m1=$(stat_get "$MN" tx_home)
n1=$(counts "$T/s1-home.pcap" "$NATIVE_REQ" "$NATIVE_REP")
t1=$(counts "$T/s1-away.pcap" "$TUN_REQ || $TUN_REP")
ktap_print_msg "replies $rx/10; native requests, replies on the home link: $n1; tunnelled on mn0: $t1; tx_home HA $h0 -> $h1, MN $m0 -> $m1"
read -r a b <<<"$n1"
ktap_result "$([ "${rx:-0}" -ge 9 ] && [ "$a" -ge 9 ] && [ "$b" -ge 9 ] &&
	[ "$t1" = 0 ] && [ $((h1 - h0)) -ge 9 ] && [ $((m1 - m0)) -ge 9 ]; echo $?)" \
	"the home record: pings natively over the home link both ways, tx_home at both ends"

# 2. UDP 5001 through the tunnel, at both ends
ipmob_n "$HA" flow add hoa $HOA dev mob0 fid 1 bid 2 proto udp dport 5001
ipmob_n "$MN" flow add hoa $HOA peer $HA_ADDR dev mob0 fid 1 bid 2 proto udp sport 5001
s2_traffic() {
	ns_exec "$CN" ping -6 -c 10 -i 0.1 -W 2 $HOA >"$T/ping2" 2>&1 &
	udp_both 5001 10
	wait $! || true
}
capture s2 s2_traffic
read -r u_in u_out pt2 <<<"$(counts "$T/s2-away.pcap" \
	"ipv6.nxt == 41 && udp.dstport == 5001 && !icmpv6" \
	"ipv6.nxt == 41 && udp.srcport == 5001 && !icmpv6" "$TUN_REQ || $TUN_REP")"
read -r u_home p2 <<<"$(counts "$T/s2-home.pcap" "udp.port == 5001 && !icmpv6" "$NATIVE_REQ")"
ktap_print_msg "UDP 5001 tunnelled to, from the node: $u_in, $u_out; on the home link: $u_home; pings native: $p2, tunnelled: $pt2"
ktap_result "$([ "$u_in" -ge 9 ] && [ "$u_out" -ge 9 ] && [ "$u_home" = 0 ] &&
	[ "$p2" -ge 9 ] && [ "$pt2" = 0 ]; echo $?)" \
	"a flow rule sends UDP 5001 through the tunnel both ways; the ping stays native"

# 3. n-cast: a copy natively, one tunnelled (HA's device sends the native one)
ipmob_n "$HA" flow add hoa $HOA dev mob0 fid 2 bid 1 bid 2 proto udp dport 5003
c0=$(stat_get "$HA" tx_copy) h0=$(stat_get "$HA" tx_home)
capture s3 ns_exec "$CN" $PY -c '
import socket, sys, time
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
for i in range(10):
    s.sendto(b"both", (sys.argv[1], 5003))
    time.sleep(0.01)' $HOA
c1=$(stat_get "$HA" tx_copy) h1=$(stat_get "$HA" tx_home)
n3h=$(counts "$T/s3-home.pcap" "udp.dstport == 5003 && !icmpv6 && !(ipv6.nxt == 41)")
n3a=$(counts "$T/s3-away.pcap" "udp.dstport == 5003 && !icmpv6 && ipv6.nxt == 41")
ktap_print_msg "UDP 5003 natively on the home link: $n3h, tunnelled on mn0: $n3a; tx_copy +$((c1 - c0)), tx_home +$((h1 - h0))"
ktap_result "$([ "$n3h" = 10 ] && [ "$n3a" = 10 ] && [ $((c1 - c0)) = 10 ] &&
	[ $((h1 - h0)) -ge 10 ]; echo $?)" \
	"an n-cast rule over the home record and the tunnel: every packet on both links"

# 4. the home record withdrawn: everything tunnelled
ipmob_n "$HA" binding change hoa $HOA "${TUN[@]}" local $HA_ADDR dev mob0
ipmob_n "$MN" binding change hoa $HOA "${TUN[@]}" peer $HA_ADDR dev mob0
capture s4 ns_exec "$CN" ping -6 -c 10 -i 0.1 -W 2 $HOA >"$T/ping4" 2>&1
rx=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$T/ping4")
n4=$(counts "$T/s4-home.pcap" "$NATIVE_REQ || $NATIVE_REP")
t4=$(counts "$T/s4-away.pcap" "$TUN_REQ" "$TUN_REP")
ktap_print_msg "replies $rx/10; native on the home link: $n4; tunnelled requests, replies: $t4"
read -r a b <<<"$t4"
ktap_result "$([ "${rx:-0}" -ge 9 ] && [ "$n4" = 0 ] && [ "$a" -ge 9 ] &&
	[ "$b" -ge 9 ]; echo $?)" \
	"without the home record the pings go through the tunnel"

# 5. bad input
before=$("$IPMOB" -n "$HA" -j binding show)
r5=0
bindings_refused "$HA" \
	"hoa 2001:db8:1::5 coa 2001:db8:1::6 encap home" \
	"hoa 2001:db8:1::/64 coa 2001:db8:1:: encap home" \
	"hoa 2001:db8:1::5 coa 2001:db8:1::5 encap home key 3" \
	"hoa 10.0.1.5 coa 10.0.1.5 encap home" || r5=$?
after=$("$IPMOB" -n "$HA" -j binding show)
ktap_result "$([ "$r5" = 0 ] && [ "$before" = "$after" ]; echo $?)" \
	"bad home records refused with one line each, nothing changed"
if [ "$KTAP_FAIL" -ne 0 ]; then
	ktap_print_msg "HA: $("$IPMOB" -n "$HA" binding show | tr '\n' ';')" \
		"MN: $("$IPMOB" -n "$MN" binding show | tr '\n' ';')" \
		"MN routes: $(ip -n "$MN" -6 route show | tr '\n' ';')" \
		"$(drops_of "$MN" "$HA" 2>/dev/null || true)"
fi
ktap_finish
