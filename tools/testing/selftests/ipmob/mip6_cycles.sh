#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# mip6_cycles.sh: the mobile node moves home -> A -> B -> A -> home,
# $IPMOB_CYCLES times (default 10), while the correspondent pings the
# home address and streams TCP to an application bound to it.
#   1. every movement ends registered at the right care-of address (or
#      deregistered at home) at both ends
#   2. the TCP stream survives every movement, every byte in order
#   3. the ping survives; packets lost per movement are reported
# ipmob-timeout: 900
# ipmob-kernels: 6.1
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/mip6_lib.bash"

require_root
require_cmd ip ping radvd
ipmob_load

CYCLES=${IPMOB_CYCLES:-10}
ktap_header
ktap_plan 3
topo_mobility
T=$(test_tmpdir)
D=$(dirname -- "${BASH_SOURCE[0]}")

wait_for "ip -n $MN -6 addr show dev eth0 scope global | grep -q 2001:db8:1:" 20 || true
mip6_ha_conf "$T/ha.conf"
mip6_mn_conf "$T/mn.conf"
mip6_daemon "$HA" "$T/ha.conf" "$T/ha.log"
wait_for "grep -q 'home agent on br0' '$T/ha.log'" 20 || true
mip6_daemon "$MN" "$T/mn.conf" "$T/mn.log"
wait_for "grep -q 'movement: at home' '$T/mn.log'" 20 || true

mip6_traffic "$T" 0.05 0.1
sleep 1

bad=0
for c in $(seq 1 "$CYCLES"); do
	for to in A B A home; do
		echo "$(date +%s.%N) $MN_AT->$to" >>"$T/moves"
		mip6_move "$to"
		case $to in
		A) mip6_wait_registered 2001:db8:a: 30 || bad=$((bad + 1)) ;;
		B) mip6_wait_registered 2001:db8:b: 30 || bad=$((bad + 1)) ;;
		home) mip6_wait_home 30 || bad=$((bad + 1)) ;;
		esac
		sleep 0.5
	done
done
ktap_result $([ "$bad" -eq 0 ]; echo $?) \
	"$((CYCLES * 4)) movements, each registered (or deregistered at home) at both ends ($bad failed)"

touch "$T/stop"
kill -TERM "$PING" 2>/dev/null || true
wait "$PING" 2>/dev/null || true
rc=0
if ! wait_for "! kill -0 $CLIENT" 170; then
	kill "$CLIENT" 2>/dev/null || true
fi
wait "$CLIENT" || rc=$?
ktap_print_msg "$(cat "$T/client.log" "$T/server.log")"
ktap_result $rc "the TCP stream survives every movement"

loss=$(/usr/bin/python3 "$D/losses.py" "$T/ping.log" "$T/moves")
ktap_print_msg "$loss"
ok=$(grep -c 'icmp_seq=.*time=' "$T/ping.log" || true)
last=$(tail -n 20 "$T/ping.log" | grep -c 'time=' || true)
ktap_result $([ "$ok" -gt 0 ] && [ "$last" -gt 0 ]; echo $?) \
	"the ping survives ($ok replies, answered at the end)"
if [ "$KTAP_FAIL" -ne 0 ]; then
	ktap_print_msg "$(grep -E 'movement|BU sent|BA received|warn|err' "$T/mn.log" | tail -n 60)"
fi
ktap_finish
