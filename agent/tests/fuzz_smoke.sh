#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Build every libFuzzer target (fuzz/fuzz_*.c) with clang and run it over
# its seed corpus: a crash, a sanitizer report, a leak or a timeout fails
# it. New inputs go to a scratch corpus; the seeds in the tree stay as
# they are.
#
# usage: fuzz_smoke.sh [NAME...]   (from agent/; default: every target)
#   FUZZ_RUNS=N      executions per target (default 20000: make test)
#   FUZZ_SECONDS=S   run each target S seconds instead of a count
#   FUZZ_TABLE=1     print one line per target: executions, edges
#                    covered (cov), features (ft), corpus size, seconds
#   FUZZ_KEEP=DIR    keep each scratch corpus in DIR/NAME
#
# make test runs it with 20,000 executions; "make fuzz" (make check's
# short form) with 1,000,000; "make stress" with 10,000,000.
runs=${FUZZ_RUNS:-20000}
# ASan's quarantine of freed blocks at 8 MiB rather than 256: a use after
# free is still caught for the next 8 MiB of frees, and the daemon's
# fuzzer does not page in fresh memory for every input (a third of its
# time on this class of machine). ASAN_OPTIONS set by the caller wins.
export ASAN_OPTIONS=${ASAN_OPTIONS:-quarantine_size_mb=8}
pass=0
fail=0
if ! command -v "${CLANG:-clang}" >/dev/null 2>&1; then
	echo "clang is missing (apt-get install clang): fuzz targets not built"
	echo "0 passed, 1 failed"
	exit 1
fi
if [ $# -eq 0 ]; then
	set -- $(for src in fuzz/fuzz_*.c; do
		n=${src#fuzz/fuzz_}
		echo "${n%.c}"
	done)
fi
if [ -n "${FUZZ_SECONDS:-}" ]; then
	limit="-max_total_time=$FUZZ_SECONDS"
else
	limit="-runs=$runs"
fi
[ -n "${FUZZ_TABLE:-}" ] &&
	printf '%-14s %12s %6s %6s %7s %8s\n' target executions cov ft corpus seconds
for name in "$@"; do
	if [ ! -e "fuzz/fuzz_$name.c" ]; then
		echo "FAIL: no fuzz target $name (fuzz/fuzz_$name.c)"
		fail=$((fail + 1))
		continue
	fi
	if ! make -s "fuzz/fuzz-$name" >/dev/null 2>fuzz/build-$name.log; then
		echo "FAIL: fuzz/fuzz-$name does not build:"
		cat fuzz/build-$name.log
		fail=$((fail + 1))
		continue
	fi
	rm -f fuzz/build-$name.log
	mkdir -p "fuzz/corpus/$name"
	if [ -n "${FUZZ_KEEP:-}" ]; then
		work=$FUZZ_KEEP/$name
		mkdir -p "$work"
	else
		work=$(mktemp -d)
	fi
	log=$(mktemp)
	t0=$(date +%s)
	if "./fuzz/fuzz-$name" "$limit" -seed=1 -timeout=25 \
		-print_final_stats=1 "$work" "fuzz/corpus/$name" >"$log" 2>&1; then
		ok=1
		pass=$((pass + 1))
	else
		ok=0
		echo "FAIL: fuzz/fuzz-$name:"
		tail -n 40 "$log"
		fail=$((fail + 1))
	fi
	t1=$(date +%s)
	if [ -n "${FUZZ_TABLE:-}" ]; then
		# the last status line (cov, ft, corp) and the final stats
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
		st=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
		cov=$(printf '%s\n' "$st" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
		ft=$(printf '%s\n' "$st" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
		corp=$(printf '%s\n' "$st" | sed -n 's/.* corp: \([0-9]*\).*/\1/p')
		printf '%-14s %12s %6s %6s %7s %8s%s\n' "$name" "${execs:-?}" \
			"${cov:-?}" "${ft:-?}" "${corp:-?}" $((t1 - t0)) \
			"$([ "$ok" = 1 ] || echo '  FAILED')"
	fi
	rm -f "$log"
	[ -n "${FUZZ_KEEP:-}" ] || rm -rf "$work"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
