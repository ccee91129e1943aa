#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [-t SECS] [TEST...]
#
# Run the ipmob selftests (every tools/testing/selftests/ipmob/*.sh except
# lib.sh and run.sh, or only the TESTs named, with or without ".sh"), each
# under a timeout (-t, default $IPMOB_TEST_TIMEOUT or 300 s), and print
# KTAP: one "ok N name" / "not ok N name" per test, its output indented
# as a subtest.  Meant to run as root inside the test VM (run-tests.sh), but
# works on any machine where the tests can run.
#
# Exported to the tests (unless already set):
#   IPMOB_KO   $REPO/build/$(uname -r)/ipmob.ko
#   IPMOB_BIN  $REPO/agent
# When $IPMOB_VM_OUT is set, the results are also written to
# $IPMOB_VM_OUT/results.tap for the host.
# IPMOB_VM_BUDGET=SECS (run-tests.sh, from make check's deadline): the
# whole run ends within SECS; a test is cut to the time left, and tests
# that no time is left for are reported "not ok ... # no time left".
#
# A test's output goes to a file that is followed while it runs (tail
# --pid), not through a pipe: a process the test left behind cannot hold
# the run up after the test's timeout. In the VM, a test that timed out
# has the processes in its network namespaces killed and the namespaces
# removed before the next test starts.
set -euo pipefail

dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
repo=$(cd -- "$dir/../../../.." && pwd -P)

timeout_s=${IPMOB_TEST_TIMEOUT:-300}
while getopts "t:h" opt; do
	case "$opt" in
	t) timeout_s=$OPTARG ;;
	*) sed -n '4,17s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))

export IPMOB_KO=${IPMOB_KO:-$repo/build/$(uname -r)/ipmob.ko}
export IPMOB_BIN=${IPMOB_BIN:-$repo/agent}
export IPMOB_REPO=$repo

tests=()
if [ $# -gt 0 ]; then
	for t in "$@"; do
		t=${t%.sh}
		t=${t##*/}
		[ -f "$dir/$t.sh" ] || { echo "run.sh: no such test: $t" >&2; exit 2; }
		tests+=("$t")
	done
else
	for f in "$dir"/*.sh; do
		t=$(basename "$f" .sh)
		case "$t" in lib|run) continue ;; esac
		# "# ipmob-stress-only": make stress runs it (by name, or
		# IPMOB_STRESS=long); make check runs the tests it extends
		if [ "${IPMOB_STRESS:-}" != long ] &&
		   grep -q '^# ipmob-stress-only$' "$f"; then
			continue
		fi
		tests+=("$t")
	done
fi

# A test of ipmobd's own logic, with no kernel feature of its own (what
# it needs of the module, the other tests cover on every kernel), names
# one kernel series with a "# ipmob-kernels: SERIES" line and runs on
# that one only, to keep make check within CI's time (IPMOB_ALL_KERNELS=1:
# on every kernel all the same, as the issues' acceptance runs them).
on_this_kernel() {
	local only
	[ -z "${IPMOB_ALL_KERNELS:-}" ] || return 0
	only=$(sed -n 's/^# ipmob-kernels: \([0-9.]*\)$/\1/p' "$dir/$1.sh" | head -n 1)
	[ -z "$only" ] && return 0
	case "$(uname -r)" in
	"$only".*|"$only"-*) return 0 ;;
	esac
	return 1
}
kept=() elsewhere=""
for t in "${tests[@]}"; do
	if on_this_kernel "$t"; then
		kept+=("$t")
	else
		elsewhere+=" $t"
	fi
done
tests=(${kept[@]+"${kept[@]}"})

results=""
if [ -n "${IPMOB_VM_OUT:-}" ]; then
	mkdir -p "$IPMOB_VM_OUT"
	results="$IPMOB_VM_OUT/results.tap"
	: >"$results"
fi
# emit LINE: print a top-level KTAP line (and record it for the host).
emit() {
	echo "$1"
	if [ -n "$results" ]; then echo "$1" >>"$results"; fi
}

# Kernel health between tests: a new warning, oops or taint during a test
# fails it. Taint bits O (4096, out-of-tree) and E (8192, unsigned) are
# expected when ipmob.ko loads and are ignored.
taint() { echo $(( $(cat /proc/sys/kernel/tainted 2>/dev/null || echo 0) & ~(4096 | 8192) )); }

deadline=""
[ -z "${IPMOB_VM_BUDGET:-}" ] || deadline=$(($(date +%s) + IPMOB_VM_BUDGET))

# After a test that timed out: what it left running in its network
# namespaces is killed and the namespaces removed, so that the next test
# starts clean. Only in the VM (IPMOB_VM_OUT), never on a developer's host.
reap_namespaces() {
	local ns
	local -a pids
	[ -n "${IPMOB_VM_OUT:-}" ] || return 0
	for ns in $(ip netns list 2>/dev/null | awk '{ print $1 }'); do
		read -ra pids <<<"$(ip netns pids "$ns" 2>/dev/null | tr '\n' ' ')"
		[ "${#pids[@]}" -eq 0 ] || kill -9 "${pids[@]}" 2>/dev/null || true
		ip netns del "$ns" 2>/dev/null || true
	done
	echo "# namespaces of the timed-out test removed"
}

# In the VM: one socket asks for receive timestamps for the whole run, so
# that the kernel's netstamp_needed_key is switched on once and stays on.
# Otherwise every capture (dumpcap) flips it on and off, and each flip
# rewrites netif_rx's code while other CPUs run it, which multi-threaded
# TCG does not always see whole ("Oops: int3" in netif_rx_internal, seen
# in stress_kill on 6.12).
if [ -n "${IPMOB_VM_OUT:-}" ]; then
	/usr/bin/python3 -c '
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_TIMESTAMP, 1)
time.sleep(1e9)' >/dev/null 2>&1 &
	stamp_pid=$!
	trap 'kill $stamp_pid 2>/dev/null || true' EXIT
fi

emit "TAP version 13"
emit "# kernel $(uname -r), IPMOB_KO=$IPMOB_KO"
[ -z "$elsewhere" ] ||
	echo "# daemon logic, run on another kernel only:$elsewhere"
emit "1..${#tests[@]}"
n=0 failed=0
for t in "${tests[@]}"; do
	n=$((n + 1))
	taint_before=$(taint)
	dmesg_before=$(dmesg 2>/dev/null | wc -l || echo 0)
	start=$(date +%s)
	# a test may ask for more time with a "# ipmob-timeout: SECS" line
	# (and "# ipmob-stress-timeout: SECS" under IPMOB_STRESS=long)
	t_timeout=$(sed -n 's/^# ipmob-timeout: \([0-9][0-9]*\)$/\1/p' "$dir/$t.sh" | head -n 1)
	if [ "${IPMOB_STRESS:-}" = long ]; then
		st=$(sed -n 's/^# ipmob-stress-timeout: \([0-9][0-9]*\)$/\1/p' "$dir/$t.sh" | head -n 1)
		[ -z "$st" ] || t_timeout=$st
	fi
	[ -n "$t_timeout" ] && [ "$t_timeout" -gt "$timeout_s" ] || t_timeout=$timeout_s
	if [ -n "$deadline" ]; then
		left=$((deadline - start))
		if [ "$left" -lt 60 ]; then
			emit "not ok $n $t # no time left in the run's budget of ${IPMOB_VM_BUDGET}s"
			failed=$((failed + 1))
			continue
		fi
		[ "$t_timeout" -le "$left" ] || t_timeout=$left
	fi
	tlog=$(mktemp /tmp/ipmob-test-XXXXXX.log)
	set +e
	(cd "$repo" && exec timeout -k 10 "$t_timeout" bash "$dir/$t.sh" >"$tlog" 2>&1) &
	tpid=$!
	tail -n +1 -s 0.5 --pid="$tpid" -f "$tlog" | sed -u 's/^/    /'
	wait "$tpid"
	rc=$?
	set -e
	rm -f "$tlog"
	case "$rc" in 124|137) reap_namespaces ;; esac
	secs=$(($(date +%s) - start))
	health=""
	if [ "$(taint)" != "$taint_before" ]; then
		echo "# $t: kernel taint changed $taint_before -> $(taint)"
		health="kernel tainted"
	fi
	if dmesg 2>/dev/null | tail -n +"$((dmesg_before + 1))" |
		grep -E 'WARNING:|BUG:|Oops|general protection|KASAN|UBSAN|refcount_t:|list_(add|del) corruption|INFO: task .* blocked' |
		sed "s/^/# $t: dmesg: /" | grep .; then
		health="kernel warning"
	fi
	if [ -n "$health" ] && { [ "$rc" -eq 0 ] || [ "$rc" -eq 4 ]; }; then
		emit "not ok $n $t # $health"
		failed=$((failed + 1))
		echo "# $t: ${secs}s"
		continue
	fi
	case "$rc" in
	0) emit "ok $n $t" ;;
	4) emit "ok $n $t # SKIP" ;;
	124|137) emit "not ok $n $t # TIMEOUT ${t_timeout}s"; failed=$((failed + 1)) ;;
	*) emit "not ok $n $t # exit=$rc"; failed=$((failed + 1)) ;;
	esac
	echo "# $t: ${secs}s"
done
[ "$failed" -eq 0 ]
