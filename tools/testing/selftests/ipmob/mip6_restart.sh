#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# mip6_restart.sh: the kernel holds the bindings, the daemon the
# protocol; a daemon killed with -9 and restarted carries on from the
# kernel's dump (sequence numbers included) without registering again.
# The MN is registered on link A while CN pings its home address.
#   1. kill -9 of the home agent's ipmobd: the binding and traffic go on;
#      the restarted daemon resumes the binding
#   2. kill -9 of the mobile node's ipmobd: the same; the restarted
#      daemon resumes its registration and sends no Binding Update
#   3. "ipmob binding show -j" (without counters and timers) is identical
#      before and after at both ends
#   4. no ping lost across both restarts
#   5. the restarted daemons carry on: the MN's next refresh (lifetime
#      40 s, so that it comes after the snapshots of 3 even when the
#      emulated guest is slow) continues the sequence and is accepted
# ipmob-kernels: 6.12
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/mip6_lib.bash"

require_root
require_cmd ip ping radvd
ipmob_load

ktap_header
ktap_plan 5
topo_mobility
T=$(test_tmpdir)
D=$(dirname -- "${BASH_SOURCE[0]}")

wait_for "ip -n $MN -6 addr show dev eth0 scope global | grep -q 2001:db8:1:" 20 || true
mip6_ha_conf "$T/ha.conf"
MN_LIFETIME=40 mip6_mn_conf "$T/mn.conf"
mip6_daemon "$HA" "$T/ha.conf" "$T/ha.log"
HAD=$DPID
wait_for "grep -q 'home agent on br0' '$T/ha.log'" 20 || true
mip6_daemon "$MN" "$T/mn.conf" "$T/mn1.log"
MND=$DPID
wait_for "grep -q 'movement: at home' '$T/mn1.log'" 20 || true
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
ns_exec "$CN" stdbuf -oL ping -6 -D -O -i 0.05 $M_HOA >"$T/ping.log" 2>&1 &
PING=$!
_IPMOB_BG_PIDS+=("$PING")
sleep 1
echo "$(date +%s.%N) restarts" >"$T/moves"

kill -9 "$HAD"
wait "$HAD" 2>/dev/null || true
sleep 1
mip6_daemon "$HA" "$T/ha.conf" "$T/ha2.log"
rc=0
wait_for "grep -q '1 binding resumed' '$T/ha2.log'" 20 || rc=1
ktap_print_msg "$(grep -E 'resumed' "$T/ha2.log")"
ktap_result $rc "home agent killed -9 and restarted: binding resumed"

kill -9 "$MND"
wait "$MND" 2>/dev/null || true
sleep 1
mip6_daemon "$MN" "$T/mn.conf" "$T/mn2.log"
rc=0
wait_for "grep -q 'resumed home registration' '$T/mn2.log'" 20 || rc=1
sleep 2
grep -q 'BU sent' "$T/mn2.log" && rc=1
ktap_print_msg "$(grep -E 'resumed|movement|BU sent' "$T/mn2.log")"
ktap_result $rc "mobile node killed -9 and restarted: registration resumed, no new BU"

ha1=$(state "$HA")
mn1=$(state "$MN")
ktap_print_msg "HA: $ha1"
ktap_print_msg "MN: $mn1"
ktap_result $([ "$ha0" = "$ha1" ] && [ "$mn0" = "$mn1" ]; echo $?) \
	"binding show -j identical before and after at both ends"

sleep 1
kill -TERM "$PING" 2>/dev/null || true
wait "$PING" 2>/dev/null || true
loss=$(/usr/bin/python3 "$D/losses.py" "$T/ping.log" "$T/moves")
ktap_print_msg "$loss"
ktap_result $(printf '%s\n' "$loss" | grep -q '^move 1 restarts: lost 0 of'; echo $?) \
	"no packet lost across both restarts"

# the refresh: 3/4 of 40 s after the registration
rc=0
wait_for "grep -q 'BA received: status 0' '$T/mn2.log'" 30 || rc=1
grep -q 'out of window' "$T/mn2.log" && rc=1
ktap_print_msg "$(grep -E 'BU sent|BA received' "$T/mn2.log")"
ktap_result $rc "the restarted daemons carry on: refresh accepted in sequence"
if [ "$KTAP_FAIL" -ne 0 ]; then
	ktap_print_msg "$(cat "$T/ha.log" "$T/ha2.log" "$T/mn1.log" "$T/mn2.log")"
fi
ktap_finish
