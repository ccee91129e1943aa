#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# mip6_dna.sh: the mobile node's Simple DNA (RFC 6059). On a link-up the
# addresses of a link where it knew routers are not used until a router
# confirms them: the answer of a known router to a unicast Neighbor
# Solicitation (5.5.2, 5.7.1) or a Router Advertisement (5.7.2).
#
#   MN: home -> A -> B, then
#   1. back to A while AR1's radvd is stopped (no RA can come): the node
#      probes AR1 with a unicast NS to its link-local address and its
#      link-layer address (tshark: eth.dst is br-a's MAC), AR1's NA
#      confirms the link, and the node registers its old care-of
#      address on A again, before any RA
#   2. A -> C: the node's eth1 is plugged into another network (br-c on
#      AR1, another router, prefix 2001:db8:c1::/64). Its old care-of
#      address from A is still on eth1 and the old default route comes
#      back with the carrier, but no BU names that address (tshark on the
#      home agent's uplink); the node registers an address from c1
#   3. the unanswered probe and the RA of br-c's router say that AR1's
#      br-a router is not there: ipmobd logs it and removes its default
#      route; the correspondent's ping of the home address resumes
#
# Without DNA ("dna off", IPMOB_DNA=off) the node sends a BU with the
# stale care-of address the moment eth1 comes up (3 fails), sends no
# probe (1, 2 fail) and keeps the dead router's route (4 fails).
#
# Daemon logic: one kernel is enough.
# ipmob-kernels: 6.12
#
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/mip6_lib.bash"

require_root
require_cmd ip radvd dumpcap tshark ping
ipmob_load

ktap_header
ktap_plan 5
topo_mobility
T=$(test_tmpdir)

# network C: another bridge on AR1, with its own router address and radvd
ip -n "$AR1" link add br-c type bridge
ip -n "$AR1" link add c-stub type dummy
ip -n "$AR1" link set c-stub master br-c
ip -n "$AR1" link set c-stub up
ip -n "$AR1" link set br-c up
ip -n "$AR1" -6 addr add 2001:db8:c1::1/64 dev br-c nodad
ip -n "$R" -6 route add 2001:db8:c1::/64 via 2001:db8:f1::2
# ar1_radvd NAME IFACE PREFIX: a radvd of AR1's (radvd-NAME.conf); its
# routers live a minute, as in a real network (the library's 4.5 s
# would expire while the node is away, and nothing would be left to
# confirm)
ar1_radvd() {
	printf 'interface %s {
	AdvSendAdvert on;
	MinRtrAdvInterval 0.5;
	MaxRtrAdvInterval 1.5;
	MinDelayBetweenRAs 0.05;
	AdvDefaultLifetime 60;
	AdvIntervalOpt on;
	prefix %s { AdvOnLink on; AdvAutonomous on; };
};\n' "$2" "$3" >"$T/radvd-$1.conf"
	ip netns exec "$AR1" radvd -n -C "$T/radvd-$1.conf" -p "$T/radvd-$1.pid" \
		-m stderr >"$T/radvd-$1.log" 2>&1 &
	_IPMOB_BG_PIDS+=("$!")
}
# (radvd forks: its whole family, found by its configuration file)
radvd_kill() {
	pkill -9 -f "$1" || true
	wait_for "! pgrep -f '$1' >/dev/null" 10 || ktap_print_msg "$1: radvd still runs"
}
radvd_kill "radvd-$AR1.conf"

ar1_radvd a br-a 2001:db8:a::/64
ar1_radvd c br-c 2001:db8:c1::/64

wait_for "ip -n $MN -6 addr show dev eth0 scope global | grep -q 2001:db8:1:" 20 || true
# long lifetimes: an emulated, loaded guest takes its time between
# the movements, and an expiry is not what this test is about
HA_MAX_LIFETIME=600 mip6_ha_conf "$T/ha.conf"
# IPMOB_DNA=off: the node uses what the kernel kept (checks 1-4 fail)
MN_LIFETIME=300 mip6_mn_conf "$T/mn.conf" "home-agent $M_HA
dna ${IPMOB_DNA:-on}"
mip6_daemon "$HA" "$T/ha.conf" "$T/ha.log"
wait_for "grep -q 'home agent on br0' '$T/ha.log'" 20 || true
mip6_daemon "$MN" "$T/mn.conf" "$T/mn.log"
wait_for "grep -q 'movement: at home' '$T/mn.log'" 20 || true

ns_exec "$CN" stdbuf -oL ping -6 -D -O -i 0.1 $M_HOA >"$T/ping.log" 2>&1 &
PING=$!
_IPMOB_BG_PIDS+=("$PING")

mip6_move A
mip6_wait_registered 2001:db8:a: 30 || ktap_print_msg "no registration on A"
coa_a=$(mn_coa)
sleep 1
mip6_move B
mip6_wait_registered 2001:db8:b: 30 || ktap_print_msg "no registration on B"

# 1. back to A, where no RA can come now
radvd_kill "$T/radvd-a.conf"
sleep 0.5
ar1_ll=$(ip -n "$AR1" -6 addr show dev br-a scope link | sed -nE 's/.*inet6 ([0-9a-f:]+)\/.*/\1/p' | head -n 1)
ar1_mac=$(ip -n "$AR1" link show br-a | sed -nE 's/.*link\/ether ([0-9a-f:]+) .*/\1/p')
cap_start "$MN" eth1 "$T/a.pcap"
mip6_move A
ok=0
mip6_wait_registered 2001:db8:a: 20 && ok=1
sleep 0.5
cap_stop
ktap_print_msg "back on A: care-of $(mn_coa) (before: $coa_a); $(grep -E 'DNA' "$T/mn.log" | tail -n 3 | tr '\n' ' ')"
ktap_result $([ "$ok" = 1 ] && [ "$(mn_coa)" = "$coa_a" ] &&
	grep -q "DNA: router $ar1_ll answered" "$T/mn.log"; echo $?) \
	"back on a known link without its RAs: AR1's NA confirms it, the old care-of address registers"
ns=$(decode "$T/a.pcap" "icmpv6.type == 135 && ipv6.dst == $ar1_ll && icmpv6.nd.ns.target_address == $ar1_ll && eth.dst == $ar1_mac" frame.number | head -n 1)
na=$(decode "$T/a.pcap" "icmpv6.type == 136 && ipv6.src == $ar1_ll && icmpv6.nd.na.flag.s == 1" frame.number | head -n 1)
bu=$(decode "$T/a.pcap" "mip6.mhtype == 5" frame.number | head -n 1)
ra=$(decode "$T/a.pcap" "icmpv6.type == 134" frame.number | head -n 1)
ktap_print_msg "capture on eth1: NS to $ar1_ll at $ar1_mac frame ${ns:-none}, its NA ${na:-none}, first BU ${bu:-none}, first RA ${ra:-none}"
ktap_result $([ -n "$ns" ] && [ -n "$na" ] && [ -n "$bu" ] && [ "$ns" -lt "$bu" ] &&
	{ [ -z "$ra" ] || [ "$ra" -gt "$bu" ]; }; echo $?) \
	"tshark: unicast NS to the router's link-local and link-layer address, its NA, then the BU, no RA before it"

# 2. A -> C: eth1 is plugged into another network
cap_start "$HA" up0 "$T/c.pcap"
ip -n "$AR1" link set a-mn down
ip -n "$AR1" link set a-mn nomaster
ip -n "$AR1" link set a-mn master br-c
ip -n "$AR1" link set a-mn up
ok=0
mip6_wait_registered 2001:db8:c1: 30 && ok=1
sleep 1
cap_stop
stale=$(decode "$T/c.pcap" "mip6.mhtype == 5 && ipv6.src == $coa_a" frame.number | wc -l)
bus=$(decode "$T/c.pcap" "mip6.mhtype == 5" ipv6.src | sort | uniq -c | tr -s ' \n' ' ')
ktap_print_msg "on C: care-of $(mn_coa); BUs on the home agent's uplink by source: ${bus:-none}"
ktap_result $([ "$ok" = 1 ] && [ "$stale" = 0 ]; echo $?) \
	"another network on the same interface: no BU with the stale care-of address; registered from c1"

ktap_print_msg "$(grep -E 'movement|BU sent|BA received|DNA|expired' "$T/mn.log" | tail -n 8)"
# 3. the old router is gone; traffic resumes
ktap_print_msg "$(grep -E 'DNA: router .* not on the link' "$T/mn.log" | tail -n 1)"
ktap_result $(grep -q "DNA: router $ar1_ll is not on the link eth1" "$T/mn.log" &&
	! ip -n "$MN" -6 route show default dev eth1 | grep -q "via $ar1_ll"; echo $?) \
	"the router probed in vain is reported and its default route removed"
n0=$(grep -c 'bytes from' "$T/ping.log" || true)
wait_for "[ \$(grep -c 'bytes from' '$T/ping.log') -ge $((n0 + 10)) ]" 15 || true
n1=$(grep -c 'bytes from' "$T/ping.log" || true)
ktap_result $([ "$n1" -ge $((n0 + 10)) ]; echo $?) \
	"the correspondent's ping of the home address resumes on C ($n0 -> $n1 replies)"
kill -TERM "$PING" 2>/dev/null || true
ktap_print_msg "$(grep -E 'movement|BU sent|BA received|DNA' "$T/mn.log" | tail -n 12)"
ktap_print_msg "MN routes: $(ip -n "$MN" -6 route show default | tr '\n' ';') HA: $("$IPMOB" -n "$HA" binding show | tr '\n' ' ')"
ktap_finish
