#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Run every test suite of "make test" and sum their
# "N passed, N failed" lines into the final one.
#
# usage: run.sh PYTHON HEADER SPEC NETLINK_C MANPAGE...

PYTHON=$1 HEADER=$2 SPEC=$3 NETLINK_C=$4
shift 4
total_pass=0
total_fail=0

suite() {
	name=$1
	shift
	out=$("$@" 2>&1)
	rc=$?
	printf '%s\n' "$out" | sed "s/^/[$name] /"
	summary=$(printf '%s\n' "$out" | tail -n 1)
	p=$(printf '%s\n' "$summary" | sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1/p')
	f=$(printf '%s\n' "$summary" | sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\2/p')
	if [ -z "$p" ]; then
		echo "[$name] no summary line (exit $rc)"
		p=0
		f=1
	elif [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "[$name] exit status $rc"
		f=1
	fi
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
}

mancheck() {
	pass=0
	fail=0
	if ! command -v man >/dev/null 2>&1; then
		echo "man not installed, manual pages not checked"
	else
		for m in "$@"; do
			w=$(MANWIDTH=80 man --warnings -l "$m" 2>&1 >/dev/null)
			if [ -n "$w" ]; then
				echo "FAIL: $m: $w"
				fail=$((fail + 1))
			else
				pass=$((pass + 1))
			fi
		done
	fi
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}

suite unit ./tests/unit
for b in tests/suite-*; do
	[ -x "$b" ] || continue
	suite "${b#tests/suite-}" "./$b"
done
suite authpy "$PYTHON" tests/check_auth.py ./tests/authvec
# the short run; make fuzz (in make check) runs each 1,000,000 times
suite fuzz env FUZZ_RUNS=20000 FUZZ_SECONDS= FUZZ_TABLE= FUZZ_KEEP= \
	sh tests/fuzz_smoke.sh
suite cli sh tests/cli_errors.sh ./tests/ipmob-san ./ipmobd
if "$PYTHON" -c 'import yaml' 2>/dev/null; then
	suite spec "$PYTHON" tests/check_spec.py "$HEADER" "$SPEC" --self-test
	suite policy "$PYTHON" ../tools/testing/check_policy.py "$NETLINK_C" \
		"$HEADER" "$SPEC" --self-test
else
	echo "[spec] python3-yaml is missing: apt-get install python3-yaml"
	total_fail=$((total_fail + 2))
fi
suite man mancheck "$@"

echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
