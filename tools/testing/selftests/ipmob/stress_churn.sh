#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# stress_churn.sh: a churn of binding adds and deletes at the home agent
# ($(stress_n 20000 1000000) operations; IPMOB_STRESS=long: make stress)
# through "ipmob -batch", rounds of $(stress_n 5000 25000) adds then as
# many deletes, while the correspondent pings the mobile node through a
# fixed binding the churn does not touch.
#
#   CN ---- R ---- HA (fixed binding HoA -> CoA, plus the churn) ; MN
#
#   1. every round's batch succeeds and leaves only the fixed binding
#   2. no ping to the fixed binding lost during the churn
#   3. ipmob's slab caches back to their baseline (the fixed binding
#      only), no kmemleak report (where the kernel has it)
# ipmob-stress-timeout: 1800
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/ipmob_lib.bash"

require_root
require_cmd ip ping
ipmob_load

OPS=$(stress_n 20000 1000000)
K=$(stress_n 5000 25000)
ktap_header
ktap_plan 3
kmemleak_begin
topo_mip6
topo_tunnel
T=$(test_tmpdir)
ns_exec "$CN" ping -6 -c 2 -W 5 $HOA >/dev/null 2>&1 || true
slab0=$(slab_ipmob)

# K home addresses in 2001:db8:1::1:0/112 (not the fixed one), care-of
# addresses in 2001:db8:2::/64
awk -v n="$K" 'BEGIN { for (i = 1; i <= n; i++)
	printf "binding add hoa 2001:db8:1::1:%x coa 2001:db8:2::1:%x dev mob0\n", i, i }' >"$T/add"
awk '{ print "binding del hoa", $4, "dev mob0" }' "$T/add" >"$T/del"

ns_exec "$CN" stdbuf -oL ping -6 -D -i 0.05 $HOA >"$T/ping.log" 2>&1 &
PING=$!
_IPMOB_BG_PIDS+=("$PING")
sleep 1
start=$(date +%s)
rounds=$((OPS / (2 * K))) bad=0
for r in $(seq 1 "$rounds"); do
	if ! ipmob_n "$HA" -b "$T/add" || ! ipmob_n "$HA" -b "$T/del"; then
		bad=$((bad + 1))
	fi
	left=$(ipmob_n "$HA" binding show | wc -l)
	if [ "$left" -ne 1 ]; then
		ktap_print_msg "round $r: $left bindings left"
		bad=$((bad + 1))
	fi
done
secs=$(($(date +%s) - start))
sleep 1
kill -TERM "$PING" 2>/dev/null || true
wait "$PING" 2>/dev/null || true
ktap_print_msg "$((rounds * 2 * K)) adds and deletes in $rounds rounds, ${secs} s"
ktap_result $([ "$bad" -eq 0 ]; echo $?) "every batch applied, only the fixed binding left"

# replies by sequence number; the last second's probes may be in flight
last=$(sed -n 's/.*icmp_seq=\([0-9]*\) .*time=.*/\1/p' "$T/ping.log" | tail -n 1)
lost=$(sed -n 's/.*icmp_seq=\([0-9]*\) .*time=.*/\1/p' "$T/ping.log" |
	awk -v last="${last:-0}" '{ got[$1] = 1 } END {
		for (i = 1; i <= last; i++) if (!(i in got)) n++; print n + 0 }')
ktap_print_msg "ping through the fixed binding: ${last:-0} probes answered up to the last, $lost lost"
ktap_result $([ "${last:-0}" -gt 10 ] && [ "$lost" -eq 0 ]; echo $?) \
	"no ping to the fixed binding lost during the churn"

rc=0
slab_settle "$slab0" || rc=1
ktap_print_msg "ipmob slab objects: before $(echo "$slab0" | tr '\n' ' ')/ after $(slab_ipmob | tr '\n' ' ')"
kmemleak_check || rc=1
ktap_result $rc "slab back to baseline, no kmemleak report"
ktap_finish
