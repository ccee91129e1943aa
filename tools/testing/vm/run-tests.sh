#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# run-tests.sh [--krel REL | --series "6.1 6.12"] [--timeout SECS]
#              [--test-timeout SECS] [TEST...]
#
# For each kernel: resolve its release (kversions.sh), fetch it
# (fetch-kernel.sh), build the module (build-module.sh REL, when present),
# boot one VM and run tools/testing/selftests/ipmob/run.sh [TEST...] in it.
# The full console log of each kernel goes to build/logs/REL.log (results
# and test artifacts, $IPMOB_VM_OUT in the guest, to build/logs/REL.d/out/,
# the complete kernel log to build/logs/REL.d/dmesg.txt) when its VM is done.  The last line printed is
#   N passed, N failed[, N skipped]
# counting every test script once per kernel.  Exit status is non-zero if
# anything failed, including a module build, a VM crash or a VM timeout.
#
#   --series LIST      kernel series to test (default "6.1 6.12")
#   --krel REL         test exactly this kernel release instead
#   --timeout SECS     limit for each VM (default 2700: the tests take
#                      about 2050 s under TCG, more on a busy host)
#   --test-timeout S   limit for each test script inside the VM (default 300)
#   --deadline EPOCH   end every VM by this time (make check's budget, also
#                      IPMOB_DEADLINE): a VM's limit is cut to what is left
#                      and the guest is told its budget, so that it reports
#                      the tests it has no time for instead of being killed
#   --jobs N           VMs at once (also IPMOB_VM_JOBS; default 1: the
#                      timing-sensitive tests are tested one VM at a time;
#                      2 only where KVM works, never under TCG, where one
#                      guest keeps a CPU busy)
#   --no-build         do not run build-module.sh (also IPMOB_NO_BUILD=1)
#
# With more than one job, each kernel's console goes to a file and is
# printed whole when its VM is done, one kernel after the other.
#
# The guests boot with slab_nomerge (ipmob's slab caches stay apart, so
# the stress tests can count their objects) and kmemleak=on (used where
# the kernel has kmemleak; Debian's kernels do not). IPMOB_STRESS=long
# (make stress) gives the stress_*.sh tests their full size.
# IPMOB_ALL_KERNELS=1 runs every test on every kernel, also those that
# name one ("# ipmob-kernels:", left out of make check for CI's time).
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

# shellcheck source=common.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/common.sh"

usage() { sed -n '4,/^set -euo/{/^set -euo/d;/^# shellcheck/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}" >&2; exit 2; }

no_build=${IPMOB_NO_BUILD:-0} series_list="6.1 6.12" krels=() vm_timeout=2700 test_timeout=${IPMOB_TEST_TIMEOUT:-300}
deadline=${IPMOB_DEADLINE:-} jobs=${IPMOB_VM_JOBS:-}
while [ $# -gt 0 ]; do
	case "$1" in
	--series) series_list=$2; shift ;;
	--krel) krels+=("$2"); shift ;;
	--timeout) vm_timeout=$2; shift ;;
	--test-timeout) test_timeout=$2; shift ;;
	--deadline) deadline=$2; shift ;;
	--jobs) jobs=$2; shift ;;
	--no-build) no_build=1 ;;
	-h|--help) usage ;;
	--) shift; break ;;
	-*) usage ;;
	*) break ;;
	esac
	shift
done
tests=("$@")

vm_host_deps
# What the tests use inside the guest comes from the host root.
vm_apt_install iproute2 iputils-ping tshark python3 python3-scapy jq kmod procps \
	strongswan-charon strongswan-swanctl strongswan-pki

vm_resolve_krels "$series_list"

logdir="$IPMOB_REPO/build/logs"
mkdir -p "$logdir"
outdir=""
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
	if [ -n "$outdir" ]; then rm -rf "$outdir"; fi
}
trap cleanup EXIT
total_pass=0 total_fail=0 total_skip=0
summary=() crash_excerpt=() built=()

for rel in "${krels[@]}"; do
	vm_log "=== kernel $rel ==="
	"$IPMOB_VMDIR/fetch-kernel.sh" "$rel" >/dev/null

	build_ok=1
	if [ "$no_build" = 1 ]; then
		vm_log "not building the module (--no-build)"
	elif [ -f "$IPMOB_VMDIR/build-module.sh" ]; then
		vm_log "building the module for $rel"
		if ! bash "$IPMOB_VMDIR/build-module.sh" "$rel" 2>&1 | tee "$logdir/$rel.build.log"; then
			vm_log "$rel: MODULE BUILD FAILED (see build/logs/$rel.build.log)"
			build_ok=0
		fi
	else
		vm_log "warning: tools/testing/vm/build-module.sh not found, not building the module"
	fi
	if [ "$build_ok" -eq 0 ]; then
		summary+=("$rel: module build failed")
		total_fail=$((total_fail + 1))
		continue
	fi
	built+=("$rel")
done

# test_kernel REL RESFILE: boot REL's VM, run the tests, publish its logs
# as build/logs/REL.log and build/logs/REL.d, and write the outcome to
# RESFILE as lines "count PASS FAIL SKIP", "summary TEXT", "excerpt TEXT".
test_kernel() {
	local rel=$1 resfile=$2
	local pass=0 fail=0 skip=0 note="" vrc attempt res planned line seen
	local unreported limit left l first
	local -a summary=() crash_excerpt=() budget_env=()

	# A private run directory, so that concurrent runs do not mix.
	mkdir -p "$IPMOB_VMCACHE/run"
	outdir=$(mktemp -d "$IPMOB_VMCACHE/run/tests-XXXXXX")
	# A guest that dies while booting, before any test ran (the emulated
	# CPU occasionally trips over kernel text patching under TCG), is
	# booted once more; a crash after IPMOB-VM-READY counts as a failure.
	for attempt in 1 2; do
		vrc=0
		limit=$vm_timeout
		if [ -n "$deadline" ]; then
			left=$((deadline - $(date +%s)))
			[ "$limit" -le "$left" ] || limit=$left
		fi
		if [ "$limit" -lt 180 ]; then
			note="NO TIME LEFT (${limit}s) to boot the VM"
			vrc=124
			: >"$outdir/console.log"
			break
		fi
		# the guest's own budget: the VM's, less booting and shutting down
		budget_env=()
		[ -z "$deadline" ] || budget_env=(--env "IPMOB_VM_BUDGET=$((limit - 90))")
		IPMOB_VM_PIN_KEYS=1 \
		"$IPMOB_VMDIR/run-vm.sh" --krel "$rel" --timeout "$limit" \
			--log "$outdir/console.log" --out "$outdir" \
			--env "IPMOB_TEST_TIMEOUT=$test_timeout" \
			${budget_env[@]+"${budget_env[@]}"} \
			${IPMOB_FLOOD:+--env "IPMOB_FLOOD=$IPMOB_FLOOD"} \
			${IPMOB_FLOOD_SECONDS:+--env "IPMOB_FLOOD_SECONDS=$IPMOB_FLOOD_SECONDS"} \
			${IPMOB_STRESS:+--env "IPMOB_STRESS=$IPMOB_STRESS"} \
			${IPMOB_ALL_KERNELS:+--env "IPMOB_ALL_KERNELS=$IPMOB_ALL_KERNELS"} \
			--append "slab_nomerge kmemleak=on" \
			-- tools/testing/selftests/ipmob/run.sh ${tests[@]+"${tests[@]}"} || vrc=$?
		[ "$vrc" -eq 125 ] && ! grep -q IPMOB-VM-READY "$outdir/console.log" &&
			[ "$attempt" -eq 1 ] || break
		vm_log "$rel: guest crashed while booting, booting it once more"
	done

	# Results as run.sh recorded them; the console log is the fallback.
	res="$outdir/out/results.tap"
	[ -s "$res" ] || res="$outdir/console.log"
	planned=$(sed -n 's/^1\.\.\([0-9]\{1,\}\)$/\1/p' "$res" | head -n1)
	while IFS= read -r line; do
		case "$line" in
		"not ok "*) fail=$((fail + 1)) ;;
		"ok "*"# SKIP"*) skip=$((skip + 1)) ;;
		"ok "*) pass=$((pass + 1)) ;;
		esac
		case "$line" in
		"ok "*|"not ok "*) summary+=("$rel: $line") ;;
		esac
	done < <(grep -E '^(not )?ok [0-9]+ ' "$res" || true)

	seen=$((pass + fail + skip))
	if [ -z "$note" ]; then
		case "$vrc" in
		124) note="VM TIMEOUT after ${limit}s" ;;
		125) note="VM CRASHED" ;;
		esac
	fi
	if [ -n "$note" ]; then
		# Tests the VM did not get to report count as failed (at least one).
		unreported=$(( ${planned:-0} - seen ))
		[ "$unreported" -ge 1 ] || unreported=1
		fail=$((fail + unreported))
		summary+=("$rel: $note ($unreported test(s) counted as failed)")
		# What the console said last (the oops, if any), so that a
		# CI log that keeps only its tail still shows why.
		crash_excerpt+=("== $rel: $note; the console's last words:")
		while IFS= read -r l; do crash_excerpt+=("$rel| $l"); done < <(
			first=$(grep -n -m1 -E 'BUG:|Oops|general protection|Kernel panic|WARNING:|Out of memory|RIP:' "$outdir/console.log" | cut -d: -f1)
			if [ -n "$first" ]; then
				sed -n "$((first > 5 ? first - 5 : 1)),$((first + 35))p" "$outdir/console.log"
			else
				tail -n 30 "$outdir/console.log"
			fi | cut -c1-200)
	elif [ "$vrc" -ne 0 ] && [ "$fail" -eq 0 ]; then
		fail=1
		summary+=("$rel: run.sh exited $vrc without a failed test")
	elif [ -n "$planned" ] && [ "$seen" -lt "$planned" ]; then
		fail=$((fail + planned - seen))
		summary+=("$rel: only $seen of $planned tests reported")
	fi
	if [ -s "$outdir/boot-time" ]; then
		read -r bt_wall bt_guest <"$outdir/boot-time"
		summary+=("$rel: boot ${bt_wall}s wall clock (guest uptime ${bt_guest}s, accel $(cat "$outdir/accel" 2>/dev/null)); log build/logs/$rel.log")
	fi
	# Where the time went (the slowest tests), for a log that keeps only its tail.
	l=$(grep -E '^# [a-z0-9_]+: [0-9]+s$' "$outdir/console.log" | awk '
		{ sub(/s$/, "", $3); t += $3; print $3, $2 }
		END { print t, "total:" }' | sort -rn | head -n 16 |
		awk '{ printf "%s %ss, ", $2, $1 }' | sed 's/:\( [0-9]*s\)/\1/g; s/, $//')
	[ -z "$l" ] || summary+=("$rel: time: $l")
	mv -f "$outdir/console.log" "$logdir/$rel.log"
	rm -rf "$logdir/$rel.d"
	mv "$outdir" "$logdir/$rel.d" || rm -rf "$outdir"
	outdir=""
	{
		echo "count $pass $fail $skip"
		for l in ${summary[@]+"${summary[@]}"}; do echo "summary $l"; done
		for l in ${crash_excerpt[@]+"${crash_excerpt[@]}"}; do echo "excerpt $l"; done
	} >"$resfile"
}

# more than one VM at once only where KVM works
[ -n "$jobs" ] || jobs=1
if [ "$jobs" -gt 1 ] &&
   ! { [ -c /dev/kvm ] && { : <>/dev/kvm; } 2>/dev/null &&
       [ ! -e "$IPMOB_VMCACHE/kvm-unusable" ] &&
       [ "${IPMOB_VM_ACCEL:-kvm}" = kvm ]; }; then
	vm_log "--jobs $jobs needs KVM: one VM at a time"
	jobs=1
fi
resdir=$(mktemp -d "$IPMOB_VMCACHE/results-XXXXXX")
if [ "$jobs" -le 1 ] || [ "${#built[@]}" -le 1 ]; then
	for rel in ${built[@]+"${built[@]}"}; do
		vm_log "=== VM for $rel ==="
		test_kernel "$rel" "$resdir/$rel.res"
	done
else
	vm_log "VMs for ${built[*]} at once ($jobs jobs): each console is printed when its VM is done"
	pids=() running=0
	for rel in "${built[@]}"; do
		while [ "$running" -ge "$jobs" ]; do
			wait -n || true
			running=$((running - 1))
		done
		( outdir=""; test_kernel "$rel" "$resdir/$rel.res" ) >"$resdir/$rel.out" 2>&1 &
		pids+=($!)
		running=$((running + 1))
	done
	for p in "${pids[@]}"; do wait "$p" || true; done
	for rel in "${built[@]}"; do
		echo "[vm] === kernel $rel: its console ==="
		cat "$resdir/$rel.out"
	done
fi
for rel in ${built[@]+"${built[@]}"}; do
	if [ ! -s "$resdir/$rel.res" ]; then
		summary+=("$rel: no result (the VM runner failed)")
		total_fail=$((total_fail + 1))
		continue
	fi
	while read -r kind rest; do
		case "$kind" in
		count)
			read -r p f sk <<<"$rest"
			total_pass=$((total_pass + p))
			total_fail=$((total_fail + f))
			total_skip=$((total_skip + sk)) ;;
		summary) summary+=("$rest") ;;
		excerpt) crash_excerpt+=("$rest") ;;
		esac
	done <"$resdir/$rel.res"
done
rm -rf "$resdir"

for l in ${crash_excerpt[@]+"${crash_excerpt[@]}"}; do
	echo "# $l"
done
echo
echo "# ---- ipmob VM test summary ----"
for s in ${summary[@]+"${summary[@]}"}; do
	echo "# $s"
done
line="$total_pass passed, $total_fail failed"
[ "$total_skip" -eq 0 ] || line+=", $total_skip skipped"
echo "$line"
[ "$total_fail" -eq 0 ]
