#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# mip6_home.sh: Mobile IPv6 home registration with ipmobd on both ends
# (RFC 6275 10, 11; RFC 4285 authentication). Topology: mip6_lib.bash.
#
# The mobile node moves home -> A -> B -> A -> home while the
# correspondent pings the home address and streams TCP to an application
# bound to it.
#   1. at home, the MN takes its home address on the home link; CN reaches it
#   2. on link A the MN registers (kernel bindings agree on a care-of in a::/64)
#   3. a home-link neighbour reaches the away MN through proxy ND
#   4. on link B the binding follows
#   5. back on A the binding follows
#   6. at home the MN deregisters; no binding is left at either end
#   7. the ping and the TCP stream survive every movement (loss reported)
#   8. tshark: every BU has A and H, the NAI, a timestamp and the MN-HA
#      authenticator with our SPI; lifetimes are 60 s (15 units of 4 s;
#      0 home)
#   9. tshark: every BA answers its BU's sequence number with status 0,
#      carries the authenticator, and grants at most 60 s
# ipmob-kernels: 6.1
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/mip6_lib.bash"

require_root
require_cmd ip ping radvd dumpcap tshark
ipmob_load

ktap_header
ktap_plan 9
topo_mobility
T=$(test_tmpdir)
D=$(dirname -- "${BASH_SOURCE[0]}")

# the MN's home link address from SLAAC, then the daemons
wait_for "ip -n $MN -6 addr show dev eth0 scope global | grep -q 2001:db8:1:" 20 ||
	ktap_print_msg "no SLAAC address at home"
cap_start "$HA" any "$T/sig.pcap"
mip6_ha_conf "$T/ha.conf"
mip6_mn_conf "$T/mn.conf"
mip6_daemon "$HA" "$T/ha.conf" "$T/ha.log"
wait_for "grep -q 'home agent on br0' '$T/ha.log'" 20 || true
mip6_daemon "$MN" "$T/mn.conf" "$T/mn.log"
wait_for "grep -q 'movement: at home' '$T/mn.log'" 20 || true

ktap_check "at home: CN reaches the home address directly" \
	ns_exec "$CN" ping -6 -c 2 -i 0.3 -W 2 $M_HOA

# traffic for the whole trip
mip6_traffic "$T" 0.02 0.05
sleep 1

move() {
	echo "$(date +%s.%N) $MN_AT->$1" >>"$T/moves"
	mip6_move "$1"
}

move A
rc=0; mip6_wait_registered 2001:db8:a: 30 || rc=$?
ktap_result $rc "on link A: registered, care-of $(mn_coa) at the MN, $(ha_coa) at the HA"

ktap_check "away: a home-link neighbour reaches the MN (proxy ND)" \
	ns_exec "$HN" ping -6 -c 2 -i 0.3 -W 2 $M_HOA
sleep 1

move B
rc=0; mip6_wait_registered 2001:db8:b: 30 || rc=$?
ktap_result $rc "on link B: binding follows, care-of $(ha_coa)"
sleep 1

move A
rc=0; mip6_wait_registered 2001:db8:a: 30 || rc=$?
ktap_result $rc "back on link A: binding follows, care-of $(ha_coa)"
sleep 1

move home
rc=0; mip6_wait_home 30 || rc=$?
# the home link's neighbour caches settle within a few seconds (the
# ping losses of this movement are reported below)
t0=$(date +%s%N)
wait_for "ns_exec $CN ping -6 -c 1 -W 1 $M_HOA >/dev/null 2>&1" 10 || rc=1
ktap_print_msg "CN reaches the MN at home $(( ($(date +%s%N) - t0) / 1000000 )) ms after the deregistration"
ktap_result $rc "at home again: deregistered at both ends, CN reaches the MN"
sleep 1

touch "$T/stop"
# (an asynchronous job ignores SIGINT: stop it with SIGTERM)
kill -TERM "$PING" 2>/dev/null || true
wait "$PING" 2>/dev/null || true
rc=0
if ! wait_for "! kill -0 $CLIENT" 170; then
	ktap_print_msg "TCP client stuck: $(ip netns exec "$CN" ss -tni 2>&1)"
	kill "$CLIENT" 2>/dev/null || true
fi
wait "$CLIENT" || rc=$?
ktap_print_msg "$(cat "$T/client.log" "$T/server.log")"
ktap_print_msg "$(/usr/bin/python3 "$D/losses.py" "$T/ping.log" "$T/moves")"
ping_ok=$(grep -c 'icmp_seq=.*time=' "$T/ping.log" || true)
ktap_result $([ "$rc" -eq 0 ] && [ "$ping_ok" -gt 40 ]; echo $?) \
	"TCP stream and ping survive 4 movements ($ping_ok replies)"

cap_stop
ktap_print_msg "$(grep -E 'BU sent|BA received|movement' "$T/mn.log")"
bus=$(decode "$T/sig.pcap" 'mip6.mhtype == 5' mip6.bu.seqnr mip6.bu.a_flag \
	mip6.bu.h_flag mip6.bu.lifetime mip6.mnid.identifier \
	mip6.mseg_id.timestamp mip6.auth.subtype mip6.auth.mobility_spi)
bas=$(decode "$T/sig.pcap" 'mip6.mhtype == 6' mip6.ba.seqnr mip6.ba.status \
	mip6.ba.lifetime mip6.auth.mobility_spi)
ktap_print_msg "BUs (seq|A|H|lifetime|NAI|timestamp|auth subtype|SPI):
$bus"
ktap_print_msg "BAs (seq|status|lifetime|SPI):
$bas"
rc=0
[ "$(printf '%s\n' "$bus" | grep -c .)" -ge 4 ] || rc=1
while IFS='|' read -r seq a h life nai ts sub spi; do
	[ -n "$seq" ] || continue
	{ [ "$a" = 1 ] || [ "$a" = True ]; } &&
	{ [ "$h" = 1 ] || [ "$h" = True ]; } &&
	{ [ "$life" = 15 ] || [ "$life" = 0 ]; } &&
	[ "$nai" = "$M_NAI" ] && [ -n "$ts" ] && [ "$sub" = 1 ] &&
	[ "$spi" = "$M_SPI" ] || { ktap_print_msg "bad BU: $seq $a $h $life $nai $ts $sub $spi"; rc=1; }
done <<<"$bus"
[ "$(printf '%s\n' "$bus" | awk -F'|' '$4 == 0' | grep -c .)" -ge 1 ] || rc=1
ktap_result $rc "tshark: BUs carry A, H, lifetime, NAI, timestamp and MN-HA auth"

rc=0
[ "$(printf '%s\n' "$bas" | grep -c .)" -ge 4 ] || rc=1
while IFS='|' read -r seq st life spi; do
	[ -n "$seq" ] || continue
	printf '%s\n' "$bus" | cut -d'|' -f1 | grep -qx "$seq" &&
	[ "$st" = 0 ] && [ "$life" -le 15 ] && [ "$spi" = "$M_SPI" ] ||
		{ ktap_print_msg "bad BA: $seq $st $life $spi"; rc=1; }
done <<<"$bas"
ktap_result $rc "tshark: BAs answer each BU's sequence with status 0, auth, lifetime <= 15 (60 s)"
if [ "$KTAP_FAIL" -ne 0 ]; then
	ktap_print_msg "HA log:
$(cat "$T/ha.log")"
	ktap_print_msg "MN log:
$(cat "$T/mn.log")"
fi
ktap_finish
