#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Build every libFuzzer target (fuzz/fuzz_*.c) with clang and run it a
# bounded number of inputs over its seed corpus: a crash, a sanitizer
# report or a leak fails it. Long runs: "make fuzz-run FUZZ_SECONDS=N".
#
# usage: fuzz_smoke.sh   (from agent/; FUZZ_RUNS overrides the count)
runs=${FUZZ_RUNS:-20000}
pass=0
fail=0
if ! command -v "${CLANG:-clang}" >/dev/null 2>&1; then
	echo "clang is missing (apt-get install clang): fuzz targets not built"
	echo "0 passed, 1 failed"
	exit 1
fi
for src in fuzz/fuzz_*.c; do
	[ -e "$src" ] || continue
	name=${src#fuzz/fuzz_}
	name=${name%.c}
	if ! make -s "fuzz/fuzz-$name" >/dev/null 2>fuzz/build-$name.log; then
		echo "FAIL: fuzz/fuzz-$name does not build:"
		cat fuzz/build-$name.log
		fail=$((fail + 1))
		continue
	fi
	rm -f fuzz/build-$name.log
	mkdir -p "fuzz/corpus/$name"
	# new inputs go to a scratch corpus, the seeds stay as they are
	work=$(mktemp -d)
	if out=$("./fuzz/fuzz-$name" -runs="$runs" -seed=1 -timeout=25 "$work" \
		"fuzz/corpus/$name" 2>&1); then
		pass=$((pass + 1))
	else
		echo "FAIL: fuzz/fuzz-$name:"
		printf '%s\n' "$out" | tail -n 40
		fail=$((fail + 1))
	fi
	rm -rf "$work"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
