# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The narrated demonstration, run inside the VM by tools/testing/demo.sh:
# Mobile IPv6 home registration with ipmobd as home agent and mobile
# node (RFC 6275, RFC 4285 authentication), and route optimisation with
# the correspondent, which runs ipmobd as correspondent node. The mobile
# node moves home -> A -> B -> A -> home while the correspondent pings
# its home address; at the end, a timeline of movements, Binding
# Updates and Acknowledgements (home agent and correspondent), and the
# packets lost per handover.
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/selftests/ipmob/mip6_lib.bash"
D=$(dirname -- "${BASH_SOURCE[0]}")/selftests/ipmob

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
run() { printf '   $ %s\n' "$*"; "$@" 2>&1 | sed 's/^/     /'; }

ipmob_load
say "Topology: CN -- R -- HA (home link 2001:db8:1::/64, radvd with the H bit)"
say "          R -- AR1 (link A 2001:db8:a::/64), R -- AR2 (link B 2001:db8:b::/64)"
topo_mobility
T=$(test_tmpdir)
wait_for "ip -n $MN -6 addr show dev eth0 scope global | grep -q 2001:db8:1:" 20 || true
mip6_ha_conf "$T/ha.conf"
mip6_mn_conf "$T/mn.conf"
say "Home agent configuration (ipmobd.conf(5))"
sed 's/^/     /' "$T/ha.conf"
say "Mobile node configuration"
sed 's/^/     /' "$T/mn.conf"
mip6_daemon "$HA" "$T/ha.conf" "$T/ha.log"
wait_for "grep -q 'home agent on br0' '$T/ha.log'" 20 || true
printf 'log-level info\ndevice mob0\n[correspondent]\n' >"$T/cn.conf"
say "Correspondent configuration"
sed 's/^/     /' "$T/cn.conf"
mip6_daemon "$CN" "$T/cn.conf" "$T/cn.log"
mip6_daemon "$MN" "$T/mn.conf" "$T/mn.log"
wait_for "grep -q 'movement: at home' '$T/mn.log'" 20 || true
say "The correspondent pings the home address $M_HOA every 50 ms"
ns_exec "$CN" stdbuf -oL ping -6 -D -O -i 0.05 $M_HOA >"$T/ping.log" 2>&1 &
PING=$!
_IPMOB_BG_PIDS+=("$PING")
sleep 1
bad=""
for to in A B A home; do
	say "Mobile node moves $MN_AT -> $to"
	echo "$(date +%s.%N) $MN_AT->$to" >>"$T/moves"
	mip6_move "$to"
	case $to in
	A) mip6_wait_registered 2001:db8:a: 30 || bad+=", no registration on A" ;;
	B) mip6_wait_registered 2001:db8:b: 30 || bad+=", no registration on B" ;;
	home) mip6_wait_home 30 || bad+=", bindings left at home" ;;
	esac
	[ "$to" = home ] ||
		wait_for "grep -c 'route optimised' '$T/mn.log' | grep -qv '^0'" 10 || true
	sleep 1
	printf '   home agent:\n'
	run ipmob_n "$HA" binding show
	printf '   correspondent:\n'
	run ipmob_n "$CN" binding show
done
kill -TERM "$PING" 2>/dev/null || true
wait "$PING" 2>/dev/null || true

say "Timeline (mobile node)"
{
	while read -r t what; do
		printf '%s.%03d  ---- movement %s\n' "$(date -d "@${t%.*}" +%T)" \
			"$((10#$(printf '%s' "${t#*.}000" | cut -c1-3)))" "$what"
	done <"$T/moves"
	grep -E 'BU sent|BA received|BA from corr|movement:|HoTI sent|CoTI sent' "$T/mn.log" |
		sed -E 's/^ipmobd: ([0-9:.]+) [a-z]+: /\1  /'
} | sort | sed 's/^/     /'
say "Packets lost per handover and the gap they stand for (ping every 50 ms)"
/usr/bin/python3 "$D/losses.py" "$T/ping.log" "$T/moves" | sed 's/^/     /'
say "Counters at the home agent (tunnel) and the correspondent (route optimisation)"
run ipmob_n "$HA" stats | grep -E 'tunnel|decap'
run ipmob_n "$CN" stats | grep -E 'ro_|rx_hao'
# The verdict, one line: every movement registered (or deregistered at
# home), route optimisation with the correspondent, the pings answered.
ros=$(grep -c 'route optimised' "$T/mn.log" || true)
[ "${ros:-0}" -gt 0 ] || bad+=", no route optimisation"
answered=$(grep -c 'icmp_seq=.*time=' "$T/ping.log" || true)
sent=$(grep -cE 'icmp_seq=' "$T/ping.log" || true)
[ "${answered:-0}" -gt 0 ] || bad+=", no ping answered"
say "Done."
if [ -n "$bad" ]; then
	echo "demo: FAILED: ${bad#, }"
	exit 1
fi
echo "demo: ok: registered on A, B and A, deregistered at home, route optimised $ros times, $answered of $sent pings answered"
