#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# mcoa_mn.sh: a mobile node with multiple care-of addresses (RFC 5648;
# BID-PRI of RFC 6089) and ipmobd at both ends. Topology: mip6_lib.bash;
# the node's links: eth0 home, eth1 on A (BID 1, BID-PRI 1), eth2 on B
# (BID 2, BID-PRI 2).
#
#   1. leaving home for A and B at once: one bulk BU with BIDs 1 and 2,
#      each with its care-of address, O set (tshark); BA 0 echoing both;
#      both ends hold both records with their BIDs and priorities
#   2. the correspondent's pings and TCP stream go through A (the
#      preferred record; capture on the node's links)
#   3. A unplugged: both ends drop BID 1 (the home agent within a second),
#      the traffic moves to B; loss reported (fails above 3 s), the TCP
#      stream survives
#   4. A plugged back: BID 1 registered again, the traffic back on A
#   5. home: a regular deregistration, no binding left at either end; the
#      ping and the TCP stream survived it all
# ipmob-timeout: 420
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

wait_for "ip -n $MN -6 addr show dev eth0 scope global | grep -q 2001:db8:1:" 20 || true
mip6_ha_conf "$T/ha.conf"
mip6_mcoa_conf "$T/mn.conf"
mip6_daemon "$HA" "$T/ha.conf" "$T/ha.log"
wait_for "grep -q 'home agent on br0' '$T/ha.log'" 20 || true
mip6_daemon "$MN" "$T/mn.conf" "$T/mn.log"
wait_for "grep -q 'movement: at home' '$T/mn.log'" 20 || true
mip6_traffic "$T" 0.02 0.05
sleep 1

# recs NS: the care-of records of the home registration, "bid:prio:addr"
recs() {
	"$IPMOB" -n "$1" -j binding show 2>/dev/null | /usr/bin/python3 -c '
import json, sys
for b in json.load(sys.stdin):
    if b.get("hoa") == sys.argv[1] and "prefix_len" not in b and b.get("coas"):
        print(" ".join("%s:%s:%s" % (c.get("bid", 0), c.get("prio", 0), c["addr"][:11])
                       for c in sorted(b["coas"], key=lambda c: c.get("bid", 0))))' "$M_HOA"
}
WANT2="1:1:2001:db8:a: 2:2:2001:db8:b:"
move() {
	echo "$(date +%s.%N) $1" >>"$T/moves"
}
# via FILE-PREFIX: echo requests tunnelled to the node on eth1 and eth2
via() {
	cap_start "$MN" eth1 "$T/$1a.pcap" "ip6"
	local pa=$CAP_PID
	cap_start "$MN" eth2 "$T/$1b.pcap" "ip6"
	sleep 2
	kill -INT "$pa" 2>/dev/null || true
	wait "$pa" 2>/dev/null || true
	cap_stop
	local f n=()
	for f in "$T/$1a.pcap" "$T/$1b.pcap"; do
		n+=("$(decode "$f" "icmpv6.type == 128 && ipv6.dst == $M_HOA && ipv6.nxt == 41" frame.number | grep -c . || true)")
	done
	echo "${n[*]}"
}

# 1. home -> A and B
cap_start "$HA" up0 "$T/sig.pcap" "ip6"
SIGCAP=$CAP_PID
move "home->A+B"
ip -n "$HA" link set h-mn down
ip -n "$AR1" link set a-mn up
ip -n "$AR2" link set b-mn up
wait_for "[ \"\$(recs $HA)\" = '$WANT2' ] && [ \"\$(recs $MN)\" = '$WANT2' ]" 30 || true
r1h=$(recs "$HA") r1m=$(recs "$MN")
# the signalling of the first movement only (tshark reads the whole run
# slowly under emulation)
kill -INT "$SIGCAP" 2>/dev/null || true
wait "$SIGCAP" 2>/dev/null || true
ktap_print_msg "home agent: $r1h; mobile node: $r1m"
ktap_result "$([ "$r1h" = "$WANT2" ] && [ "$r1m" = "$WANT2" ]; echo $?)" \
	"on A and B: both ends hold BIDs 1 and 2 with their priorities"

# 2. the preferred record carries the traffic
v2=$(via s2)
ktap_print_msg "tunnelled echo requests on eth1 (A), eth2 (B): $v2"
read -r a b <<<"$v2"
ktap_result "$([ "$a" -ge 10 ] && [ "$b" = 0 ]; echo $?)" \
	"the correspondent's traffic goes through A (BID-PRI 1) only"

# 3. A unplugged
move "A+B->B"
t0=$(date +%s.%N)
ip -n "$AR1" link set a-mn down
wait_for "[ \"\$(recs $HA)\" = '2:2:2001:db8:b:' ]" 10 || true
t1=$(date +%s.%N)
r3=$(recs "$HA")
v3=$(via s3)
read -r a b <<<"$v3"
ktap_print_msg "home agent after $(/usr/bin/python3 -c "print(round($t1 - $t0, 2))") s: $r3; tunnelled on A, B: $v3"
ktap_result "$([ "$r3" = "2:2:2001:db8:b:" ] && [ "$a" = 0 ] && [ "$b" -ge 10 ]; echo $?)" \
	"A unplugged: BID 1 withdrawn at the home agent, the traffic on B"

# 4. A back
move "B->A+B"
ip -n "$AR1" link set a-mn up
wait_for "[ \"\$(recs $HA)\" = '$WANT2' ]" 20 || true
r4=$(recs "$HA")
v4=$(via s4)
read -r a b <<<"$v4"
ktap_print_msg "home agent: $r4; tunnelled on A, B: $v4"
ktap_result "$([ "$r4" = "$WANT2" ] && [ "$a" -ge 10 ] && [ "$b" = 0 ]; echo $?)" \
	"A plugged back: BID 1 registered again, the traffic back on A"

# 5. home
move "A+B->home"
ip -n "$AR1" link set a-mn down
ip -n "$AR2" link set b-mn down
ip -n "$HA" link set h-mn up
rc=0; mip6_wait_home 30 || rc=$?
sleep 1
touch "$T/stop"
# a stream that stalled would sit in its RTO backoff for minutes
wait_for "! kill -0 $CLIENT 2>/dev/null" 40 ||
	{ ktap_print_msg "the TCP stream stalled: CN $(ip netns exec "$CN" ss -Htin | tr '\n' ' ')" \
		"MN $(ip netns exec "$MN" ss -Htin | tr '\n' ' ')"
	  kill "$CLIENT" 2>/dev/null; rc=1; }
wait "$CLIENT" 2>/dev/null || rc=1
# (an asynchronous job ignores SIGINT: stop it with SIGTERM)
kill -TERM "$PING" 2>/dev/null || true
wait "$PING" 2>/dev/null || true
loss=$(/usr/bin/python3 "$D/losses.py" "$T/ping.log" "$T/moves" 2>&1 || true)
# the first bulk BU that names both (the first may name A alone: B's
# address can come a moment after)
bu=$(decode "$T/sig.pcap" "mip6.mhtype == 5 && mip6.bi.bid" mip6.bi.bid mip6.bi.coa_ipv6 |
	grep -m1 '^1,2|' || true)
ktap_print_msg "losses: $loss" "client: $(tail -n 2 "$T/client.log" | tr '\n' ' ')" \
	"bulk BU naming both (BIDs|care-of addresses): $bu"
worst=$(grep -o 'gap [0-9]* ms' <<<"$loss" | awk '{if ($2 > m) m = $2} END {print m + 0}')
ktap_result "$([ "$rc" = 0 ] && grep -q "^1,2|2001:db8:a:.*,2001:db8:b:" <<<"$bu" &&
	[ "${worst:-0}" -le 3000 ]; echo $?)" \
	"home: no binding left; the bulk BU named both; the TCP stream survived; worst gap ${worst:-?} ms"
if [ "$KTAP_FAIL" -ne 0 ]; then
	ktap_print_msg "node's routes: $(ip -n "$MN" -6 route show | tr '\n' ';')" \
		"node's addresses: $(ip -n "$MN" -6 -br addr | tr '\n' ';')" \
		"node's sessions: $("$IPMOB" -n "$MN" binding show | tr '\n' ';')" \
		"home agent's: $("$IPMOB" -n "$HA" binding show | tr '\n' ';')" \
		"server: $(cat "$T/server.log")" "$(drops_of "$MN" "$HA")"
	ktap_print_msg "$(grep -E 'movement|BU sent|BA received|BID|warn|err' "$T/mn.log" | tail -n 30)"
	ktap_print_msg "$(grep -E 'BU from|BA sent|warn|err' "$T/ha.log" | tail -n 20)"
fi
ktap_finish
