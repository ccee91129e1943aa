#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# lifetime.sh: the kernel enforces binding lifetimes and tells the daemon
# what it must act on (RFC 6275 9.5.5 / 10.3.1 / 11.7.1): a binding in use
# gets one "refresh" event before it expires, every binding an "expired"
# event when its lifetime runs out, after which packets no longer use it.
#
#   CN ---- R ---- HA (HoA: lifetime 4 s, traffic; HoA2: lifetime 4 s, idle)
#           |
#           MN                      "ipmob -j monitor" on HA
#
#   1. traffic flows while the binding lives
#   2. the binding in use got a refresh event, the idle one did not
#   3. both got an expired event
#   4. both are gone from the table
#   5. traffic no longer reaches the mobile node
#   6. remaining time is reported and decreases
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/ipmob_lib.bash"

require_root
require_cmd ip ping
ipmob_load

ktap_header
ktap_plan 6
topo_mip6
T=$(test_tmpdir)
HOA2=2001:db8:1::200

ipmob_n "$HA" -j monitor >"$T/mon" 2>&1 &
_IPMOB_BG_PIDS+=("$!")
sleep 1
ipmob_n "$HA" binding add hoa $HOA coa $COA local $HA_ADDR lifetime 4 dev mob0
ipmob_n "$HA" binding add hoa $HOA2 coa $COA2 local $HA_ADDR lifetime 4 dev mob0
ipmob_n "$MN" binding add hoa $HOA coa $COA peer $HA_ADDR dev mob0
r1=$(ipmob_n "$HA" -j binding show hoa $HOA | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); d=d[0] if isinstance(d,list) else d; print(d["remaining_ms"])')

ktap_check "traffic flows while the binding lives" \
	ns_exec "$CN" ping -6 -c 2 -i 0.3 -W 2 $HOA
ns_exec "$CN" ping -6 -i 0.2 $HOA >/dev/null 2>&1 &
_IPMOB_BG_PIDS+=("$!")
r2=$(ipmob_n "$HA" -j binding show hoa $HOA | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); d=d[0] if isinstance(d,list) else d; print(d["remaining_ms"])')
wait_for "[ \$(grep -c '\"expired\"' '$T/mon') -ge 2 ]" 15 || true
ktap_print_msg "$(cat "$T/mon")"

refresh=$(grep '"refresh"' "$T/mon" || true)
if grep -q "\"hoa\":\"$HOA\"" <<<"$refresh" && ! grep -q "\"hoa\":\"$HOA2\"" <<<"$refresh"; then
	ktap_ok "refresh event for the binding in use only"
else
	ktap_fail "refresh event for the binding in use only"
fi
expired=$(grep '"expired"' "$T/mon" || true)
if grep -q "\"hoa\":\"$HOA\"" <<<"$expired" && grep -q "\"hoa\":\"$HOA2\"" <<<"$expired"; then
	ktap_ok "expired events for both bindings"
else
	ktap_fail "expired events for both bindings"
fi
left=$(ipmob_n "$HA" binding show | wc -l)
ktap_result $([ "$left" -eq 0 ]; echo $?) "expired bindings are gone ($left left)"
if ns_exec "$CN" ping -6 -c 1 -W 1 $HOA >/dev/null 2>&1; then
	ktap_fail "traffic no longer tunnelled after expiry"
else
	ktap_ok "traffic no longer tunnelled after expiry"
fi
ktap_print_msg "remaining_ms $r1 then $r2"
ktap_result $([ "$r1" -le 4000 ] && [ "$r1" -gt 0 ] && [ "$r2" -lt "$r1" ]; echo $?) "remaining time reported and decreasing"
ktap_finish
