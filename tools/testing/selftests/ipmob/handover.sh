#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# handover.sh: a real movement. A TCP transfer CN -> HoA runs while the
# mobile node leaves foreign link A for foreign link B: its old link goes
# down, the bindings at HA and MN are changed to the new care-of address
# ("ipmob binding change", IPMOB_CMD_BINDING_SET) and the transfer carries
# on and arrives intact. Then multiple care-of addresses (RFC 5648): with
# both links up, the binding's priorities pick the path.
#
#   CN ---- R ---- HA (binding HoA -> CoA A, then B)
#          |  \
#   link A |   \ link B (2001:db8:3::/64)
#          |    \
#          +- MN -+   eth0 CoA A 2001:db8:2::100, eth1 CoA B 2001:db8:3::100
#
#   1. the transfer started on link A (capture on A)
#   2. after the move, tunnelled packets use link B (capture on B)
#   3. the 3 MB transfer spanning the move arrives intact
#   4. two care-of records: traffic follows the preferred priority (B)
#   5. "binding change" of the priorities moves traffic to A, no restart
#
# On 6.12 only in make check: the module's binding change and its choice
# among care-of records by priority are what every daemon movement test
# drives on each kernel (mip6_cycles, mcoa_ha on 6.1; mcoa_mn,
# dsmip_move on 6.12), and flows' BID paths on both.
# ipmob-kernels: 6.12
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/ipmob_lib.bash"

require_root
require_cmd ip nc tshark dumpcap sha1sum tc
ipmob_load

ktap_header
ktap_plan 5
topo_mip6
T=$(test_tmpdir)
COAB=2001:db8:3::100
veth_pair "$R" mn1 "$MN" eth1
ip -n "$R" -6 addr add 2001:db8:3::1/64 dev mn1 nodad
ip -n "$MN" -6 addr add $COAB/64 dev eth1 nodad
topo_tunnel
# Slow the home agent's egress so the transfer spans the movement.
ip netns exec "$HA" tc qdisc add dev eth0 root tbf rate 8mbit burst 32kb latency 400ms

head -c 3000000 /dev/urandom >"$T/data"
ns_exec "$MN" nc -6 -l -p 5003 -s $HOA >"$T/recv" 2>/dev/null &
_IPMOB_BG_PIDS+=("$!")
NC=$!
wait_for "ns_exec \"\$MN\" ss -Hltn 'sport = :5003' | grep -q ." 20 || ktap_print_msg "listener not up"
cap_start "$R" mn0 "$T/a.pcap"
CAPA=$CAP_PID
cap_start "$R" mn1 "$T/b.pcap"
CAPB=$CAP_PID
ns_exec "$CN" nc -6 -N $HOA 5003 <"$T/data" 2>/dev/null &
_IPMOB_BG_PIDS+=("$!")
SND=$!
sleep 1

# Move: link A goes away, link B becomes the way out.
ip -n "$MN" link set eth0 down
ip -n "$MN" -6 route replace default via 2001:db8:3::1 dev eth1
ipmob_n "$MN" binding change hoa $HOA coa $COAB peer $HA_ADDR dev mob0
ipmob_n "$HA" binding change hoa $HOA coa $COAB local $HA_ADDR dev mob0
wait $SND || true
wait $NC || true
CAP_PID=$CAPA cap_stop
CAP_PID=$CAPB cap_stop

a=$(decode "$T/a.pcap" "ipv6.dst == $COA && ipv6.nxt == 41" ipv6.dst | wc -l)
b=$(decode "$T/b.pcap" "ipv6.dst == $COAB && ipv6.nxt == 41" ipv6.dst | wc -l)
ktap_print_msg "tunnelled packets on link A: $a, on link B: $b"
ktap_result $([ "$a" -ge 1 ]; echo $?) "transfer started on link A"
ktap_result $([ "$b" -ge 1 ]; echo $?) "after the move, tunnelled packets use link B"
if [ "$(sha1sum <"$T/data")" = "$(sha1sum <"$T/recv")" ]; then
	ktap_ok "3 MB TCP transfer spanning the movement arrives intact"
else
	ktap_print_msg "sent $(stat -c %s "$T/data"), received $(stat -c %s "$T/recv")"
	ktap_fail "3 MB TCP transfer spanning the movement arrives intact"
fi

# Multiple care-of addresses: both links up, priorities choose.
ip -n "$MN" link set eth0 up
ip -n "$MN" -6 addr replace $COA/64 dev eth0 nodad	# flushed when the link went down
ip netns exec "$HA" tc qdisc del dev eth0 root
ipmob_n "$HA" binding change hoa $HOA coa $COA bid 1 prio 1 coa $COAB bid 2 prio 0 local $HA_ADDR dev mob0
# split: echo requests tunnelled to A and to B, into NA and NB
split() {
	local pa pb
	cap_start "$R" mn0 "$T/ca.pcap"
	pa=$CAP_PID
	cap_start "$R" mn1 "$T/cb.pcap"
	pb=$CAP_PID
	ns_exec "$CN" ping -6 -c 6 -i 0.2 -W 2 $HOA >/dev/null 2>&1 || true
	sleep 0.3
	CAP_PID=$pa cap_stop
	CAP_PID=$pb cap_stop
	NA=$(decode "$T/ca.pcap" "ipv6.dst == $COA && icmpv6.type == 128" ipv6.dst | wc -l)
	NB=$(decode "$T/cb.pcap" "ipv6.dst == $COAB && icmpv6.type == 128" ipv6.dst | wc -l)
}
split
ktap_print_msg "$(ipmob_n "$HA" binding show)" "A: $NA, B: $NB"
ktap_result $([ "$NB" -ge 4 ] && [ "$NA" -eq 0 ]; echo $?) "two care-of records: traffic takes the preferred one (B)"
ipmob_n "$HA" binding change hoa $HOA coa $COA bid 1 prio 0 coa $COAB bid 2 prio 1 local $HA_ADDR dev mob0
split
ktap_print_msg "A: $NA, B: $NB"
ktap_result $([ "$NA" -ge 4 ] && [ "$NB" -eq 0 ]; echo $?) "binding change of priorities moves traffic to A"
ktap_finish
