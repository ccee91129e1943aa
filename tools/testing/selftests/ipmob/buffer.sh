#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# buffer.sh: the buffer action of flow rules (FMIPv6 RFC 5568 6.4 at the
# new access router, PMIPv6 during a handover): packets a buffering rule
# takes wait in the session's bounded queue until "ipmob flow flush"
# sends them (through the rules as they are then) or drops them.
#
#   CN ---- R ---- HA (binding cache, static)     standard topology
#           |
#           MN
#
#   1. a rule "buffer" holds the CN's echo requests: none reaches the MN
#      (tshark), tx_buffered counts them, "binding show" says buffered N
#   2. "flow flush ... send" with the rule still there sends them, in
#      order: the MN gets each one (tshark: same ICMP sequence numbers,
#      ascending) and answers; tx_unbuffered counts them
#   3. the queue is bounded: 300 datagrams, 256 held, 44 dropped
#      (drop_buffer)
#   4. "flow flush ... drop" drops the 256, nothing reaches the MN
#   5. deleting the buffering rule ends the buffering: what was held is
#      sent (the MN gets it), later packets go straight
#   6. packets held when the session is deleted are dropped and counted;
#      the kernel log stays clean
#   7. flushing a session that is not there fails with one line
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/ipmob_lib.bash"

require_root
require_cmd ip ping tshark dumpcap
ipmob_load

ktap_header
ktap_plan 7
topo_mip6
T=$(test_tmpdir)
topo_tunnel
S=(hoa $HOA dev mob0)

# 1. held
ipmob_n "$HA" flow add "${S[@]}" fid 1 buffer
cap_start "$MN" eth0 "$T/held.pcap" "ip6"
b0=$(stat_get "$HA" tx_buffered)
ns_exec "$CN" ping -6 -c 5 -i 0.1 -W 1 $HOA >/dev/null 2>&1 || true
b1=$(stat_get "$HA" tx_buffered)
shown=$(ipmob_n "$HA" binding show)
cap_stop
n=$(decode "$T/held.pcap" "icmpv6.type == 128" icmpv6.echo.sequence_number | wc -l)
ktap_print_msg "tx_buffered $b0 -> $b1, at the MN: $n" "$shown"
ktap_result $([ $((b1 - b0)) -eq 5 ] && [ "$n" -eq 0 ] &&
	[[ $shown == *"buffered 5"* ]]; echo $?) \
	"a buffering rule holds the packets (tx_buffered, binding show)"

# 2. sent, in order, through the rules as they are now
u0=$(stat_get "$HA" tx_unbuffered)
cap_start "$MN" eth0 "$T/sent.pcap" "ip6"
ipmob_n "$HA" flow flush "${S[@]}" send
sleep 1
cap_stop
u1=$(stat_get "$HA" tx_unbuffered)
seqs=$(decode "$T/sent.pcap" "icmpv6.type == 128 && ipv6.dst == $HOA" icmpv6.echo.sequence_number | tr '\n' ' ')
ktap_print_msg "tx_unbuffered $u0 -> $u1, echo requests at the MN: $seqs"
ktap_result $([ $((u1 - u0)) -eq 5 ] && [ "$seqs" = "1 2 3 4 5 " ]; echo $?) \
	"flush send delivers the held packets in order (tx_unbuffered)"

# 3. bounded: 256 held, the rest dropped
burst() {
	ns_exec "$CN" /usr/bin/python3 - "$HOA" "$1" <<'EOF'
import socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
for i in range(int(sys.argv[2])):
    s.sendto(b"x" * 32, (sys.argv[1], 9))
EOF
}
d0=$(stat_get "$HA" drop_buffer)
b0=$(stat_get "$HA" tx_buffered)
burst 300
sleep 0.5
d1=$(stat_get "$HA" drop_buffer)
b1=$(stat_get "$HA" tx_buffered)
held=$(ipmob_n "$HA" -j binding show | /usr/bin/python3 -c \
	'import json,sys; print(json.load(sys.stdin)[0].get("buffered", 0))')
ktap_print_msg "tx_buffered +$((b1 - b0)), drop_buffer +$((d1 - d0)), held $held"
ktap_result $([ $((b1 - b0)) -eq 256 ] && [ $((d1 - d0)) -eq 44 ] &&
	[ "$held" -eq 256 ]; echo $?) \
	"the queue holds 256 packets per session, the rest are dropped and counted"

# 4. dropped on request
cap_start "$MN" eth0 "$T/drop.pcap" "ip6"
ipmob_n "$HA" flow flush "${S[@]}" drop
sleep 0.5
cap_stop
d2=$(stat_get "$HA" drop_buffer)
n=$(decode "$T/drop.pcap" "udp.dstport == 9 && !icmpv6" udp.dstport | wc -l)
held=$(ipmob_n "$HA" -j binding show | /usr/bin/python3 -c \
	'import json,sys; print(json.load(sys.stdin)[0].get("buffered", 0))')
ktap_print_msg "drop_buffer +$((d2 - d1)), at the MN: $n, held $held"
ktap_result $([ $((d2 - d1)) -eq 256 ] && [ "$n" -eq 0 ] && [ "$held" -eq 0 ]; echo $?) \
	"flush drop drops what the session holds"

# 5. deleting the rule sends what it held
burst 7
sleep 0.3
u0=$(stat_get "$HA" tx_unbuffered)
cap_start "$MN" eth0 "$T/del.pcap" "ip6"
ipmob_n "$HA" flow del "${S[@]}" fid 1
burst 2
sleep 0.5
cap_stop
u1=$(stat_get "$HA" tx_unbuffered)
n=$(decode "$T/del.pcap" "udp.dstport == 9 && !icmpv6" udp.dstport | wc -l)
ktap_print_msg "tx_unbuffered +$((u1 - u0)), datagrams at the MN: $n"
ktap_result $([ $((u1 - u0)) -eq 7 ] && [ "$n" -eq 9 ]; echo $?) \
	"deleting the buffering rule sends what it held; later packets go straight"

# 6. the session goes with packets held
ipmob_n "$HA" flow add "${S[@]}" fid 1 buffer
burst 10
sleep 0.3
d3=$(stat_get "$HA" drop_buffer)
ipmob_n "$HA" binding del hoa $HOA dev mob0
d4=$(stat_get "$HA" drop_buffer)
ktap_print_msg "drop_buffer +$((d4 - d3)) when the session was deleted"
ktap_result $([ $((d4 - d3)) -eq 10 ] && [ -z "$(dmesg_problems)" ]; echo $?) \
	"packets held by a deleted session are dropped and counted"

# 7. no such session
if out=$(ipmob_n "$HA" flow flush "${S[@]}" send 2>&1); then
	ktap_fail "flushing a session that is not there fails"
else
	ktap_print_msg "$out"
	ktap_result $([ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ]; echo $?) \
		"flushing a session that is not there fails with one line"
fi

ktap_finish
