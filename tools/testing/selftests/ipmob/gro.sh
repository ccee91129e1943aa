#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# gro.sh: decapsulated packets enter the ipmob device through GRO cells,
# as ip6_tunnel's do: a TCP stream through the tunnel reaches the mobile
# node's stack in aggregated packets larger than the device MTU.
#
#   CN ---- R ---- HA ==tunnel==> MN (mob0, capture)
#
#   1. a 4 MB TCP transfer CN -> home address arrives intact
#   2. packets seen on MN's mob0 are larger than its MTU (GRO merged them)
#   3. a device that is down takes no decapsulated packet (counted as
#      dropped by the device, nothing delivered)
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/ipmob_lib.bash"

require_root
require_cmd ip ping nc tshark dumpcap sha1sum ethtool
ipmob_load

ktap_header
ktap_plan 3
topo_mip6
topo_tunnel
T=$(test_tmpdir)
# CN sends MTU-sized segments (no TSO/GSO), so anything larger on MN's
# mob0 was aggregated on the way in.
ns_exec "$CN" ethtool -K eth0 tso off gso off >/dev/null

head -c 4000000 /dev/urandom >"$T/data"
ns_exec "$MN" nc -6 -l -p 5004 -s $HOA >"$T/recv" 2>/dev/null &
_IPMOB_BG_PIDS+=("$!")
NC=$!
wait_for "ns_exec \"\$MN\" ss -Hltn 'sport = :5004' | grep -q ." 20 || ktap_print_msg "listener not up"
cap_start "$MN" mob0 "$T/mob0.pcap"
ns_exec "$CN" nc -6 -N $HOA 5004 <"$T/data" 2>"$T/nc.err" || ktap_print_msg "nc: $(cat "$T/nc.err")"
wait $NC || true
sleep 1
cap_stop
if [ "$(sha1sum <"$T/data")" = "$(sha1sum <"$T/recv")" ]; then
	ktap_ok "TCP transfer CN -> home address arrives intact"
else
	ktap_print_msg "sent $(stat -c %s "$T/data") bytes, received $(stat -c %s "$T/recv")"
	ktap_fail "TCP transfer CN -> home address arrives intact"
fi
mtu=$(ns_exec "$MN" cat /sys/class/net/mob0/mtu)
max=$(tshark -r "$T/mob0.pcap" -Y "ipv6.src == $CN_ADDR" -T fields -e frame.len 2>/dev/null | sort -n | tail -n 1)
ktap_print_msg "largest packet from CN on MN's mob0: ${max:-none} bytes (MTU $mtu)"
ktap_result $([ -n "$max" ] && [ "$max" -gt "$mtu" ]; echo $?) \
	"GRO merges the decapsulated stream"

ip -n "$MN" link set mob0 down
d0=$(ns_exec "$MN" cat /sys/class/net/mob0/statistics/rx_dropped)
if ns_exec "$CN" ping -6 -c 2 -i 0.2 -W 1 $HOA >/dev/null 2>&1; then
	ok=1
else
	ok=0
fi
d1=$(ns_exec "$MN" cat /sys/class/net/mob0/statistics/rx_dropped)
ktap_print_msg "MN mob0 down: rx_dropped $d0 -> $d1"
ktap_result $([ "$ok" -eq 0 ] && [ "$d1" -ge $((d0 + 2)) ]; echo $?) \
	"a device that is down takes nothing"
ktap_finish
