#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# ratelimit.sh: ipmobd is no reflector and no log flood. A correspondent
# node answers Home Test Init messages from anyone; a flood of them from
# spoofed home addresses gets Home Tests at the configured reply rate
# (reply-rate 100 per second after reply-burst 50; the defaults are 200
# and 100), log lines at the configured peer-log rate (10 per second
# after 50, with a count of what was left out), and the daemon still
# stops at once on SIGTERM (a per-wake-up read budget).
#
#   CN (ipmobd [correspondent]) ---- R (scapy: 4000 HoTIs, raw socket)
#
#   1. a single HoTI is answered with a HoT (tshark): the flood's
#      silence below is the rate limit, not a deaf daemon
#   2. the flood: HoTs within 50 + 100/s of their window on the wire (the
#      defaults, 100 + 200/s, would exceed it), far fewer than the HoTIs
#   3. log lines about the HoTIs within 50 + 10/s of that window and a
#      second, and a line says how many were suppressed
#   4. SIGTERM right after the flood: ipmobd is gone within 3 s
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
# limits below the defaults (200/s after 100, 20/s after 100): the
# configured ones are the ones that hold
printf '%s\n' 'log-level info' 'device mob0' 'reply-rate 100' 'reply-burst 50' \
	'peer-log-rate 10' 'peer-log-burst 50' '[correspondent]' >"$T/cn.conf"
"$IPMOB_BIN/ipmobd" -f -n "$CN" -c "$T/cn.conf" >"$T/cn.log" 2>&1 &
_IPMOB_BG_PIDS+=("$!")
CND=$!
wait_for "grep -q 'correspondent node' '$T/cn.log'" 20 || true
cap_start "$CN" eth0 "$T/cn.pcap" "ip6 proto 135"

# hotis N: N HoTIs to CN from home addresses 2001:db8:1::/64, over a raw
# socket as fast as it goes; prints the seconds it took
hotis() {
	ns_exec "$R" /usr/bin/python3 - "$1" "$CN_ADDR" <<'PY'
import socket, sys, time
from scapy.all import IPv6, MIP6MH_HoTI
n, cn = int(sys.argv[1]), sys.argv[2]
pkts = [bytes(IPv6(src="2001:db8:1::%x" % (0x1000 + i), dst=cn) /
              MIP6MH_HoTI(cookie=b"%08d" % i)) for i in range(n)]
s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_RAW)
t0 = time.monotonic()
for p in pkts:
    s.sendto(p, (cn, 0))
print("%.2f" % (time.monotonic() - t0))
PY
}

hotis 1 >/dev/null
wait_for "[ -n \"\$(decode '$T/cn.pcap' 'mip6.mhtype == 3' ipv6.dst)\" ]" 10 || true
one=$(decode "$T/cn.pcap" 'mip6.mhtype == 3' ipv6.dst | head -n 1)
ktap_result $([ "$one" = "2001:db8:1::1000" ]; echo $?) \
	"a single HoTI is answered with a HoT to its home address"

# let the bucket refill, then flood
sleep 1
l0=$(grep -c 'HoT sent' "$T/cn.log" || true)
secs=$(hotis 4000)
sleep 2
n=$(decode "$T/cn.pcap" 'mip6.mhtype == 3' ipv6.dst | grep -c . || true)
n=$((n - 1))
# the HoTs' own window on the wire (the daemon works on after the sender
# stops): at most the burst and the rate over it, with the defaults'
# burst alone (100) over the limit
w=$(decode "$T/cn.pcap" 'mip6.mhtype == 3' frame.time_relative | tail -n +2 |
	awk 'NR == 1 { f = $1 } { l = $1 } END { printf "%.3f", l - f }')
cap=$(awk -v w="$w" 'BEGIN { printf "%d", 50 + 100 * w + 5 }')
ktap_print_msg "4000 HoTIs in ${secs}s: $n HoTs over ${w}s (at most $cap)"
ktap_result $([ "$n" -gt 0 ] && [ "$n" -le "$cap" ] && [ "$n" -lt 2000 ]; echo $?) \
	"HoTs under the reply rate limit during a HoTI flood"

l=$(( $(grep -c 'HoT sent' "$T/cn.log" || true) - l0 ))
lcap=$(awk -v w="$w" 'BEGIN { printf "%d", 50 + 10 * (w + 1) + 5 }')
sup=$(grep -o '[0-9]* log lines about peers suppressed' "$T/cn.log" | tail -n 1 || true)
ktap_print_msg "log lines about HoTs: $l (at most $lcap); ${sup:-no suppression line}"
ktap_result $([ "$l" -le "$lcap" ] && [ -n "$sup" ]; echo $?) \
	"log lines about the flood under the peer-log rate limit, the rest counted"

hotis 4000 >/dev/null &
FL=$!
sleep 0.2
kill -TERM "$CND" 2>/dev/null || true
gone=0
# (a child that exited is a zombie until waited for: count that as gone)
wait_for "[ ! -d /proc/$CND ] || grep -q '^State:.*Z' /proc/$CND/status" 3 && gone=1
wait "$FL" 2>/dev/null || true
cap_stop
ktap_result $([ $gone -eq 1 ]; echo $?) "SIGTERM during a flood: ipmobd exits within 3 s"
ktap_finish
