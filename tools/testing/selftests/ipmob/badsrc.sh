#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# badsrc.sh: the home agent decapsulates only what the registered care-of
# address sent (RFC 6275 10.4.5). Hostile tunnelled packets are crafted by
# scapy on R; CN's capture is the oracle of what got through.
#
#   CN ---- R (scapy) ---- HA (binding HoA -> CoA)
#           |
#           MN
#
#   1. a tunnelled echo with the right outer source reaches CN (control)
#   2. the same with a wrong outer source does not reach CN
#   3. ... and is counted in drop_bad_outer_src (exactly)
#   4. a tunnelled packet for no binding is not claimed (not counted as ours)
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/ipmob_lib.bash"

require_root
require_cmd ip tshark dumpcap
ipmob_load

ktap_header
ktap_plan 4
topo_mip6
topo_tunnel
T=$(test_tmpdir)

# send_tun OUTER_SRC INNER_SRC ID COUNT: IPv6-in-IPv6 to the home agent.
send_tun() {
	ns_exec "$R" /usr/bin/python3 - "$@" "$HA_ADDR" "$CN_ADDR" <<'PY'
import sys
from scapy.all import IPv6, ICMPv6EchoRequest, send, conf
conf.verb = 0
osrc, isrc, ident, count, ha, cn = sys.argv[1:7]
p = IPv6(src=osrc, dst=ha, nh=41) / IPv6(src=isrc, dst=cn) / ICMPv6EchoRequest(id=int(ident), seq=1)
send(p, count=int(count))
PY
}

cap_start "$CN" eth0 "$T/cn.pcap"
before=$(stat_get "$HA" drop_bad_outer_src)
dec0=$(stat_get "$HA" rx_decap)
send_tun $COA $HOA 101 1
send_tun 2001:db8:2::66 $HOA 202 4
send_tun $COA 2001:db8:1::77 303 1
sleep 1
cap_stop
after=$(stat_get "$HA" drop_bad_outer_src)
dec1=$(stat_get "$HA" rx_decap)

good=$(decode "$T/cn.pcap" "icmpv6.type == 128 && icmpv6.echo.identifier == 101" ipv6.src | wc -l)
bad=$(decode "$T/cn.pcap" "icmpv6.type == 128 && icmpv6.echo.identifier == 202" ipv6.src | wc -l)
ktap_print_msg "CN saw good=$good bad=$bad; drop_bad_outer_src $before -> $after"
ktap_result $([ "$good" -eq 1 ]; echo $?) "tunnelled packet from the registered CoA reaches CN"
ktap_result $([ "$bad" -eq 0 ]; echo $?) "tunnelled packet with a wrong outer source does not reach CN"
ktap_result $([ $((after - before)) -eq 4 ]; echo $?) "each one counted in drop_bad_outer_src"
ktap_print_msg "rx_decap $dec0 -> $dec1"
ktap_result $([ $((dec1 - dec0)) -eq 1 ]; echo $?) "only the registered CoA's packet decapsulated (no binding: not claimed)"
ktap_finish
