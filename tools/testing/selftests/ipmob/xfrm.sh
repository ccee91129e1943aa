#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# xfrm.sh: IPsec sees ipmob's traffic as it sees any tunnel's. Static ESP
# states and policies (no IKE): the tunnel between HA and the care-of
# address must be ESP (RFC 4877 4.4 "protect payload" at the outer level),
# and MN <-> CN traffic of the home address must be ESP end to end.
#
#   CN ---- R ---- HA (mob0)          xfrm: HA <-> CoA, proto 41, ESP
#           |                         xfrm: HoA <-> CN, ESP (MN and CN)
#           MN (mob0, tunnel to HA)
#
#   1. CN pings the home address through the tunnel
#   2. tshark between R and MN: the tunnel is ESP only, no clear IPv6-in-IPv6
#   3. a clear-text tunnel packet spoofing the care-of address is refused
#      at HA by inbound policy (drop_policy) and never reaches CN
#   4. MN pings CN from its home address with HoA <-> CN policy: the inner
#      packet is ESP-transformed before it enters the tunnel (tshark at
#      CN: ESP from the home address, no clear echo request), and CN,
#      whose policy requires ESP, answers
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/ipmob_lib.bash"

require_root
require_cmd ip ping tshark dumpcap
ipmob_load
modprobe -q esp6 2>/dev/null || true

ktap_header
ktap_plan 4
topo_mip6
topo_tunnel
T=$(test_tmpdir)
K1=0x0102030405060708090a0b0c0d0e0f1011121314
K2=0x1112131415161718191a1b1c1d1e1f2021222324
K3=0x2122232425262728292a2b2c2d2e2f3031323334
K4=0x3132333435363738393a3b3c3d3e3f4041424344
# sa NS SRC DST SPI KEY: an ESP transport mode state.
sa() {
	ip -n "$1" xfrm state add src "$2" dst "$3" proto esp spi "$4" reqid "$4" \
		mode transport aead 'rfc4106(gcm(aes))' "$5" 128
}
# pol NS SRC DST DIR SPI [SELECTOR...]: require ESP (reqid SPI) for SRC -> DST.
pol() {
	local ns=$1 src=$2 dst=$3 dir=$4 spi=$5
	shift 5
	ip -n "$ns" xfrm policy add src "$src" dst "$dst" "$@" dir "$dir" \
		tmpl src "$src" dst "$dst" proto esp reqid "$spi" mode transport
}
# The tunnel itself (next header 41) between HA and the care-of address.
for ns in "$HA" "$MN"; do
	sa "$ns" $HA_ADDR $COA 0x101 $K1
	sa "$ns" $COA $HA_ADDR 0x102 $K2
done
pol "$HA" $HA_ADDR $COA out 0x101 proto 41
pol "$HA" $COA $HA_ADDR in 0x102 proto 41
pol "$MN" $COA $HA_ADDR out 0x102 proto 41
pol "$MN" $HA_ADDR $COA in 0x101 proto 41

cap_start "$R" mn0 "$T/mn.pcap"
ktap_check "CN pings the home address through an ESP-protected tunnel" \
	ns_exec "$CN" ping -6 -c 3 -i 0.2 -W 2 $HOA
sleep 1		# dumpcap hands packets over in blocks
cap_stop
esp=$(decode "$T/mn.pcap" "esp" ipv6.src | wc -l)
clear=$(decode "$T/mn.pcap" "ipv6.nxt == 41" ipv6.src | wc -l)
ktap_print_msg "between R and MN: $esp ESP packets, $clear clear IPv6-in-IPv6"
[ "$esp" -ge 6 ] || ktap_print_msg "$(tshark -r "$T/mn.pcap" 2>&1 | head -n 30)"
ktap_result $([ "$esp" -ge 6 ] && [ "$clear" -eq 0 ]; echo $?) \
	"the tunnel is ESP only (tshark)"

p0=$(stat_get "$HA" drop_policy)
cap_start "$CN" eth0 "$T/cn.pcap"
ns_exec "$R" /usr/bin/python3 - "$COA" "$HA_ADDR" "$HOA" "$CN_ADDR" <<'PY'
import sys
from scapy.all import IPv6, ICMPv6EchoRequest, send, conf
conf.verb = 0
coa, ha, hoa, cn = sys.argv[1:5]
send(IPv6(src=coa, dst=ha) / IPv6(src=hoa, dst=cn) / ICMPv6EchoRequest(id=99, seq=1), count=3)
PY
wait_for "[ \$(stat_get \"\$HA\" drop_policy) -ge $((p0 + 3)) ]" 5 || true
sleep 0.5
cap_stop
p1=$(stat_get "$HA" drop_policy)
leak=$(decode "$T/cn.pcap" "icmpv6.echo.identifier == 99" ipv6.src | wc -l)
ktap_print_msg "HA drop_policy $p0 -> $p1; spoofed packets reaching CN: $leak"
ktap_result $([ $((p1 - p0)) -eq 3 ] && [ "$leak" -eq 0 ]; echo $?) \
	"a clear-text tunnel packet is refused by inbound policy"

# HoA <-> CN end to end, inside the (ESP) tunnel.
for ns in "$MN" "$CN"; do
	sa "$ns" $HOA $CN_ADDR 0x103 $K3
	sa "$ns" $CN_ADDR $HOA 0x104 $K4
done
pol "$MN" $HOA $CN_ADDR out 0x103
pol "$CN" $HOA $CN_ADDR in 0x103
pol "$CN" $CN_ADDR $HOA out 0x104
cap_start "$CN" eth0 "$T/cn2.pcap"
rc=0
ns_exec "$MN" ping -6 -c 3 -i 0.2 -W 2 -I $HOA $CN_ADDR >"$T/ping" 2>&1 || rc=$?
sleep 1
cap_stop
esp=$(decode "$T/cn2.pcap" "esp && ipv6.src == $HOA" ipv6.dst | wc -l)
clear=$(decode "$T/cn2.pcap" "icmpv6.type == 128 && ipv6.src == $HOA" ipv6.dst | wc -l)
ktap_print_msg "$(tail -n 2 "$T/ping")" "at CN: $esp ESP packets from the home address, $clear clear echo requests"
[ "$esp" -ge 3 ] || ktap_print_msg "$(tshark -r "$T/cn2.pcap" 2>&1 | head -n 30)"
ktap_result $([ "$rc" -eq 0 ] && [ "$esp" -ge 3 ] && [ "$clear" -eq 0 ]; echo $?) \
	"home address traffic is ESP-transformed before it enters the tunnel"
ktap_finish
