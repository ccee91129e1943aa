#!/bin/bash
# make stress: the long runs, outside make check, ending in one summary
# line like make check's. Within 45 minutes on the 2-CPU build machine
# under TCG:
#   1. the VM tests of STRESS_TESTS on each kernel, long
#      (IPMOB_STRESS=long: hostile packet storm, 100 link flaps, 1M
#      binding adds/deletes, netns deletion and rmmod under traffic, 20
#      kills of each daemon under load; the floods at full size:
#      30,000 spoofed deletions and HoTIs at the correspondent, a longer
#      BU flood at the home agent);
#   2. meanwhile, every libFuzzer target for STRESS_FUZZ_SECONDS (default
#      150) seconds, niced below the VMs as in make check (the guest keeps
#      about one of the two CPUs busy); STRESS_RUNS=N runs each target N
#      times instead (10,000,000 takes about 1.5 hours here).
# Usage: stress.sh [--series "6.1 6.12"] TEST...
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
series="6.1 6.12"
if [ "${1:-}" = "--series" ]; then
	series=$2
	shift 2
fi
mkdir -p build/logs
t0=$(date +%s)
pass=0 fail=0

# Adds the counts of a "N passed, N failed[, N skipped]" line.
add_summary() {
	local line p f
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
	if [ -z "$line" ]; then
		echo "stress: no summary line in $1" >&2
		fail=$((fail + 1))
		return
	fi
	p=${line%% passed*}
	f=${line#* passed, }
	f=${f%% failed*}
	pass=$((pass + p)) fail=$((fail + f))
}

if [ -n "${STRESS_RUNS:-}" ]; then
	fuzz=(FUZZ_RUNS="$STRESS_RUNS")
	what="$STRESS_RUNS executions"
else
	fuzz=(FUZZ_SECONDS="${STRESS_FUZZ_SECONDS:-150}")
	what="${STRESS_FUZZ_SECONDS:-150} s"
fi
# at SCHED_IDLE, as in make check: only on CPU time the VM leaves
idle=(nice -n 19)
chrt --idle 0 true 2>/dev/null && idle=(chrt --idle 0)
"${idle[@]}" make -s -C agent fuzz-run "${fuzz[@]}" >build/logs/stress-fuzz.log 2>&1 &
fuzz_pid=$!
echo "== fuzzers, $what per target, started (build/logs/stress-fuzz.log)"

echo "== VM tests, long form"
IPMOB_FLOOD=30000 IPMOB_FLOOD_SECONDS=120 IPMOB_TEST_TIMEOUT=1800 \
IPMOB_STRESS=long \
	tools/testing/vm/run-tests.sh --timeout 2400 --series "$series" "$@" 2>&1 |
	tee build/logs/stress-vm.log
add_summary build/logs/stress-vm.log

echo "== fuzzers, $what per target"
wait "$fuzz_pid"
cat build/logs/stress-fuzz.log
add_summary build/logs/stress-fuzz.log

echo "stress: $(( ($(date +%s) - t0) / 60 )) min"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
