#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# sig_run.sh REL...: the signalling and handover part of make bench
# (Documentation/performance.md), called by run.sh with the kernel
# releases it resolved; also usable alone. For each kernel: boot one VM
# of its own and run sig.sh in it (figures in build/bench/REL/sig/out/),
# then sig_report.py; all kernels together: build/bench/sig_summary.txt
# and build/bench/sig_summary.json, printed at the end.  A kernel whose
# VM gave no figures is reported as not measured.
#
# Environment: BENCH_SIG=0 skips it all; BENCH_SIG_HOAS (home addresses
# bugen registers, 100000), BENCH_SIG_WINDOW (Binding Updates
# outstanding, 64), BENCH_SIG_REPS (repetitions of each movement, 5),
# BENCH_SIG_INTERVAL (seconds between datagrams, 0.01),
# BENCH_SIG_TIMEOUT (limit for each VM, 3600), BENCH_SIG_PARTS ("bu gap",
# or one of them: the registrations or the handover gaps). The module is the one
# run.sh built (build/bench/REL/ipmob.ko), else build/REL/ipmob.ko, else
# it is built here.
#
# Exit status: non-zero when a VM failed or saw a problem.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=../vm/common.sh
. "$here/../vm/common.sh"

[ "${BENCH_SIG:-1}" != 0 ] || exit 0
hoas=${BENCH_SIG_HOAS:-100000} window=${BENCH_SIG_WINDOW:-64}
reps=${BENCH_SIG_REPS:-5} interval=${BENCH_SIG_INTERVAL:-0.01}
vm_timeout=${BENCH_SIG_TIMEOUT:-3600} parts=${BENCH_SIG_PARTS:-bu gap}
for v in "$hoas" "$window" "$reps" "$vm_timeout"; do
	[[ "$v" =~ ^[1-9][0-9]*$ ]] || vm_die "sig: not a positive number: $v"
done
[[ "$parts" =~ ^(bu|gap)( (bu|gap))?$ ]] || vm_die "sig: BENCH_SIG_PARTS: \"bu\", \"gap\" or both, not \"$parts\""
[[ "$interval" =~ ^0?\.[0-9]+$ ]] || vm_die "sig: BENCH_SIG_INTERVAL: seconds below 1, not $interval"
[ $# -gt 0 ] || vm_die "usage: sig_run.sh REL..."

vm_apt_install radvd python3 iproute2
make -C "$here" bugen >/dev/null
[ -x "$IPMOB_REPO/agent/ipmobd" ] || make -C "$IPMOB_REPO/agent" >/dev/null

top="$IPMOB_REPO/build/bench"
mkdir -p "$top"
failed=0 dirs=()
for rel in "$@"; do
	vm_log "=== signalling and handover bench on $rel ==="
	d="$top/$rel/sig"
	rm -rf "$d"
	mkdir -p "$d"
	dirs+=("$d")
	ko="$top/$rel/ipmob.ko"
	if [ ! -f "$ko" ]; then
		"$IPMOB_VMDIR/fetch-kernel.sh" "$rel" >/dev/null
		[ -f "$IPMOB_REPO/build/$rel/ipmob.ko" ] ||
			bash "$IPMOB_VMDIR/build-module.sh" "$rel" >"$d/build.log" 2>&1 || true
		if [ ! -f "$IPMOB_REPO/build/$rel/ipmob.ko" ]; then
			vm_log "$rel: no module (build log: build/bench/$rel/sig/build.log)"
			failed=1
			continue
		fi
		cp "$IPMOB_REPO/build/$rel/ipmob.ko" "$d/ipmob.ko"
		ko="$d/ipmob.ko"
	fi
	vrc=0
	"$IPMOB_VMDIR/run-vm.sh" --krel "$rel" --timeout "$vm_timeout" \
		--out "$d" --log "$d/console.log" --env "IPMOB_KO=$ko" \
		--env "SIG_HOAS=$hoas" --env "SIG_WINDOW=$window" \
		--env "SIG_REPS=$reps" --env "SIG_INTERVAL=$interval" \
		--env "SIG_PARTS=$parts" \
		-- bash tools/testing/bench/sig.sh >/dev/null || vrc=$?
	if [ "$vrc" -ne 0 ]; then
		vm_log "$rel: the signalling VM exited $vrc (console: build/bench/$rel/sig/console.log)"
		failed=1
	fi
	if [ -d "$d/out" ]; then
		/usr/bin/python3 "$here/sig_report.py" "$d" >/dev/null || failed=1
	fi
done
/usr/bin/python3 "$here/sig_report.py" --combine "$top" "${dirs[@]}"
echo
cat "$top/sig_summary.txt"
echo "(raw figures: build/bench/REL/sig/out/; summary: build/bench/sig_summary.json)"
exit "$failed"
