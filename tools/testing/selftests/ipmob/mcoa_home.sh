#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# mcoa_home.sh: home and away at once (RFC 5648 5.6, 6.2, 6.3): ipmobd at
# both ends, "home-binding yes" at both, the mobile node with
# "multiple-care-of yes". Topology: mip6_lib.bash; the node's links: eth0
# on the home link (BID 3, BID-PRI 1), eth1 on A (BID 1, BID-PRI 2), eth2
# on B (BID 2, unplugged throughout); HN a host on the home link. Its
# policy:
#
#   flow 10 udp dport 5001 via eth1   (A)
#   (the rest: the registered link of lowest BID-PRI, home)
#
# The correspondent pings the home address and streams TCP to it from the
# start (at home, eth0 only) to the end.
#   1. A plugged while eth0 stays at home: a bulk BU whose BID 3 has the H
#      flag and the home address as its care-of address beside BID 1 with
#      its care-of address on A (tshark), BA 0; both ends hold BID 3 (a
#      record of encap "home" at the home address) and BID 1 on A
#   2. native on the home link: the correspondent's echo requests arrive
#      on eth0 unencapsulated (next header 58), the replies leave eth0
#      so, nothing tunnelled on eth1, both ends count them as sent through
#      the home record (tx_home); HN resolves the home address to the
#      node's eth0 link-layer address and the home agent answers no
#      solicitation for it (tx_proxy_na unchanged)
#   3. flow split: UDP to the correspondent's port 5001 from the home
#      address is tunnelled via eth1 (A) both ways, none on eth0, while
#      the ping stays native on eth0
#   4. home link lost (the home agent's port h-mn down): a BU without an
#      H BID, BA 0; both ends hold BID 1 only; proxy ND again (HN's entry
#      for the home address goes to the home agent's link-layer address);
#      the ping arrives tunnelled on eth1
#   5. the ping and the TCP stream survived it all (loss per movement
#      reported, fails above 3 s)
# ipmob-timeout: 480
# ipmob-kernels: 6.12
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/mip6_lib.bash"

require_root
require_cmd ip ping radvd dumpcap tshark
ipmob_load

ktap_header
ktap_plan 5
topo_mobility
T=$(test_tmpdir)
D=$(dirname -- "${BASH_SOURCE[0]}")
PY=/usr/bin/python3

wait_for "ip -n $MN -6 addr show dev eth0 scope global | grep -q 2001:db8:1:" 20 || true
mip6_ha_conf "$T/ha.conf" "home-binding yes"
mip6_mn_conf "$T/mn.conf" "home-agent $M_HA
multiple-care-of yes
home-binding yes
flow 10 udp dport 5001 via eth1" "link eth0 bid 3 priority 1 preference 10
link eth1 bid 1 priority 2 preference 5
link eth2 bid 2 priority 3"
# the correspondent's UDP echo server for the flow of step 3
ns_exec "$CN" $PY "$D/flow_udp.py" server $M_CN 5001 >/dev/null 2>&1 &
_IPMOB_BG_PIDS+=("$!")
mip6_daemon "$HA" "$T/ha.conf" "$T/ha.log"
wait_for "grep -q 'home agent on br0' '$T/ha.log'" 20 || true
mip6_daemon "$MN" "$T/mn.conf" "$T/mn.log"
wait_for "grep -q 'movement: at home' '$T/mn.log'" 20 || true
mip6_traffic "$T" 0.02 0.05
sleep 1

macof() { ip netns exec "$1" cat "/sys/class/net/$2/address"; }
HA_MAC=$(macof "$HA" br0)
MN_MAC=$(macof "$MN" eth0)
# hn_ll: the link-layer address HN's neighbour cache has for the home
# address ("" if none)
hn_ll() {
	ip -n "$HN" -6 neigh show "$M_HOA" dev eth0 2>/dev/null |
		sed -n 's/.* lladdr \([0-9a-f:]*\).*/\1/p'
}
# proxy_na: the home agent's tx_proxy_na counter
proxy_na() { stat_get "$HA" tx_proxy_na 2>/dev/null || echo 0; }
# recs NS: the care-of records of the home registration,
# "bid:prio:encap:addr" (the address whole for the home record, its
# first 11 characters, the prefix, for the others)
# shellcheck disable=SC2317 # called by wait_for
recs() {
	"$IPMOB" -n "$1" -j binding show 2>/dev/null | $PY -c '
import json, sys
for b in json.load(sys.stdin):
    if b.get("hoa") == sys.argv[1] and "prefix_len" not in b and b.get("coas"):
        print(" ".join("%s:%s:%s:%s" % (c.get("bid", 0), c.get("prio", 0), c.get("encap", ""),
                                         c.get("addr", "") if c.get("encap") == "home"
                                         else c.get("addr", "")[:11])
                       for c in sorted(b["coas"], key=lambda c: c.get("bid", 0))))' "$M_HOA"
}
WANT1="1:2:ip6ip6:2001:db8:a: 3:1:home:$M_HOA"
WANT4="1:2:ip6ip6:2001:db8:a:"
move() {
	echo "$(date +%s.%N) $1" >>"$T/moves"
}
# sig FILE: the BUs of a capture and the BAs answering them, one line
# each: "BU seq=S bids=B[H],B[H] coas=A,A BA=STATUS" (BID 3H: the H flag;
# BA=- when none answered)
sig() {
	decode "$1" "mip6.mhtype == 5 || mip6.mhtype == 6" mip6.mhtype \
		mip6.bu.seqnr mip6.ba.seqnr mip6.ba.status mip6.bi.bid \
		mip6.bi.h_flag mip6.bi.coa_ipv6 | $PY -c '
import sys
bus, ba = [], {}
for line in sys.stdin:
    f = line.rstrip("\n").split("|")
    if len(f) < 7:
        continue
    t, bseq, aseq, st, bids, hs, coas = f[:7]
    if t == "6":
        ba.setdefault(aseq, st)
    elif t == "5" and bseq not in [b[0] for b in bus]:
        h = [x in ("1", "True") for x in hs.split(",")] if hs else []
        bids = bids.split(",") if bids else []
        bus.append((bseq, ",".join(b + ("H" if i < len(h) and h[i] else "")
                                   for i, b in enumerate(bids)), coas))
for seq, bids, coas in bus:
    print("BU seq=%s bids=%s coas=%s BA=%s" % (seq, bids, coas, ba.get(seq, "-")))'
}
# counts PREFIX: in the captures PREFIX-0.pcap (the node's eth0) and
# PREFIX-1.pcap (eth1), the correspondent's echo requests to the home
# address (req), the replies (rep), UDP from the home address to port
# 5001 (uout) and back (uin); per link (0, 1), native (n: the protocol
# right after the IPv6 header) or tunnelled (t: IPv6 in IPv6 to or from
# the home agent): "req0n=N req0t=N ..."
counts() {
	$PY - "$D" "$T/$1" "$M_HOA" "$M_CN" "$M_HA" <<'PY'
import socket
import struct
import sys
sys.path.insert(0, sys.argv[1])
from pcapread import ipv6_packets

hoa, cn, ha = (socket.inet_pton(socket.AF_INET6, a) for a in sys.argv[3:6])
n = {}
for i in (0, 1):
    for ip in ipv6_packets("%s-%d.pcap" % (sys.argv[2], i)):
        how = "n"
        if ip[6] == 41 and len(ip) >= 80 and ha in (ip[8:24], ip[24:40]):
            ip, how = ip[40:], "t"
            if ip[0] >> 4 != 6:
                continue
        nh, src, dst, l4 = ip[6], ip[8:24], ip[24:40], ip[40:]
        k = None
        if nh == 58 and l4[:1] == b"\x80" and src == cn and dst == hoa:
            k = "req"
        elif nh == 58 and l4[:1] == b"\x81" and src == hoa and dst == cn:
            k = "rep"
        elif nh == 17 and len(l4) >= 4:
            sp, dp = struct.unpack("!HH", l4[:4])
            if dp == 5001 and src == hoa and dst == cn:
                k = "uout"
            elif sp == 5001 and src == cn and dst == hoa:
                k = "uin"
        if k:
            k = "%s%d%s" % (k, i, how)
            n[k] = n.get(k, 0) + 1
print(" ".join("%s%d%s=%d" % (k, i, h, n.get("%s%d%s" % (k, i, h), 0))
               for k in ("req", "rep", "uout", "uin") for i in (0, 1) for h in "nt"))
PY
}
# watch PREFIX [udp]: capture on the node's eth0 and eth1 for 2 s (with
# udp: while the node sends 20 datagrams to the correspondent's port 5001,
# which echoes them; the client's "sent N received M" in PREFIX-udp);
# the counts into C (an associative array)
declare -A C
watch() {
	local p0 p1 kv out
	cap_begin "$MN" eth0 "$T/$1-0.pcap" "ip6"
	p0=$CAP_PID
	cap_begin "$MN" eth1 "$T/$1-1.pcap" "ip6"
	p1=$CAP_PID
	cap_ready "$T/$1-0.pcap" "$T/$1-1.pcap" || true
	if [ "${2:-}" = udp ]; then
		ns_exec "$MN" $PY "$D/flow_udp.py" client $M_HOA $M_CN 5001 20 0.02 \
			>"$T/$1-udp" 2>&1 || true
	else
		sleep 2
	fi
	sleep 1		# the captures' last block (see testing.md)
	kill -INT "$p0" "$p1" 2>/dev/null || true
	wait "$p0" "$p1" 2>/dev/null || true
	out=$(counts "$1" 2>&1 || true)
	C=()
	for kv in $out; do
		[[ $kv == *=* ]] && C[${kv%%=*}]=${kv#*=}
	done
	WATCHED=$out
}
c() { echo "${C[$1]:-0}"; }

# the signalling: Mobility Headers, after a Home Address option (BU) or
# a type 2 routing header (BA) too
MHF="ip6 and (ip6[6] == 135 or ip6[6] == 60 or ip6[6] == 43)"

# 1. A plugged while at home
ktap_print_msg "at home: node's eth0 $(ip -n "$MN" -6 -br addr show dev eth0 | tr -s ' ')"
cap_start "$HA" any "$T/sig1.pcap" "$MHF"
SIGCAP=$CAP_PID
move "home->home+A"
ip -n "$AR1" link set a-mn up
r1h="" r1m=""	# as wait_for reads them last
wait_for "r1h=\$(recs $HA) && r1m=\$(recs $MN) && [ \"\$r1h\" = '$WANT1' ] && [ \"\$r1m\" = '$WANT1' ]" 30 || true
sleep 1		# the BA's block
kill -INT "$SIGCAP" 2>/dev/null || true
wait "$SIGCAP" 2>/dev/null || true
s1=$(sig "$T/sig1.pcap" || true)
# a BU with BID 3 H at the home address and BID 1 at a care-of address
# on A, answered 0
s1ok=$($PY -c '
import re, sys
for line in sys.argv[1].splitlines():
    m = re.match(r"BU seq=\d+ bids=(\S*) coas=(\S*) BA=(\S+)", line)
    if not m:
        continue
    o = dict(zip(m.group(1).split(","), m.group(2).split(",")))
    if (len(o) == len(m.group(1).split(",")) == len(m.group(2).split(",")) and
            o.get("3H") == sys.argv[2] and o.get("1", "").startswith("2001:db8:a:") and
            m.group(3) == "0"):
        print(line)
        break' "$s1" "$M_HOA")
ktap_print_msg "home agent: $r1h; mobile node: $r1m" \
	"node's eth0: $(ip -n "$MN" -6 -br addr show dev eth0 | tr -s ' '), mob0: $(ip -n "$MN" -6 -br addr show dev mob0 | tr -s ' ')" \
	"signalling: $(tr '\n' ';' <<<"$s1")" "$(drops_of "$MN")"
ktap_result "$([ "$r1h" = "$WANT1" ] && [ "$r1m" = "$WANT1" ] && [ -n "$s1ok" ]; echo $?)" \
	"home and A: a BU with BID 3 (H, the home address) and BID 1 (A), BA 0; both ends hold the home record and A's"

# 2. native on the home link
th0=$(stat_get "$HA" tx_home 2>/dev/null || echo 0)
tm0=$(stat_get "$MN" tx_home 2>/dev/null || echo 0)
watch s2
v2=$WATCHED
th1=$(stat_get "$HA" tx_home 2>/dev/null || echo 0)
tm1=$(stat_get "$MN" tx_home 2>/dev/null || echo 0)
ip -n "$HN" -6 neigh del $M_HOA dev eth0 2>/dev/null || true
pn0=$(proxy_na)
hn2=$(ns_exec "$HN" ping -6 -c 2 -i 0.3 -W 2 $M_HOA 2>/dev/null |
	sed -n 's/.* \([0-9]*\) received.*/\1/p' || true)
ll2=$(hn_ll)
pn1=$(proxy_na)
ktap_print_msg "on eth0, eth1 (n native, t tunnelled): $v2" \
	"sent natively through the home record (tx_home): home agent $th0 -> $th1, node $tm0 -> $tm1" \
	"HN's pings answered: ${hn2:-0} of 2; HN's entry for the home address: ${ll2:-none} (node $MN_MAC, home agent $HA_MAC)" \
	"home agent's proxy NAs: $pn0 -> $pn1; its neighbour entry: $(ip -n "$HA" -6 neigh show $M_HOA | tr '\n' ';')"
ktap_result "$([ "$(c req0n)" -ge 10 ] && [ "$(c rep0n)" -ge 10 ] &&
	[ "$(c req0t)" = 0 ] && [ "$(c rep0t)" = 0 ] &&
	[ "$(c req1t)" = 0 ] && [ "$(c rep1t)" = 0 ] &&
	[ $((th1 - th0)) -ge 10 ] && [ $((tm1 - tm0)) -ge 10 ] &&
	[ "${hn2:-0}" -ge 1 ] && [ "$ll2" = "$MN_MAC" ] && [ "$pn1" = "$pn0" ]; echo $?)" \
	"native on the home link: pings both ways unencapsulated on eth0 (tx_home at both ends), none on eth1; HN resolves the home address to the node, the home agent does not proxy it"

# 3. the flow of UDP 5001 through A, the rest at home
watch s3 udp
v3=$WATCHED
u3=$(cat "$T/s3-udp" 2>/dev/null || true)
got3=$(sed -n 's/.*received \([0-9]*\).*/\1/p' <<<"$u3")
ktap_print_msg "on eth0, eth1: $v3" "UDP client: $u3" \
	"node's flows: $("$IPMOB" -n "$MN" flow show 2>&1 | tr '\n' ';')" \
	"home agent's: $("$IPMOB" -n "$HA" flow show 2>&1 | tr '\n' ';')"
ktap_result "$([ "$(c uout1t)" -ge 18 ] && [ "$(c uin1t)" -ge 18 ] &&
	[ "$(c uout0n)" = 0 ] && [ "$(c uout0t)" = 0 ] &&
	[ "$(c uin0n)" = 0 ] && [ "$(c uin0t)" = 0 ] &&
	[ "$(c uout1n)" = 0 ] && [ "$(c uin1n)" = 0 ] && [ "${got3:-0}" -ge 18 ] 2>/dev/null &&
	[ "$(c req0n)" -ge 10 ] && [ "$(c req1t)" = 0 ]; echo $?)" \
	"flow split: UDP 5001 tunnelled via A both ways, none on eth0; the ping native on eth0"

# 4. the home link lost
cap_start "$HA" any "$T/sig4.pcap" "$MHF"
SIGCAP=$CAP_PID
pn0=$(proxy_na)
move "home+A->A"
t0=$(date +%s.%N)
ip -n "$HA" link set h-mn down
r4h="" r4m=""	# as wait_for reads them last
wait_for "r4h=\$(recs $HA) && [ \"\$r4h\" = '$WANT4' ]" 10 || true
t1=$(date +%s.%N)
wait_for "r4m=\$(recs $MN) && [ \"\$r4m\" = '$WANT4' ]" 10 || true
# HN's entry follows the home agent's unsolicited advertisement; if it
# did not, a new solicitation must be answered by the home agent
how4="unsolicited"
wait_for "[ \"\$(hn_ll)\" = '$HA_MAC' ]" 5 || {
	how4="solicited"
	ip -n "$HN" -6 neigh del $M_HOA dev eth0 2>/dev/null || true
}
hn4=$(ns_exec "$HN" ping -6 -c 2 -i 0.3 -W 2 $M_HOA 2>/dev/null |
	sed -n 's/.* \([0-9]*\) received.*/\1/p' || true)
ll4=$(hn_ll)
pn1=$(proxy_na)
kill -INT "$SIGCAP" 2>/dev/null || true
wait "$SIGCAP" 2>/dev/null || true
s4=$(sig "$T/sig4.pcap" || true)
# the first BU without H, answered; none with H after it
bu4=$(grep -v '^BU seq=[0-9]* bids=[^ ]*H' <<<"$s4" | head -n 1 || true)
last4=$(tail -n 1 <<<"$s4")
watch s4
v4=$WATCHED
ktap_print_msg "home agent after $($PY -c "print(round($t1 - $t0, 2))") s: $r4h; mobile node: $r4m" \
	"signalling: $(tr '\n' ';' <<<"$s4")" \
	"HN's entry for the home address: ${ll4:-none} ($how4; home agent $HA_MAC), its pings answered ${hn4:-0} of 2; proxy NAs $pn0 -> $pn1" \
	"on eth0, eth1: $v4"
ktap_result "$([ "$r4h" = "$WANT4" ] && [ "$r4m" = "$WANT4" ] &&
	grep -Eq '^BU seq=[0-9]+ bids=[0-9,]+ .* BA=0$' <<<"$bu4" &&
	grep -Eq '^BU seq=[0-9]+ bids=[0-9,]+ ' <<<"$last4" &&
	[ "$ll4" = "$HA_MAC" ] && [ "${hn4:-0}" -ge 1 ] &&
	[ "$(c req1t)" -ge 10 ] && [ "$(c rep1t)" -ge 10 ] && [ "$(c req0n)" = 0 ]; echo $?)" \
	"home link lost: a BU without H, BA 0, BID 1 alone at both ends; proxy ND again; the ping tunnelled via A"

# 5. the ping and the TCP stream survived
sleep 1
touch "$T/stop"
rc=0
# a stream that stalled would sit in its RTO backoff for minutes
wait_for "! kill -0 $CLIENT 2>/dev/null" 40 ||
	{ ktap_print_msg "the TCP stream stalled: CN $(ip netns exec "$CN" ss -Htin | tr '\n' ' ')" \
		"MN $(ip netns exec "$MN" ss -Htin | tr '\n' ' ')"
	  kill "$CLIENT" 2>/dev/null; rc=1; }
wait "$CLIENT" 2>/dev/null || rc=1
# (an asynchronous job ignores SIGINT: stop it with SIGTERM)
kill -TERM "$PING" 2>/dev/null || true
wait "$PING" 2>/dev/null || true
loss=$($PY "$D/losses.py" "$T/ping.log" "$T/moves" 2>&1 || true)
ktap_print_msg "losses: $loss" "client: $(tail -n 2 "$T/client.log" | tr '\n' ' ')"
worst=$(grep -o 'gap [0-9]* ms' <<<"$loss" | awk '{if ($2 > m) m = $2} END {print m + 0}')
ktap_result "$([ "$rc" = 0 ] && grep -q '^total lost' <<<"$loss" &&
	[ "${worst:-0}" -le 3000 ]; echo $?)" \
	"the ping and the TCP stream survived; worst gap ${worst:-?} ms"
if [ "$KTAP_FAIL" -ne 0 ]; then
	ktap_print_msg "node's routes: $(ip -n "$MN" -6 route show table all 2>/dev/null | grep -v '^local\|^multicast\|^anycast' | tr '\n' ';')" \
		"node's rules: $(ip -n "$MN" -6 rule show | tr '\n' ';')" \
		"node's addresses: $(ip -n "$MN" -6 -br addr | tr '\n' ';')" \
		"node's neighbours: $(ip -n "$MN" -6 neigh | tr '\n' ';')" \
		"node's sessions: $("$IPMOB" -n "$MN" binding show 2>&1 | tr '\n' ';')" \
		"home agent's: $("$IPMOB" -n "$HA" binding show 2>&1 | tr '\n' ';')" \
		"home agent's neighbours: $(ip -n "$HA" -6 neigh | tr '\n' ';')" \
		"home agent's routes: $(ip -n "$HA" -6 route show | tr '\n' ';')" \
		"home agent's home counters: tx_home $(stat_get "$HA" tx_home 2>/dev/null || echo ?), node's $(stat_get "$MN" tx_home 2>/dev/null || echo ?)" \
		"server: $(cat "$T/server.log")" "$(drops_of "$MN" "$HA")"
	ktap_print_msg "$(grep -E 'movement|BU sent|BA received|BID|home|warn|err' "$T/mn.log" | tail -n 40)"
	ktap_print_msg "$(grep -E 'BU from|BA sent|home|proxy|warn|err' "$T/ha.log" | tail -n 25)"
fi
ktap_finish
