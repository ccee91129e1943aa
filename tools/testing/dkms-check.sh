#!/bin/bash
# dkms add/build of ipmob against the headers of each kernel series, as an
# operator would install it. Prints one "ok"/"not ok" line per kernel and a
# "N passed, N failed" summary; leaves no DKMS state behind.
# Usage: dkms-check.sh [SERIES...]   (default: 6.1 6.12)
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")
src=/usr/src/ipmob-$ver
[ $# -gt 0 ] || set -- 6.1 6.12
pass=0 fail=0
mkdir -p "$top/build/logs"

cleanup() {
	dkms remove -m ipmob -v "$ver" --all >/dev/null 2>&1
	rm -rf "$src"
}
cleanup
mkdir -p "$src"
cp -a "$top/Kbuild" "$top/dkms.conf" "$top/kernel" "$top/uapi" "$src/"
if ! dkms add -m ipmob -v "$ver" >"$top/build/logs/dkms-add.log" 2>&1; then
	cat "$top/build/logs/dkms-add.log"
	echo "not ok - dkms add"
	cleanup
	echo "0 passed, 1 failed"
	exit 1
fi
for s in "$@"; do
	rel=$("$top/tools/testing/vm/kversions.sh" "$s")
	log=$top/build/logs/dkms-$rel.log
	if dkms build -m ipmob -v "$ver" -k "$rel" >"$log" 2>&1 &&
	   compgen -G "/var/lib/dkms/ipmob/$ver/$rel/x86_64/module/ipmob.ko*" >/dev/null; then
		echo "ok - dkms build ipmob/$ver for $rel"
		pass=$((pass + 1))
	else
		cat "$log"
		[ -f "/var/lib/dkms/ipmob/$ver/build/make.log" ] && cat "/var/lib/dkms/ipmob/$ver/build/make.log"
		echo "not ok - dkms build ipmob/$ver for $rel"
		fail=$((fail + 1))
	fi
done
cleanup
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
