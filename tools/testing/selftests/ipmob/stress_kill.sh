#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# stress_kill.sh: ipmobd killed with -9 under load loses nothing. The
# mobile node is registered on link A; the correspondent pings its home
# address every 50 ms and streams TCP to it; R sends the home agent a
# steady load of Binding Updates (ha_flood.py --rate: forged ones, which
# the home agent authenticates and refuses, so that the binding cache
# itself stays still and can be compared). Then, $(stress_n 3 20) times
# (IPMOB_STRESS=long: make stress), the home agent's daemon and then the
# mobile node's are killed with -9 and restarted.
#   1. every restarted home agent resumes the binding from the kernel
#      and every restarted mobile node its registration, without a BU
#   2. "ipmob binding show -j" (without counters and timers) is
#      identical before and after at both ends
#   3. no ping lost beyond one in a row (one RTT) across the kills,
#      and the TCP stream survives, every byte in order
#   4. the load reached the home agent throughout, the daemons answer
#      it again after each restart (BA 146 on the wire after the last
#      one), and no WARN, oops or kmemleak report
# IPMOB_KILL_RATE sets the load's rate (BUs a second, default 300; 0:
# as fast as R sends). The test rig, not ipmob, bounds what a load can
# show here: the guest's one kernel holds all five nodes, and its per-CPU
# ICMPv6 sockets are shared by every namespace (no per-netns icmp socket
# in 6.1 or 6.12). With the home agent's daemon gone, its kernel answers
# each BU with a Parameter Problem (no MH listener). While those wait in
# the guest's queues they stay charged to the shared socket, whose send
# buffer fills, and every node's ICMPv6 sends fail until it drains, echo
# replies included (each counted in that node's Ip6OutDiscards). So the
# home agent's namespace caps its outgoing Parameter Problems (nft,
# IPMOB_KILL_ICMP_LIMIT a second, default 20; 0: no cap). At 1000 BUs/s,
# two runs on each kernel lost 105 to 143 pings each (runs of up to 49)
# without the cap, and none with it. The home agent still reads and
# counts every BU (Ip6InUnknownProtos), and the TCP stream, on its own
# socket, loses nothing either way.
# ipmob-stress-timeout: 1800
# ipmob-kernels: 6.12
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/mip6_lib.bash"

require_root
require_cmd ip ping radvd dumpcap tshark nft
ipmob_load

KILLS=$(stress_n 3 20)
ktap_header
ktap_plan 4
kmemleak_begin
topo_mobility
T=$(test_tmpdir)
D=$(dirname -- "${BASH_SOURCE[0]}")

HA_MAX_LIFETIME=600 mip6_ha_conf "$T/ha.conf"
MN_LIFETIME=600 mip6_mn_conf "$T/mn.conf"
mip6_daemon "$HA" "$T/ha.conf" "$T/ha0.log"
HAD=$DPID
wait_for "grep -q 'home agent on br0' '$T/ha0.log'" 20 || true
mip6_daemon "$MN" "$T/mn.conf" "$T/mn0.log"
MND=$DPID
wait_for "grep -q 'movement: at home' '$T/mn0.log'" 20 || true
mip6_move A
mip6_wait_registered 2001:db8:a: 30 || ktap_print_msg "MN did not register"

state() {
	"$IPMOB" -n "$1" -j binding show | /usr/bin/python3 -c '
import json, sys
for b in json.load(sys.stdin):
    for k in ("remaining_ms", "tx_packets", "rx_packets", "flags"):
        b.pop(k, None)
    print(json.dumps(b, sort_keys=True))'
}
ha0=$(state "$HA")
mn0=$(state "$MN")

# the rig's cap on the home agent's Parameter Problems (see above)
PPLIM=${IPMOB_KILL_ICMP_LIMIT:-20}
if [ "$PPLIM" -gt 0 ]; then
	ip netns exec "$HA" nft -f - <<EOF
table inet rig {
	chain out {
		type filter hook output priority 0;
		icmpv6 type parameter-problem limit rate over $PPLIM/second counter drop
	}
}
EOF
fi
capped() {
	[ "$PPLIM" -gt 0 ] || { echo "no cap"; return; }
	ip netns exec "$HA" nft list chain inet rig out |
		sed -n 's/.*counter packets \([0-9]*\).*/capped \1/p'
}

ns_exec "$R" /usr/bin/python3 "$D/ha_flood.py" --ha $M_HA --hoa $M_HOA \
	--nai $M_NAI --spi $M_SPI --seconds 3600 --rate "${IPMOB_KILL_RATE:-300}" \
	--ready "$T/flood.on" --stop "$T/stop" >"$T/flood.out" 2>&1 &
FL=$!
_IPMOB_BG_PIDS+=("$FL")
wait_for "[ -e '$T/flood.on' ]" 120 || true
mip6_traffic "$T" 0.05 0.05
sleep 2
# the events, for losses.py to charge each lost probe to the last one
: >"$T/moves"
mark() { echo "$(date +%s.%N) $1" >>"$T/moves"; }
mark start

# the home agent's kernel under the load: ICMPv6 errors sent, packets
# the backlog dropped (softnet_stat's second column, all CPUs)
kstat() {
	local icmp drops
	icmp=$(ip netns exec "$HA" awk '$1 == "Icmp6OutParmProblems" { print $2 }' /proc/net/snmp6)
	local _ b rest
	drops=0
	while read -r _ b rest; do drops=$((drops + 0x$b)); done </proc/net/softnet_stat
	echo "parameter problems sent $icmp ($(capped)), backlog drops $drops"
}
ktap_print_msg "HA kernel before the kills: $(kstat)"
drops0=$(drops_of "$CN" "$R" "$HA" "$AR1" "$MN")
rc1=0
for k in $(seq 1 "$KILLS"); do
	mark "HA-$k-killed"
	kill -9 "$HAD"
	wait "$HAD" 2>/dev/null || true
	sleep 0.5
	mip6_daemon "$HA" "$T/ha.conf" "$T/ha$k.log"
	HAD=$DPID
	if ! wait_for "grep -q '1 binding resumed' '$T/ha$k.log'" 30; then
		ktap_print_msg "kill $k: the home agent did not resume the binding"
		rc1=1
	fi
	mark "HA-$k-resumed"
	ktap_print_msg "kill $k, HA resumed: $(kstat)"
	mark "MN-$k-killed"
	kill -9 "$MND"
	wait "$MND" 2>/dev/null || true
	sleep 0.5
	mip6_daemon "$MN" "$T/mn.conf" "$T/mn$k.log"
	MND=$DPID
	if ! wait_for "grep -q 'resumed home registration' '$T/mn$k.log'" 30; then
		ktap_print_msg "kill $k: the mobile node did not resume its registration"
		rc1=1
	fi
	mark "MN-$k-resumed"
	sleep 1
	if grep -q 'BU sent' "$T/mn$k.log"; then
		ktap_print_msg "kill $k: the restarted mobile node sent a BU"
		rc1=1
	fi
done
ktap_result $rc1 "$KILLS kills of each daemon: binding and registration resumed, no BU"

ha1=$(state "$HA")
mn1=$(state "$MN")
ktap_print_msg "HA before: $ha0" "HA after: $ha1"
ktap_print_msg "MN before: $mn0" "MN after: $mn1"
ktap_result $([ -n "$ha0" ] && [ "$ha0" = "$ha1" ] && [ "$mn0" = "$mn1" ]; echo $?) \
	"binding show -j identical before and after at both ends"

# the restarted home agent answers the load (BA 146) again
cap_start "$HA" up0 "$T/ba.pcap" "ip6 dst net 2001:db8:99::/48"
sleep 2
cap_stop
touch "$T/stop"
kill -TERM "$PING" 2>/dev/null || true
wait "$PING" 2>/dev/null || true
rc=0
if ! wait_for "! kill -0 $CLIENT" 120; then
	kill "$CLIENT" 2>/dev/null || true
fi
wait "$CLIENT" || rc=$?
ktap_print_msg "$(cat "$T/client.log" "$T/server.log")"
# the longest run of lost probes
run=$(/usr/bin/python3 - "$T/ping.log" <<'EOF'
import re, sys
seqs, got = [], set()
for line in open(sys.argv[1], errors="replace"):
    m = re.search(r"icmp_seq=(\d+)", line)
    if not m:
        continue
    s = int(m.group(1))
    seqs.append(s)
    if "time=" in line:
        got.add(s)
last, run, best = max(seqs or [0]), 0, 0
for s in range(1, last):          # the last probe may still be in flight
    run = 0 if s in got else run + 1
    best = max(best, run)
print(best, len(got), last)
EOF
)
read -r lostrun answered probes <<<"$run"
ktap_print_msg "$(/usr/bin/python3 "$D/losses.py" "$T/ping.log" "$T/moves")"
ktap_print_msg "ping: $answered of $probes answered, longest run lost $lostrun"
if [ "${lostrun:-99}" -gt 1 ]; then
	rc=1
	ktap_print_msg "drop counters before the kills:" "$drops0"
	ktap_print_msg "and after:" "$(drops_of "$CN" "$R" "$HA" "$AR1" "$MN")"
	for ns in "$CN" "$R" "$HA" "$AR1" "$MN"; do
		ktap_print_msg "$ns neighbours: $(ip -n "$ns" -6 neigh | awk '{ print $NF }' | sort | uniq -c | tr '\n' ' ')"
	done
fi
ktap_result $rc "no ping lost beyond one RTT, the TCP stream survives"

wait "$FL" 2>/dev/null || true
read -r sent took <"$T/flood.out" || true
ba=$(decode "$T/ba.pcap" 'mip6.mhtype == 6 && mip6.ba.status == 146' frame.number | grep -c . || true)
rc=0
[ "${sent:-0}" -ge 1000 ] && [ "$ba" -gt 0 ] || rc=1
kill -0 "$HAD" 2>/dev/null && kill -0 "$MND" 2>/dev/null || rc=1
[ -z "$(dmesg_problems)" ] || rc=1
kmemleak_check || rc=1
ktap_print_msg "load: ${sent:-?} BUs in ${took:-?} s; BA 146 in the last 2 s: $ba"
ktap_result $rc "the load ran throughout and is answered after the restarts; no WARN, oops or leak"
if [ "$KTAP_FAIL" -ne 0 ]; then
	ktap_print_msg "$(tail -n 30 "$T"/ha"$KILLS".log "$T"/mn"$KILLS".log)"
fi
ktap_finish
