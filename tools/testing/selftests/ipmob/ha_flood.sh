#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# ha_flood.sh: a Binding Update flood does not keep a mobile node from
# registering. R floods the home agent with BUs an attacker can make
# without the key (ha_flood.py: spoofed care-of addresses, the real
# node's identifier and SPI with a wrong key, for its home address and
# others; unknown SPIs; no identifier), as fast as a raw socket sends,
# on the link the mobile node's own BU takes (R -> HA). During the
# flood the mobile node starts on link A and registers.
#
#   MN (link A) -- AR1 -- R (flood) -- HA (ipmobd, RFC 4285)
#
#   1. the flood reached the home agent (packets on its uplink; the rate
#      is printed, with the MH socket's drops)
#   2. the mobile node's first BU is answered with BA status 0 before its
#      first retransmission (the defaults: a first registration waits
#      initial-bindack-timeout-first-reg, 1500 ms, for the home agent's
#      DAD): one BU on the wire, and the BA within that wait (tshark);
#      both ends hold the binding
#   3. the home agent answers the forged BUs that name a security
#      association (BA 146, authentication failed) toward their spoofed
#      care-of addresses, but within reply-burst + reply-rate over the
#      flood (100 + 200/s, the defaults): no reflector
#
# IPMOB_FLOOD_SECONDS (default 12; make stress: longer) sets the flood's
# length.
#
# ipmob-kernels: 6.12
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/mip6_lib.bash"

require_root
require_cmd ip radvd dumpcap tshark
ipmob_load

ktap_header
ktap_plan 3
topo_mobility
T=$(test_tmpdir)
D=$(dirname -- "${BASH_SOURCE[0]}")
secs=${IPMOB_FLOOD_SECONDS:-12}

HA_MAX_LIFETIME=600 mip6_ha_conf "$T/ha.conf"
# the defaults for the MN's timers: the first retransmission after 1.5 s
MN_LIFETIME=600 mip6_mn_conf "$T/mn.conf"
sed -i '/^initial-bindack-timeout/d' "$T/mn.conf"
mip6_daemon "$HA" "$T/ha.conf" "$T/ha.log"
HAD=$DPID
wait_for "grep -q 'home agent on br0' '$T/ha.log'" 20 || true

# the mobile node starts away from home, on link A, with its care-of
# address already configured
mip6_move A
wait_for "ip -n $MN -6 addr show dev eth1 scope global | grep -q 2001:db8:a:" 20 || true

cap_start "$HA" up0 "$T/mn.pcap" "ip6 net 2001:db8:a::/64"
C1=$CAP_PID
cap_start "$HA" up0 "$T/refl.pcap" "ip6 dst net 2001:db8:99::/48"

rx_packets() {
	ip -n "$HA" -s -j link show dev up0 | /usr/bin/python3 -c '
import json, sys
print(json.load(sys.stdin)[0]["stats64"]["rx"]["packets"])'
}
# the drops column of the home agent's raw IPv6 sockets (the MH one)
mh_drops() {
	ip netns exec "$HA" awk 'NR > 1 && $2 ~ /:0087$/ { d += $NF } END { print d + 0 }' \
		/proc/net/raw6
}

# the home agent's daemon's CPU time (user + system, in ticks)
HAPID=$HAD
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$HAPID/stat"; }
rx0=$(rx_packets)
d0=$(mh_drops)
c0=$(cpu_ticks)
t0=$(date +%s.%N)
ns_exec "$R" /usr/bin/python3 "$D/ha_flood.py" --ha $M_HA --hoa $M_HOA \
	--nai $M_NAI --spi $M_SPI --seconds "$secs" --ready "$T/flood.on" \
	>"$T/flood.out" 2>&1 &
FL=$!
_IPMOB_BG_PIDS+=("$FL")
# the flood at full speed first (scapy builds its packets for a while
# under emulation), then the mobile node
wait_for "[ -e '$T/flood.on' ]" 120 || true
sleep 2
mip6_daemon "$MN" "$T/mn.conf" "$T/mn.log"
reg=0
mip6_wait_registered 2001:db8:a: 20 && reg=1
wait "$FL" 2>/dev/null || true
rx=$(( $(rx_packets) - rx0 ))
drops=$(( $(mh_drops) - d0 ))
busy=$(awk -v c="$(( $(cpu_ticks) - c0 ))" -v hz="$(getconf CLK_TCK)" \
	-v t0="$t0" -v t1="$(date +%s.%N)" 'BEGIN { printf "%d", 100 * c / hz / (t1 - t0) }')
read -r sent took <"$T/flood.out" || true
sleep 1
cap_stop
CAP_PID=$C1 cap_stop

ktap_print_msg "flood: ${sent:-?} BUs in ${took:-?}s from R," \
	"$rx packets on the HA's uplink, $drops dropped by its MH socket;" \
	"ipmobd busy ${busy}% of a CPU"
ktap_result $([ "${sent:-0}" -ge 1000 ] && [ "$rx" -ge 1000 ]; echo $?) \
	"the BU flood reached the home agent"

# the MN's BUs up to the first BA accepting one, and that BA's delay
# (not the BUs quoted in ICMPv6 errors)
bus=$(decode "$T/mn.pcap" 'mip6.mhtype == 5 && !icmpv6 && ipv6.src == 2001:db8:a::/64' \
	frame.time_relative mip6.bu.seqnr)
bas=$(decode "$T/mn.pcap" 'mip6.mhtype == 6 && mip6.ba.status == 0 && !icmpv6' \
	frame.time_relative mip6.ba.seqnr | head -n 1)
ktap_print_msg "the MN's BUs (time|sequence): $(echo $bus); first BA 0: ${bas:-none}"
verdict=$(printf '%s\n' "$bus" | /usr/bin/python3 -c '
import sys
ba = sys.argv[1].split("|")
if len(ba) < 2:
    print("no BA with status 0"); sys.exit()
t_ba = float(ba[0])
before = [l.strip().split("|") for l in sys.stdin if l.strip()]
before = [b for b in before if float(b[0]) <= t_ba]
if len(before) != 1:
    print("%d BUs before the BA" % len(before)); sys.exit()
if before[0][1] != ba[1]:
    print("BA for sequence %s, BU %s" % (ba[1], before[0][1])); sys.exit()
delay = t_ba - float(before[0][0])
print("ok %.3f" % delay if delay < 1.5 else "BA after %.3f s" % delay)
' "$bas")
ktap_print_msg "registration: $verdict (bindings on both ends: $reg)"
ktap_result $([ "${verdict%% *}" = ok ] && [ $reg -eq 1 ]; echo $?) \
	"a BU flood does not delay the MN's registration past its first retransmission"

# the replies toward the spoofed addresses, and their window
refl=$(decode "$T/refl.pcap" 'mip6.mhtype == 6' frame.time_relative | grep -c . || true)
w=$(decode "$T/refl.pcap" 'mip6.mhtype == 6' frame.time_relative |
	awk 'NR == 1 { f = $1 } { l = $1 } END { printf "%.3f", l - f }' || true)
cap=$(awk -v w="$w" 'BEGIN { printf "%d", 100 + 200 * w + 10 }')
ktap_print_msg "replies to spoofed care-of addresses: $refl over ${w}s (at most $cap);" \
	"the HA logged $(grep -c 'authentication failed' "$T/ha.log" || true) failures," \
	"$(grep -o '[0-9]* log lines about peers suppressed' "$T/ha.log" | tail -n 1 || true)"
ktap_result $([ "$refl" -gt 0 ] && [ "$refl" -le "$cap" ] && [ "$refl" -lt "${rx:-0}" ]; echo $?) \
	"the home agent's answers to the flood stay under the reply rate limit"
ktap_finish
