#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# smoke.sh: proves the test rig itself (namespaces, veth, IPv6, guest kernel
# modules, packet capture).  Does not use ipmob.
#
#   netns ipmob-a-PID                         netns ipmob-b-PID
#  +------------------------+               +------------------------+
#  |                        |     veth      |                        |
#  |   veth-a  ------------------------------------  veth-b          |
#  |   2001:db8:5::a/64     |               |   2001:db8:5::b/64     |
#  |                        |               |   tshark -i veth-b     |
#  +------------------------+               +------------------------+
#
#   1. both ends have their IPv6 address (nodad)
#   2. ping -6 -c 2 from a to b
#   3. modprobe ip6_tunnel (the guest's kernel modules work)
#   4. tshark on veth-b saw the echo requests a->b and the replies b->a
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

# shellcheck source=lib.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

require_root
require_cmd ip ping modprobe tshark

ktap_header
ktap_plan 4

A=$(ns_name a)
B=$(ns_name b)
ADDR_A=2001:db8:5::a
ADDR_B=2001:db8:5::b

ns_create "$A" "$B"
veth_pair "$A" veth-a "$B" veth-b
ip -n "$A" -6 addr add "$ADDR_A/64" dev veth-a nodad
ip -n "$B" -6 addr add "$ADDR_B/64" dev veth-b nodad

# addr_ok NS DEV ADDR: ADDR/64 is on DEV and usable (not tentative).
addr_ok() {
	local line
	line=$(ip -n "$1" -6 addr show dev "$2" | grep -F "inet6 $3/64 scope global" || true)
	[ -n "$line" ] && [[ "$line" != *tentative* ]]
}
if addr_ok "$A" veth-a "$ADDR_A" && addr_ok "$B" veth-b "$ADDR_B"; then
	ktap_ok "ipv6 addresses on veth pair"
else
	ip -n "$A" -6 addr show dev veth-a | sed 's/^/# /'
	ip -n "$B" -6 addr show dev veth-b | sed 's/^/# /'
	ktap_fail "ipv6 addresses on veth pair"
fi

# Start the capture first; the pings are sent once tshark captures.
tmp=$(test_tmpdir)
pcap="$tmp/smoke.pcapng"
bg_start ip netns exec "$B" tshark -n -i veth-b -f "icmp6" -c 20 \
	-a duration:60 -w "$pcap" >"$tmp/tshark.out" 2>&1
tshark_pid=$BG_PID
# dumpcap writes the file header once the interface is open and filtered
# (tshark's "Capturing on" comes earlier, it is no proof).
if ! wait_for "[ -s '$pcap' ]" 60; then
	ktap_print_msg "tshark did not start capturing:"
	ktap_print_msg "$(cat "$tmp/tshark.out")"
fi

if out=$(ns_exec "$A" ping -6 -c 2 -i 0.3 -W 5 "$ADDR_B" 2>&1); then
	ktap_ok "ping -6 across veth"
else
	ktap_print_msg "$out"
	ktap_fail "ping -6 across veth"
fi

if modprobe ip6_tunnel && [ -d /sys/module/ip6_tunnel ]; then
	ktap_ok "modprobe ip6_tunnel"
else
	ktap_fail "modprobe ip6_tunnel"
fi

# Let the last reply be written, then stop the capture.
sleep 1
kill -INT "$tshark_pid" 2>/dev/null || true
wait "$tshark_pid" 2>/dev/null || true
fields=$(tshark -n -r "$pcap" -Y "icmpv6.type == 128 || icmpv6.type == 129" \
	-T fields -e ipv6.src -e ipv6.dst -e icmpv6.type 2>/dev/null || true)
req=$(grep -c -P "^\\Q$ADDR_A\\E\\t\\Q$ADDR_B\\E\\t128\$" <<<"$fields" || true)
rep=$(grep -c -P "^\\Q$ADDR_B\\E\\t\\Q$ADDR_A\\E\\t129\$" <<<"$fields" || true)
if [ "$req" -ge 2 ] && [ "$rep" -ge 2 ]; then
	ktap_ok "tshark saw echo requests a->b and replies b->a"
else
	ktap_print_msg "echo requests: $req, replies: $rep; decoded:"
	ktap_print_msg "${fields:-<nothing>}"
	ktap_print_msg "$(cat "$tmp/tshark.out")"
	ktap_fail "tshark saw echo requests a->b and replies b->a"
fi

ktap_finish
