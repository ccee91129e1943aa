#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# stress_flap.sh: the mobile node's link flaps $(stress_n 5 100) times
# (IPMOB_STRESS=long: make stress) under traffic: its port on link A's
# bridge goes down until the MN has seen it ("movement: no usable
# link"), then up again; the correspondent pings the home address and
# streams TCP to an application bound to it meanwhile.
#   1. after every flap the MN takes the link again ("movement: away on
#      eth1", the same care-of address: its binding still holds, so no
#      BU is owed, 11.5.1) and the ping is answered again
#   2. the TCP stream survives every flap, every byte in order
#   3. at the end the MN's and the HA's kernel bindings agree with the
#      MN's daemon (the care-of address on link A), both daemons run,
#      ipmob's slab caches hold what they held before the flaps, and
#      kmemleak (where the kernel has it) reports nothing
# ipmob-stress-timeout: 1800
# The mobile node's daemon and the carrier: one kernel in make check.
# ipmob-kernels: 6.12
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/mip6_lib.bash"

require_root
require_cmd ip ping radvd
ipmob_load

FLAPS=$(stress_n 5 100)
ktap_header
ktap_plan 3
kmemleak_begin
topo_mobility
T=$(test_tmpdir)

mip6_ha_conf "$T/ha.conf"
mip6_mn_conf "$T/mn.conf"
mip6_daemon "$HA" "$T/ha.conf" "$T/ha.log"
HAD=$DPID
wait_for "grep -q 'home agent on br0' '$T/ha.log'" 20 || true
mip6_daemon "$MN" "$T/mn.conf" "$T/mn.log"
MND=$DPID
wait_for "grep -q 'movement: at home' '$T/mn.log'" 20 || true
mip6_move A
mip6_wait_registered 2001:db8:a: 30 || ktap_print_msg "MN did not register"
coa0=$(mn_coa)
slab0=$(slab_ipmob)

mip6_traffic "$T" 0.05 0.1
sleep 1
# shellcheck disable=SC2317 # called through wait_for
count() { grep -c "$1" "$T/$2" || true; }
# replied_since EPOCH: a ping reply was logged after EPOCH
# shellcheck disable=SC2317 # called through wait_for
replied_since() {
	awk -v t="$1" -F'[][]' '/time=/ && $2 > t { f = 1 } END { exit !f }' "$T/ping.log"
}
start=$(date +%s) bad=0
for f in $(seq 1 "$FLAPS"); do
	back=$(count 'movement: away on eth1' mn.log)
	gone=$(count 'movement: no usable link' mn.log)
	ip -n "$AR1" link set a-mn down
	wait_for "[ \$(count 'movement: no usable link' mn.log) -gt $gone ]" 10 ||
		ktap_print_msg "flap $f: the MN did not see the link go"
	ip -n "$AR1" link set a-mn up
	t=$(date +%s.%N)
	if ! wait_for "[ \$(count 'movement: away on eth1' mn.log) -gt $back ]" 30; then
		ktap_print_msg "flap $f: the MN did not take the link again"
		bad=$((bad + 1))
	elif ! wait_for "replied_since $t" 10; then
		ktap_print_msg "flap $f: the ping was not answered again"
		bad=$((bad + 1))
	fi
done
secs=$(($(date +%s) - start))
ktap_print_msg "$FLAPS flaps in $secs s"
ktap_result $([ "$bad" -eq 0 ]; echo $?) \
	"after each of $FLAPS flaps: the link taken again, ping answered ($bad failed)"

touch "$T/stop"
kill -TERM "$PING" 2>/dev/null || true
wait "$PING" 2>/dev/null || true
rc=0
if ! wait_for "! kill -0 $CLIENT" 170; then
	kill "$CLIENT" 2>/dev/null || true
fi
wait "$CLIENT" || rc=$?
ktap_print_msg "$(cat "$T/client.log" "$T/server.log")"
ktap_result $rc "the TCP stream survives every flap"

rc=0
mcoa=$(mn_coa) hcoa=$(ha_coa)
dcoa=$(sed -n 's/.*movement: away on eth1, care-of address \([0-9a-f:]*\).*/\1/p' "$T/mn.log" | tail -n 1)
[ -n "$mcoa" ] && [ "$mcoa" = "$hcoa" ] && [ "$mcoa" = "$dcoa" ] && [ "$mcoa" = "$coa0" ] || rc=1
kill -0 "$HAD" 2>/dev/null && kill -0 "$MND" 2>/dev/null || rc=1
slab1=$(slab_ipmob)
[ "$slab1" = "$slab0" ] || rc=1
ktap_print_msg "care-of address: before $coa0, MN kernel $mcoa, HA kernel $hcoa, MN daemon $dcoa" \
	"ipmob slab objects: before $(echo "$slab0" | tr '\n' ' ')/ after $(echo "$slab1" | tr '\n' ' ')"
kmemleak_check || rc=1
ktap_result $rc "kernels and daemon agree, daemons run, slab as before, no kmemleak report"
if [ "$KTAP_FAIL" -ne 0 ]; then
	ktap_print_msg "$(grep -E 'movement|BU sent|BA received|warn|err' "$T/mn.log" | tail -n 40)"
fi
ktap_finish
