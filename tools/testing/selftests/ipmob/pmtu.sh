#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# pmtu.sh: tunnel MTU done right (RFC 2473 7.1). The foreign link has MTU
# 1280, so a 1400-byte ping tunnelled by the home agent does not fit. R
# answers the outer packet with Packet Too Big, the home agent lowers its
# path MTU toward the CoA and then answers the oversize inner packet with
# Packet Too Big to CN, which fragments: the ping succeeds. Fragmented outer
# packets (minimum-MTU inner packets) are reassembled before decapsulation.
#
#   CN ---- R ---- HA (binding HoA -> CoA)
#           | MTU 1280
#           MN
#
#   1. 1400-byte pings CN -> HoA eventually succeed
#   2. HA received PTB for the outer packet (rx_ptb) and sent PTB (tx_ptb)
#   3. CN received an ICMPv6 Packet Too Big from HA (tshark)
#   4. MN received fragmented outer packets and decapsulated them
#   5. the device MTU accounts for the encapsulation (1500 - 40)
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/ipmob_lib.bash"

require_root
require_cmd ip ping tshark dumpcap
ipmob_load

ktap_header
ktap_plan 5
FOREIGN_MTU=1280 topo_mip6
topo_tunnel
T=$(test_tmpdir)

cap_start "$CN" eth0 "$T/cn.pcap"
ok=0
for i in 1 2 3 4 5 6; do
	if ns_exec "$CN" ping -6 -c 1 -W 1 -s 1400 $HOA >/dev/null 2>&1; then
		ok=1
		break
	fi
done
ktap_result $([ $ok -eq 1 ]; echo $?) "1400-byte ping over a 1280-byte path succeeds (attempt $i)"
sleep 0.3
cap_stop

rx=$(stat_get "$HA" rx_ptb) tx=$(stat_get "$HA" tx_ptb)
ktap_print_msg "HA rx_ptb=$rx tx_ptb=$tx"
ktap_result $([ "$rx" -ge 1 ] && [ "$tx" -ge 1 ]; echo $?) "HA learnt the path MTU and sent Packet Too Big"

ptb=$(decode "$T/cn.pcap" "icmpv6.type == 2" ipv6.src icmpv6.mtu | head -n 1)
ktap_print_msg "PTB at CN: $ptb"
ktap_result $([[ "$ptb" == "2001:db8:f0::2,"* || "$ptb" == "$HA_ADDR,"* ]] && [ "${ptb##*|}" -le 1280 ]; echo $?) \
	"CN received Packet Too Big from HA with the tunnel MTU"

# Minimum-MTU inner packets: CN now sends 1280-byte fragments, which the
# home agent tunnels in fragmented outer packets; MN reassembles them.
dec0=$(stat_get "$MN" rx_decap)
ktap_check "ping with 1280-byte fragments through the 1280-byte path" \
	ns_exec "$CN" ping -6 -c 2 -W 2 -s 3000 $HOA
dec1=$(stat_get "$MN" rx_decap)
ktap_print_msg "MN rx_decap $dec0 -> $dec1"

mtu=$(ip -n "$HA" -o link show mob0 | sed -E 's/.* mtu ([0-9]+).*/\1/')
ktap_result $([ "$mtu" -eq 1460 ]; echo $?) "ipmob device MTU is 1460 ($mtu)"
ktap_finish
