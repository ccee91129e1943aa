#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# stress_teardown.sh: namespace deletion and module unload under traffic,
# $(stress_n 2 10) rounds (IPMOB_STRESS=long: make stress), the parts of
# netns_exit.sh and unload.sh over and over. Each round builds the
# standard topology with a home registration and 200 more bindings at
# the HA, floods CN <-> MN through the tunnel, then
#   odd rounds:  deletes HA's and MN's namespaces under the flood (a third
#                namespace with an ipmob device keeps the hooks, as in
#                netns_exit.sh), then unloads the module;
#   even rounds: unloads the module with every namespace, binding and the
#                flood alive (as unload.sh);
# and loads the module again.
#   1. traffic flowed through the tunnel at the start of every round
#   2. every rmmod succeeded
#   3. dmesg has no warning, leftover objects or refcount wait; ipmob's
#      slab caches were destroyed; no kmemleak report (where the kernel
#      has it)
# ipmob-stress-timeout: 1800
# make check runs its short form as netns_exit.sh and unload.sh (one
# round each); the rounds are make stress's.
# ipmob-stress-only
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/ipmob_lib.bash"

require_root
require_cmd ip ping rmmod
ipmob_load

ROUNDS=$(stress_n 2 10)
ktap_header
ktap_plan 3
kmemleak_begin
dmesg -c >/dev/null 2>&1 || true
# add_bindings' 200 bindings, written once (awk: the shell's forks are
# slow under emulation), outside the test's directory, which each round's
# ns_cleanup removes
B=$(mktemp)
awk 'BEGIN { for (i = 1; i <= 200; i++)
	printf "binding add hoa 2001:db8:1::%x coa 2001:db8:2::%x lifetime 60 dev mob0\n", i + 1000, i }' >"$B"
flowed=0 unloaded=0 start=$(date +%s)
for r in $(seq 1 "$ROUNDS"); do
	ipmob_load
	topo_mip6
	topo_tunnel
	ipmob_n "$HA" -b "$B"
	if ns_exec "$CN" ping -6 -c 2 -W 5 $HOA >/dev/null 2>&1; then
		flowed=$((flowed + 1))
	fi
	ns_exec "$CN" ping -6 -i 0.002 -q $HOA >/dev/null 2>&1 &
	_IPMOB_BG_PIDS+=("$!")
	ns_exec "$MN" ping -6 -i 0.002 -q -I $HOA $CN_ADDR >/dev/null 2>&1 &
	MNPING=$!
	sleep 1
	if [ $((r % 2)) -eq 1 ]; then
		KEEP=$(ns_name keep)
		ns_create "$KEEP"
		ipmob_n "$KEEP" link add mob0
		ip -n "$KEEP" link set mob0 up
		kill "$MNPING" 2>/dev/null || true
		wait "$MNPING" 2>/dev/null || true
		ip netns del "$MN"
		ip netns del "$HA"
		sleep 1
		ns_cleanup
		sleep 1
		rmmod ipmob && unloaded=$((unloaded + 1))
	else
		_IPMOB_BG_PIDS+=("$MNPING")
		rmmod ipmob && unloaded=$((unloaded + 1))
		ns_cleanup
	fi
done
rm -f "$B"
ktap_print_msg "$ROUNDS rounds in $(($(date +%s) - start)) s"
ktap_result $([ "$flowed" -eq "$ROUNDS" ]; echo $?) "traffic flowed in every round ($flowed of $ROUNDS)"
ktap_result $([ "$unloaded" -eq "$ROUNDS" ]; echo $?) "every rmmod under traffic succeeded ($unloaded of $ROUNDS)"
sleep 1
rc=0
msgs=$(dmesg_problems)
[ -z "$msgs" ] || rc=1
left=$(slab_ipmob)
[ -z "$left" ] || rc=1
ktap_print_msg "${msgs:-dmesg clean}" "ipmob slab caches after the last unload: ${left:-none}"
kmemleak_check || rc=1
ktap_result $rc "no warning or leak, slab caches gone, no kmemleak report"
ipmob_load
ktap_finish
