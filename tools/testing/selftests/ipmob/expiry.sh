#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# expiry.sh: lifetimes are enforced on time however busy the table is, and
# an expired binding never blocks its home address (RFC 6275 10.3.1: a
# binding is deleted when its lifetime runs out).
#
#   HA (mob0): a churn of other bindings added every 0.2 s throughout
#
#   1. a binding with a 4 s lifetime is expired (event) within 4-7 s (the
#      add, the monitor and the poll each take their time under emulation)
#   2. the same home address can be added again at once
#   3. a binding re-added the moment its lifetime ended replaces the
#      expired one, whether or not the expiry work got to it yet
#   4. the bindings of the churn, with longer lifetimes, are all still there
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/ipmob_lib.bash"

require_root
require_cmd ip
ipmob_load

ktap_header
ktap_plan 4
HA=$(ns_name ha)
ns_create "$HA"
T=$(test_tmpdir)
ipmob_n "$HA" link add mob0
ip -n "$HA" link set mob0 up

"$IPMOB" -n "$HA" -j monitor >"$T/mon" 2>&1 &
_IPMOB_BG_PIDS+=("$!")
sleep 1
# The churn: a new binding (lifetime 600 s) every 0.2 s.
(
	i=0
	while :; do
		i=$((i + 1))
		"$IPMOB" -n "$HA" binding add hoa 2001:db8:9::$i coa 2001:db8:2::1 \
			lifetime 600 dev mob0 || exit 1
		echo "$i" >"$T/churn"
		sleep 0.2
	done
) &
_IPMOB_BG_PIDS+=("$!")
CHURN=$!
sleep 0.5

t0=$(date +%s%N)
ipmob_n "$HA" binding add hoa 2001:db8:1::100 coa 2001:db8:2::100 lifetime 4 dev mob0
wait_for "grep '\"expired\"' '$T/mon' | grep -q '2001:db8:1::100'" 10 || true
t1=$(date +%s%N)
ms=$(( (t1 - t0) / 1000000 ))
ktap_print_msg "expired event after $ms ms, $(cat "$T/churn") churn bindings added"
ktap_result $([ "$ms" -ge 3900 ] && [ "$ms" -le 7000 ]; echo $?) \
	"a 4 s binding expires on time under a churn of inserts"
ktap_check "the same home address can be added again at once" \
	ipmob_n "$HA" binding add hoa 2001:db8:1::100 coa 2001:db8:2::101 dev mob0

ipmob_n "$HA" binding add hoa 2001:db8:1::200 coa 2001:db8:2::200 lifetime 1 dev mob0
# Re-add until it takes: it must take as soon as the lifetime is over,
# not when the expiry work next runs.
t0=$(date +%s%N)
until ipmob_n "$HA" binding add hoa 2001:db8:1::200 coa 2001:db8:2::201 dev mob0 2>/dev/null; do
	[ $(( ($(date +%s%N) - t0) / 1000000 )) -lt 5000 ] || break
	sleep 0.05
done
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
coa=$(ipmob_n "$HA" -j binding show hoa 2001:db8:1::200 2>/dev/null |
	/usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); d=d[0] if isinstance(d,list) else d; print(d["coas"][0]["addr"])' 2>/dev/null || true)
ktap_print_msg "re-added after $ms ms, care-of now $coa"
ktap_result $([ "$ms" -le 2500 ] && [ "$coa" = 2001:db8:2::201 ]; echo $?) \
	"an expired binding is replaced the moment its lifetime ends"

kill "$CHURN" 2>/dev/null || true
wait "$CHURN" 2>/dev/null || true
n=$(cat "$T/churn")
have=$(ipmob_n "$HA" binding show | grep -c '2001:db8:9::' || true)
ktap_result $([ "$have" -eq "$n" ] || [ "$have" -eq $((n + 1)) ]; echo $?) \
	"the churn's $n bindings are all still there ($have)"
ktap_finish
