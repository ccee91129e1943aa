#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# cli.sh: bad input gets one clear line and a non-zero exit, never a crash
# or a half-applied state. Usage errors exit 1; kernel refusals exit 2 and
# print the kernel's extack message.
#
#   HA (mob0, one binding)
#
#   1. usage errors: exit 1, exactly one line on stderr
#   2. kernel errors: exit 2, one line carrying the extack message
#   3. the binding table is unchanged by all of them
#   4. JSON output parses and matches the plain output
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/ipmob_lib.bash"

require_root
ipmob_load

ktap_header
ktap_plan 4
HA=$(ns_name ha)
ns_create "$HA"
ipmob_n "$HA" link add mob0
ip -n "$HA" link add dummy0 type dummy
ipmob_n "$HA" binding add hoa 2001:db8:1::1 coa 2001:db8:2::1 lifetime 300 dev mob0
T=$(test_tmpdir)
before=$(ipmob_n "$HA" binding show | sed 's/ remaining [0-9]*s//')

# expect RC PATTERN ARGS...: exit code RC, one stderr line matching PATTERN
bad=""
expect() {
	local want=$1 pat=$2 rc=0
	shift 2
	ipmob_n "$HA" "$@" >/dev/null 2>"$T/err" || rc=$?
	local lines
	lines=$(wc -l <"$T/err")
	if [ "$rc" -ne "$want" ] || [ "$lines" -ne 1 ] || ! grep -q -- "$pat" "$T/err"; then
		bad="$bad
'$*': exit $rc (want $want), $lines line(s): $(cat "$T/err")"
	fi
}

bad=""
expect 1 "home address" binding add hoa nonsense coa 2001:db8:2::1 dev mob0
expect 1 "care-of" binding add hoa 2001:db8:1::5 coa 2001:db8::zz dev mob0
expect 1 "unknown" binding add hoa 2001:db8:1::5 coa 2001:db8:2::5 colour blue dev mob0
expect 1 "missing" binding add coa 2001:db8:2::5 dev mob0
expect 1 "mode" binding add hoa 2001:db8:1::5 coa 2001:db8:2::5 mode fast dev mob0
expect 1 "nosuchdev" binding add hoa 2001:db8:1::5 coa 2001:db8:2::5 dev nosuchdev
expect 1 "" binding frobnicate
ktap_result $([ -z "$bad" ]; echo $?) "usage errors: exit 1 and one line"
[ -z "$bad" ] || ktap_print_msg "$bad"

bad=""
expect 2 "not an ipmob device" binding add hoa 2001:db8:1::5 coa 2001:db8:2::5 dev dummy0
expect 2 "already exists" binding add hoa 2001:db8:1::1 coa 2001:db8:2::9 dev mob0
expect 2 "no such binding" binding del hoa 2001:db8:1::77 dev mob0
expect 2 "does not exist" binding change hoa 2001:db8:1::77 coa 2001:db8:2::9 dev mob0
expect 2 "not an ipmob device" link del dummy0
ktap_result $([ -z "$bad" ]; echo $?) "kernel errors: exit 2 and the extack message"
[ -z "$bad" ] || ktap_print_msg "$bad"

after=$(ipmob_n "$HA" binding show | sed 's/ remaining [0-9]*s//')
ktap_print_msg "$after"
ktap_result $([ "$before" = "$after" ]; echo $?) "binding table unchanged by the failures"

ipmob_n "$HA" -j binding show >"$T/j"
if /usr/bin/python3 - "$T/j" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
b = d[0]
assert b["hoa"] == "2001:db8:1::1", b
assert b["coas"][0]["addr"] == "2001:db8:2::1", b
assert b["mode"] == "tunnel" and b["lifetime"] == 300, b
assert 0 < b["remaining_ms"] <= 300000, b
PY
then ktap_ok "JSON output parses and matches"; else ktap_fail "JSON output parses and matches"; fi
ktap_finish
