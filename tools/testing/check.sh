#!/bin/bash
# make check: everything the project promises, ending in one summary line.
#   1. the userspace build and unit tests (agent/tests);
#   2. ipmob.ko built warning-free and sparse-clean against each kernel;
#   3. dkms add/build against each kernel's headers;
#   3b. make demo on a fresh clone (it must end "demo: ok");
#   4. the VM tests (tools/testing/selftests/ipmob) booted on each kernel;
#   5. meanwhile, make fuzz: every libFuzzer target 1,000,000 times (the
#      VM keeps about one of two CPUs busy under TCG; the fuzzers, at
#      SCHED_IDLE, take what it leaves), its table of executions and
#      coverage at the end.
# Usage: check.sh [--series "6.1 6.12"] [TEST...]
# IPMOB_CHECK_BUDGET (seconds, default 5150): the VMs end by then, counted
# from this script's start, however the tests go (a hung test or guest is
# cut off and reported), so that CI's 90 minutes, which also pay for
# installing the packages, always end in the summary line.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
series="6.1 6.12"
if [ "${1:-}" = "--series" ]; then
	series=$2
	shift 2
fi
pass=0 fail=0 skip=0
check_start=$(date +%s)
check_deadline=$((check_start + ${IPMOB_CHECK_BUDGET:-5150}))
mkdir -p build/logs

# Adds the counts of a "N passed, N failed[, N skipped]" line.
add_summary() {
	local line
	line=$(grep -E '^([A-Za-z]+: )?[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
	if [ -z "$line" ]; then
		echo "check: no summary line in $1" >&2
		fail=$((fail + 1))
		return
	fi
	line=${line#*: }
	local p f s
	p=$(sed -E 's/^([0-9]+) passed.*/\1/' <<<"$line")
	f=$(sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/' <<<"$line")
	s=$(sed -nE 's/.*, ([0-9]+) skipped.*/\1/p' <<<"$line")
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + ${s:-0}))
}

echo "== userspace build and unit tests"
# (-j: both CPUs; the VMs, which need them, have not started)
jobs=$(nproc)
if make -j"$jobs" -C agent >build/logs/agent-build.log 2>&1; then
	make -j"$jobs" -C agent test 2>&1 | tee build/logs/unit.log
	add_summary build/logs/unit.log
else
	cat build/logs/agent-build.log
	echo "not ok - agent build"
	fail=$((fail + 1))
fi

# make fuzz in the background at SCHED_IDLE: it runs only on CPU time
# the VM leaves. Niced (10) it still took a CPU from the guest's vCPU
# threads as they woke: the first VM's tests ran about 45 % slower while
# it lasted, and as fast as the second VM's once it was done.
fuzz_pid=""
idle=(nice -n 19)
chrt --idle 0 true 2>/dev/null && idle=(chrt --idle 0)
if [ -x agent/ipmobd ]; then
	"${idle[@]}" make -s -C agent fuzz-run >build/logs/fuzz.log 2>&1 &
	fuzz_pid=$!
	echo "== make fuzz started (build/logs/fuzz.log)"
fi

echo "== module build (W=1, sparse C=2) per kernel"
for s in $series; do
	rel=$(tools/testing/vm/kversions.sh "$s") || { fail=$((fail + 1)); continue; }
	tools/testing/vm/fetch-kernel.sh "$rel" >/dev/null || { fail=$((fail + 1)); continue; }
	log=build/logs/build-$rel.log
	# A full rebuild, so every file is compiled and checked.
	rm -f build/"$rel"/kernel/*.o
	if tools/testing/vm/build-module.sh "$rel" C=2 -j"$jobs" >"$log" 2>&1 &&
	   ! grep -vE '^ *(CC|LD|CHECK|MODPOST|BTF|AR)\b|^make|^Skipping BTF|^$' "$log" | grep -q .; then
		echo "ok - ipmob.ko for $rel: no warnings, sparse clean"
		pass=$((pass + 1))
	else
		grep -vE '^ *(CC|LD|CHECK|MODPOST|BTF|AR)\b|^make|^Skipping BTF' "$log"
		echo "not ok - ipmob.ko for $rel"
		fail=$((fail + 1))
	fi
done

echo "== dkms add/build per kernel"
tools/testing/dkms-check.sh $series 2>&1 | tee build/logs/dkms.log
add_summary build/logs/dkms.log

# The README's first command, as a new user runs it: on a fresh clone of
# what is committed, sharing only the download cache. Its last line is
# the demo's verdict.
echo "== make demo on a fresh clone"
fresh=build/fresh-clone
rm -rf "$fresh"
if git -c safe.directory='*' clone -q "$top" "$fresh" >build/logs/demo.log 2>&1 &&
   IPMOB_CACHE="$top/.cache" make -C "$fresh" demo >>build/logs/demo.log 2>&1 &&
   grep -q '^demo: ok' build/logs/demo.log; then
	grep '^demo: ' build/logs/demo.log | tail -n 1
	echo "ok - make demo on a fresh clone"
	pass=$((pass + 1))
else
	tail -n 40 build/logs/demo.log
	echo "not ok - make demo on a fresh clone (build/logs/demo.log)"
	fail=$((fail + 1))
fi
rm -rf "$fresh"

echo "== VM tests"
tools/testing/vm/run-tests.sh --series "$series" --deadline "$check_deadline" "$@" 2>&1 |
	tee build/logs/vm.log
add_summary build/logs/vm.log

echo "== make fuzz: 1,000,000 executions per target"
if [ -n "$fuzz_pid" ]; then
	wait "$fuzz_pid"
	cat build/logs/fuzz.log
	add_summary build/logs/fuzz.log
else
	echo "not ok - make fuzz not run: the agent did not build"
	fail=$((fail + 1))
fi

# A VM that died: its console's last words again, where a log that
# keeps only its tail shows them.
if grep -q '^# == .*: VM \(CRASHED\|TIMEOUT\)' build/logs/vm.log 2>/dev/null; then
	echo "== why a VM died (build/logs/vm.log)"
	grep -E '^# (== |[^ |]+\| )' build/logs/vm.log | tail -n 60
fi

echo "== make check took $(($(date +%s) - check_start)) s (budget ${IPMOB_CHECK_BUDGET:-5150} s)"
line="$pass passed, $fail failed"
[ "$skip" -gt 0 ] && line="$line, $skip skipped"
echo "$line"
[ "$fail" -eq 0 ]
