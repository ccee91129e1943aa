#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# nl_perm.sh: the control plane is for the administrator only, requests
# are taken whole or not at all, and the ipmob device stays in its
# namespace.
#
#   HA (mob0, one binding)        user "nobody" runs the CLI inside HA
#
#   1. an unprivileged user gets EPERM for binding get (do)
#   2. ... and for the binding dump
#   3. ... and for the counters
#   4. ... and cannot join the events group (ipmob monitor)
#   5. root still can (the same commands succeed)
#   6. binding-new/-set/-del naming one key twice are refused with an
#      extack, nothing applied (nl_dup.py speaks the family directly)
#   7. a batch that adds one home address twice is refused by that check
#   8. moving mob0 to another namespace is refused; it stays and works
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/ipmob_lib.bash"

require_root
require_cmd ip setpriv
ipmob_load

ktap_header
ktap_plan 8
HA=$(ns_name ha) OTHER=$(ns_name other)
ns_create "$HA" "$OTHER"
T=$(test_tmpdir)
ipmob_n "$HA" link add mob0
ip -n "$HA" link set mob0 up
ipmob_n "$HA" binding add hoa 2001:db8:1::100 coa 2001:db8:2::100 dev mob0

# The CLI as user nobody, from a copy it can execute.
install -m 0755 "$IPMOB" "$T/ipmob"
chmod 0755 "$T"
as_nobody() {
	ns_exec "$HA" setpriv --reuid=65534 --regid=65534 --clear-groups \
		--inh-caps=-all --no-new-privs "$T/ipmob" "$@"
}
# expect_eperm DESC ARGS...: exit 2 and "not permitted" on one line.
expect_eperm() {
	local desc=$1 rc=0 out
	shift
	out=$(as_nobody "$@" 2>&1 </dev/null) || rc=$?
	ktap_print_msg "nobody: ipmob $* -> exit $rc: $out"
	if [ "$rc" -eq 2 ] && grep -qi "not permitted" <<<"$out" &&
	   [ "$(wc -l <<<"$out")" -eq 1 ]; then
		ktap_ok "$desc"
	else
		ktap_fail "$desc"
	fi
}
expect_eperm "unprivileged binding get refused" binding show hoa 2001:db8:1::100
expect_eperm "unprivileged binding dump refused" binding show
expect_eperm "unprivileged counters refused" stats
rc=0
out=$(ns_exec "$HA" timeout 3 setpriv --reuid=65534 --regid=65534 --clear-groups \
	--inh-caps=-all --no-new-privs "$T/ipmob" monitor 2>&1 </dev/null) || rc=$?
ktap_print_msg "nobody: ipmob monitor -> exit $rc: $out"
if [ "$rc" -eq 2 ] && grep -qi "cannot join group.*not permitted" <<<"$out"; then
	ktap_ok "unprivileged events group refused"
else
	ktap_fail "unprivileged events group refused"
fi
rc=0
{ ipmob_n "$HA" binding show hoa 2001:db8:1::100 && ipmob_n "$HA" binding show &&
  ipmob_n "$HA" stats && timeout 1 "$IPMOB" -n "$HA" monitor; } >"$T/root.out" 2>&1 || rc=$?
# monitor runs until timeout ends it (124)
ktap_result $([ "$rc" -eq 124 ] && grep -q 2001:db8:1::100 "$T/root.out"; echo $?) \
	"root still reads bindings, counters and events"

ifindex=$(ip -n "$HA" -o link show mob0 | cut -d: -f1)
rc=0
out=$(ns_exec "$HA" /usr/bin/python3 "$IPMOB_SELFTEST_DIR/nl_dup.py" "$ifindex" \
	2001:db8:1::200 2001:db8:2::200 2>&1) || rc=$?
ktap_print_msg "$out"
ktap_result "$rc" "requests naming one binding twice refused, nothing applied"

printf 'binding add hoa 2001:db8:1::300 coa 2001:db8:2::1 dev mob0\nbinding add hoa 2001:db8:1::300 coa 2001:db8:2::2 dev mob0\n' >"$T/dup"
rc=0
out=$(ipmob_n "$HA" -b "$T/dup" 2>&1) || rc=$?
ktap_print_msg "batch exit $rc: $out"
if [ "$rc" -eq 2 ] && grep -q "same binding" <<<"$out" &&
   ! ipmob_n "$HA" binding show hoa 2001:db8:1::300 >/dev/null 2>&1; then
	ktap_ok "a batch adding one home address twice refused by the duplicate check"
else
	ktap_fail "a batch adding one home address twice refused by the duplicate check"
fi

rc=0
out=$(ip -n "$HA" link set mob0 netns "$OTHER" 2>&1) || rc=$?
ktap_print_msg "ip link set mob0 netns: exit $rc: $out"
if [ "$rc" -ne 0 ] && ip -n "$HA" link show mob0 >/dev/null 2>&1 &&
   ! ip -n "$OTHER" link show mob0 >/dev/null 2>&1 &&
   ipmob_n "$HA" binding show hoa 2001:db8:1::100 >/dev/null; then
	ktap_ok "mob0 cannot move to another namespace"
else
	ktap_fail "mob0 cannot move to another namespace"
fi
ktap_finish
