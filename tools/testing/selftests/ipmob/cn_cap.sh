#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# cn_cap.sh: a correspondent's binding cache is bounded (RFC 6275 9.6).
# R, next to CN, plays five mobile nodes: each home and care-of address
# is one of R's, so ro_reg.py (hashlib/hmac, independent of ipmobd) runs
# return routability and registers each binding for real.
#
#   CN (ipmobd [correspondent], max-bindings 3) ---- R (ro_reg.py)
#
#   1. five registrations, lifetimes 200, 100, 300, 300, 300 s: all get
#      BA 0 (tshark); the cache holds 3, the fourth dropped the entry
#      that expired first (100 s), the fifth the next (200 s); the log
#      says the cache is full
#   2. the dropped entry's tomb keeps its sequence number (5.2.8): its
#      BU replayed byte for byte gets 135 and installs nothing
#   3. deletions from 300 home addresses of R's (the long run, in make
#      stress: IPMOB_FLOOD=30000), each after a real HoTI/HoT
#      (ro_flood.py: 16 exchanges in flight, HoTIs paced at 150 a
#      second, under the CN's reply-rate), with
#      max-deleted-bindings 16: the CN's memory stays put and its time
#      per BU (BU -> BA, seen on the wire) does not grow; the test prints
#      both
#   4. the newest deletion's tomb is there: its BU replayed gets 135;
#      that of the one 100 deletions before is gone (only 16 are kept):
#      its replay is taken as a new deletion (BA 0)
#
# ipmob-kernels: 6.12
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/ipmob_lib.bash"

require_root
require_cmd ip tshark dumpcap
ipmob_load

ktap_header
ktap_plan 4
topo_mip6
T=$(test_tmpdir)
D=$(dirname -- "${BASH_SOURCE[0]}")
printf '%s\n' 'log-level info' 'device mob0' '[correspondent]' 'max-bindings 3' \
	'max-deleted-bindings 16' >"$T/cn.conf"
chmod 600 "$T/cn.conf"
"$IPMOB_BIN/ipmobd" -f -n "$CN" -c "$T/cn.conf" >"$T/cn.log" 2>&1 &
_IPMOB_BG_PIDS+=("$!")
CND=$!
wait_for "grep -q 'correspondent node' '$T/cn.log'" 20 || true
for i in 1 2 3 4 5; do
	ip -n "$R" -6 addr add 2001:db8:c::100$i/128 dev cn0 nodad
	ip -n "$R" -6 addr add 2001:db8:c::200$i/128 dev cn0 nodad
done
cap_start "$CN" eth0 "$T/cn.pcap" "ip6 proto 135 or (ip6 proto 60 and ip6[40] == 135) or (ip6 proto 43 and ip6[40] == 135)"

H() { echo "2001:db8:c::100$1"; }
C() { echo "2001:db8:c::200$1"; }
reg() { # reg I LIFETIME
	ns_exec "$R" /usr/bin/python3 "$D/ro_reg.py" --cn "$CN_ADDR" --dump "$T" \
		"$(H "$1"),$(C "$1"),$2,$((10 + $1))"
}
ba() { # ba I: the statuses of the BAs to H(I), in order
	decode "$T/cn.pcap" "mip6.mhtype == 6 && ipv6.routing.mipv6.home_address == $(H "$1")" \
		mip6.ba.status | tr '\n' ' '
}
held() {
	"$IPMOB" -n "$CN" -j binding show | /usr/bin/python3 -c '
import json, sys
print(" ".join(sorted(b["hoa"] for b in json.load(sys.stdin) if b.get("mode") == "ro")))'
}

rc=0
n=0
for l in 200 100 300 300 300; do
	n=$((n + 1))
	reg $n $l >/dev/null || rc=1
	wait_for "[ -n \"\$(ba $n)\" ]" 10 || rc=1
done
sts=""
for i in 1 2 3 4 5; do
	s=$(ba $i)
	sts="$sts ${s:-none}"
	[ "$s" = "0 " ] || rc=1
done
h=$(held)
[ "$h" = "$(H 3) $(H 4) $(H 5)" ] || rc=1
grep -q "binding cache full (3 entries): dropped the binding for $(H 2)" "$T/cn.log" || rc=1
grep -q "binding cache full (3 entries): dropped the binding for $(H 1)" "$T/cn.log" || rc=1
ktap_print_msg "BA statuses:$sts; held: $h"
ktap_result $rc "max-bindings 3: five registrations accepted, the entries expiring first dropped, 3 held"

rc=0
ns_exec "$R" /usr/bin/python3 "$D/ro_reg.py" --replay "$T/$(H 2).bu"
wait_for "[ \"\$(ba 2)\" = '0 135 ' ]" 10 || rc=1
h2=$(held)
[ "$h2" = "$h" ] || rc=1
ktap_print_msg "the dropped $(H 2)'s BU replayed: BAs '$(ba 2)'; held: $h2"
ktap_result $rc "a dropped entry's BU replayed: 135 from its tomb, nothing installed"

# 3: deletions from many home addresses
N=${IPMOB_FLOOD:-300}
# R owns the whole prefix (a local route, as AnyIP) and may send from
# any address of it (ip_nonlocal_bind): 100,000 addresses added one by
# one would take the emulated VM a quarter of an hour
ip -n "$R" -6 route add local 2001:db8:c:1::/64 dev lo
ip netns exec "$R" sysctl -qw net.ipv6.ip_nonlocal_bind=1
rss() { awk '/^VmRSS/ {print $2}' "/proc/$CND/status"; }
m0=$(rss)
t0=$(date +%s)
out=$(ns_exec "$R" /usr/bin/python3 "$D/ro_flood.py" --cn "$CN_ADDR" --prefix 2001:db8:c:1:: \
	--count "$N" --coa "$(C 1)" --ifname cn0 --dump "$T/flood" 2>&1) || true
m1=$(rss)
ans=$(sed -n 's/.*answered \([0-9]*\).*/\1/p' <<<"$out")
f=$(sed -n 's/.*first [0-9]* median \([0-9.]*\).*/\1/p' <<<"$out")
l=$(sed -n 's/.*last [0-9]* median \([0-9.]*\).*/\1/p' <<<"$out")
ktap_print_msg "$out ($(( $(date +%s) - t0 )) s); CN VmRSS $m0 -> $m1 kB"
ktap_result $(awk -v n="$N" -v a="${ans:-0}" -v f="${f:-0}" -v l="${l:-999}" \
	-v m0="${m0:-0}" -v m1="${m1:-99999}" \
	'BEGIN { exit !(a >= 0.9 * n && m1 - m0 <= 1024 && l <= 3 * f + 5) }'; echo $?) \
	"$N deletions with max-deleted-bindings 16: memory bounded, time per BU flat"

# 4: the newest deletion is remembered, an earlier one forgotten (16
# kept): the 100th before the last, whose nonce index is still good (a
# BU older than 240 s gets 136 whatever the tombs hold, 5.2.7)
rc=0
addr() { /usr/bin/python3 -c 'import ipaddress, sys; print(ipaddress.IPv6Address("2001:db8:c:1::") + int(sys.argv[1]))' "$1"; }
early=$(addr $(( N > 101 ? N - 100 : 1 )))
last=$(addr "$N")
bas() { # bas HOA: the statuses of the BAs to it
	decode "$T/cn.pcap" "mip6.mhtype == 6 && ipv6.routing.mipv6.home_address == $1" \
		mip6.ba.status | tr '\n' ' '
}
ns_exec "$R" /usr/bin/python3 "$D/ro_reg.py" --replay "$T/flood.last"
ns_exec "$R" /usr/bin/python3 "$D/ro_reg.py" --replay "$T/flood.early"
wait_for "[ \"\$(bas $last)\" = '0 135 ' ] && [ \"\$(bas $early)\" = '0 0 ' ]" 10 || rc=1
ktap_print_msg "the BUs deleting $last and $early replayed: BAs '$(bas $last)' and '$(bas $early)'"
ktap_result $rc "the newest deletion's BU replayed gets 135 from its tomb; one 100 deletions older was forgotten (16 tombs kept)"
cap_stop

[ "$KTAP_FAIL" -eq 0 ] || ktap_print_msg "CN log:
$(cat "$T/cn.log")"
ktap_finish
