#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# daemon.sh: the kernel holds the state packets need, the daemon the
# protocol state. Killing ipmobd does not stop the data plane, and a
# restarted ipmobd rebuilds its view from a kernel dump: nothing is lost.
#
#   CN ---- R ---- HA (ipmobd -f -n HA, 1000 bindings + the MN's)
#           |
#           MN
#
#   1. ipmobd starts, reports the bindings it found, and logs an event
#   2. after kill -9 of ipmobd, CN still reaches the home address
#   3. a restarted ipmobd reports all 1002 of its bindings rebuilt from
#      the kernel, and leaves alone the one an operator tagged with an
#      instance of its own
#   4. a bad config line gives one clear line and exit 1
#   5. once started, ipmobd keeps CAP_NET_ADMIN and CAP_NET_RAW only
#      (effective, permitted and bounding sets), and still works: a new
#      binding event is logged
#   6. a home agent whose IPv6 forwarding is off says so at start-up, and
#      ipmob stats says so on standard error (neither when it is on)
#   7. a start-up that fails (a home link without an address in the home
#      prefix) exits non-zero and removes the ipmob device it had created
#   8. a start-up that fails after the home agent put its home link in
#      all-multicast mode (the mobile node cannot put its home address on
#      an ipmob device whose IPv6 is disabled) turns all-multicast off
#      again and keeps the device it found
#   9. the tagged binding (instance 9): ipmobd logged no event of its
#      change, it outlived two daemons, "show instance 9" lists it alone
#      and "show instance 0" all the others; -j "instance":9
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/ipmob_lib.bash"

require_root
require_cmd ip ping
ipmob_load

ktap_header
ktap_plan 9
topo_mip6
topo_tunnel
T=$(test_tmpdir)
for i in $(seq 1 1000); do
	printf 'binding add hoa 2001:db8:1::%x coa 2001:db8:2::%x dev mob0\n' $((i + 4096)) "$i"
done >"$T/b"
ipmob_n "$HA" -b "$T/b"
printf '%s\n' 'log-level info' 'device mob0' '[home-agent]' 'home-link home0' \
	'home-prefix 2001:db8:1::/64' 'authentication none' >"$T/conf"

"$IPMOB_BIN/ipmobd" -f -n "$HA" -c "$T/conf" >"$T/log1" 2>&1 &
_IPMOB_BG_PIDS+=("$!")
D=$!
wait_for "grep -q 'rebuilt' '$T/log1'" 20 || true
ipmob_n "$HA" binding add hoa 2001:db8:1::beef coa $COA2 dev mob0
wait_for "grep -q 'beef' '$T/log1'" 10 || true
ktap_print_msg "$(cat "$T/log1")"
if grep -q "rebuilt 1001 bindings" "$T/log1" && grep -q "2001:db8:1::beef" "$T/log1"; then
	ktap_ok "ipmobd rebuilt its view and logs events"
else
	ktap_fail "ipmobd rebuilt its view and logs events"
fi

kill -9 "$D"
wait "$D" 2>/dev/null || true
ktap_check "data plane keeps working without the daemon" \
	ns_exec "$CN" ping -6 -c 2 -i 0.3 -W 2 $HOA

# an operator's static binding, tagged: not ipmobd's
ipmob_n "$HA" binding add hoa 2001:db8:1::e9 coa 2001:db8:2::e9 role ha \
	instance 9 dev mob0
"$IPMOB_BIN/ipmobd" -f -n "$HA" -c "$T/conf" >"$T/log2" 2>&1 &
_IPMOB_BG_PIDS+=("$!")
D2=$!
wait_for "grep -q 'rebuilt' '$T/log2'" 20 || true
wait_for "grep -q 'left alone' '$T/log2'" 5 || true
ktap_print_msg "$(grep -E 'rebuilt|left alone' "$T/log2" || true)"
ktap_result $(grep -q "rebuilt 1002 bindings" "$T/log2" &&
	grep -q "left alone 1 binding of other instances" "$T/log2"; echo $?) \
	"restarted ipmobd rebuilt all its bindings from the kernel, left the tagged one alone"
wait_for "grep -q 'capabilities:' '$T/log2'" 10 || true
caps=$(grep -E '^Cap(Eff|Prm|Bnd|Inh|Amb):' "/proc/$D2/status" | tr -s '\t ' ' ' | tr '\n' ' ')
# events come in order: once cafe is logged, this change was seen
ipmob_n "$HA" binding change hoa 2001:db8:1::e9 coa 2001:db8:2::ea role ha \
	instance 9 dev mob0
ipmob_n "$HA" binding add hoa 2001:db8:1::cafe coa 2001:db8:2::cafe dev mob0
wait_for "grep -q 'cafe' '$T/log2'" 10 || true

printf '[home-agent]\nbogus-key 1\n' >"$T/bad"
rc=0
"$IPMOB_BIN/ipmobd" -f -c "$T/bad" 2>"$T/err" || rc=$?
ktap_print_msg "exit $rc: $(cat "$T/err")"
ktap_result $([ "$rc" -eq 1 ] && [ "$(wc -l <"$T/err")" -eq 1 ]; echo $?) "bad config: one line, exit 1"

kill "$D2" 2>/dev/null || true
wait "$D2" 2>/dev/null || true
ns_sysctl "$HA" net.ipv6.conf.all.forwarding=0
"$IPMOB_BIN/ipmobd" -f -n "$HA" -c "$T/conf" >"$T/log3" 2>&1 &
_IPMOB_BG_PIDS+=("$!")
D3=$!
wait_for "grep -q 'rebuilt' '$T/log3'" 20 || true
kill "$D3" 2>/dev/null || true
wait "$D3" 2>/dev/null || true
# ipmob stats says it too, on standard error, its JSON intact
sw0=$("$IPMOB" -n "$HA" -j stats 2>&1 >"$T/stats0.json" || true)
ns_sysctl "$HA" net.ipv6.conf.all.forwarding=1
sw1=$("$IPMOB" -n "$HA" -j stats 2>&1 >/dev/null || true)
ktap_print_msg "$caps"
ktap_result $([[ "$caps" == *"CapPrm: 0000000000003000"* ]] &&
	[[ "$caps" == *"CapEff: 0000000000003000"* ]] &&
	[[ "$caps" == *"CapBnd: 0000000000003000"* ]] &&
	grep -q cafe "$T/log2"; echo $?) \
	"ipmobd keeps CAP_NET_ADMIN and CAP_NET_RAW only, and works on"
ktap_print_msg "$(grep -i forwarding "$T/log3" || echo 'no word of forwarding')"
ktap_print_msg "ipmob stats, forwarding off: ${sw0:-nothing}; on: ${sw1:-nothing}"
ktap_result $(grep -q "IPv6 forwarding is off" "$T/log3" &&
	! grep -q "forwarding is off" "$T/log1" &&
	[[ "$sw0" == *"IPv6 forwarding is off"*"holds 100"*" home agent bindings"* ]] &&
	[ -z "$sw1" ] && /usr/bin/python3 -m json.tool "$T/stats0.json" >/dev/null; echo $?) \
	"forwarding off: the home agent warns at start-up and ipmob stats warns (neither when it is on)"

# 7-8: a failed start-up leaves the namespace as it found it
X=$(ns_name x)
ns_create "$X"
ip -n "$X" link add home0 type dummy
ip -n "$X" link set home0 up
ip -n "$X" -6 addr add 2001:db8:9::1/64 dev home0 nodad
printf '%s\n' 'log-level info' 'device mob0' '[home-agent]' 'home-link home0' \
	'home-prefix 2001:db8:1::/64' 'authentication none' >"$T/conf7"
chmod 600 "$T/conf7"
rc=0
timeout 20 "$IPMOB_BIN/ipmobd" -f -n "$X" -c "$T/conf7" >"$T/log7" 2>&1 || rc=$?
dev=$(ip -n "$X" -o link show mob0 2>/dev/null | grep -c mob0 || true)
ktap_print_msg "exit $rc, mob0 left: $dev; $(grep -E 'created|removed|home link' "$T/log7" | tr '\n' ';')"
ktap_result $([ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] && [ "$dev" = 0 ] &&
	grep -q "created ipmob device mob0" "$T/log7" &&
	grep -q "removed ipmob device mob0" "$T/log7"; echo $?) \
	"a failed start-up removes the ipmob device it created"

ip -n "$X" -6 addr add 2001:db8:1::1/64 dev home0 nodad
ip -n "$X" link add mob0 type ipmob
ns_sysctl "$X" net.ipv6.conf.mob0.disable_ipv6=1
am0=$(ip -n "$X" -o link show home0 | grep -c ALLMULTI || true)
cat "$T/conf7" - >"$T/conf8" <<'EOF8'
[mobile-node]
home-address 2001:db8:5::100/64
home-agent 2001:db8:5::1
authentication none
EOF8
chmod 600 "$T/conf8"
rc=0
timeout 20 "$IPMOB_BIN/ipmobd" -f -n "$X" -c "$T/conf8" >"$T/log8" 2>&1 || rc=$?
am=$(ip -n "$X" -o link show home0 | grep -c ALLMULTI || true)
dev=$(ip -n "$X" -o link show mob0 2>/dev/null | grep -c mob0 || true)
ktap_print_msg "exit $rc, home0 allmulti before $am0 after $am, mob0 kept: $dev; $(grep -E 'multicast|home address' "$T/log8" | tr '\n' ';')"
ktap_result $([ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] && [ "$am0" = 0 ] && [ "$am" = 0 ] &&
	[ "$dev" = 1 ] && grep -q "all-multicast off again on home0" "$T/log8"; echo $?) \
	"a start-up failing after the home agent put its home link in all-multicast mode turns it off again, keeps the device it found"
# 9: the tagged binding after two daemons
tagged=$(ipmob_n "$HA" binding show instance 9)
n9=$(grep -c . <<<"$tagged" || true)
all=$(ipmob_n "$HA" -j binding show | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
n0=$(ipmob_n "$HA" -j binding show instance 0 | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
j9=$(ipmob_n "$HA" -j binding show hoa 2001:db8:1::e9 dev mob0)
ktap_print_msg "$tagged" "instance 9: $n9, instance 0: $n0 of $all" "$j9" \
	"ipmobd's lines of it: $(grep -c '2001:db8:1::e9' "$T/log2" || true)"
ktap_result $([ "$n9" -eq 1 ] && [[ "$tagged" == *"hoa 2001:db8:1::e9 coa 2001:db8:2::ea"*" instance 9 "* ]] &&
	[ "$n0" -eq $((all - 1)) ] && [[ "$j9" == *'"instance":9'* ]] &&
	! grep -q '2001:db8:1::e9' "$T/log2"; echo $?) \
	"the tagged binding: no event logged, outlived the daemons, show instance filters, JSON"
ktap_finish
