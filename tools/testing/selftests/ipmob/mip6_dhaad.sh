#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# mip6_dhaad.sh: a mobile node with no home agent configured finds one
# with Dynamic Home Agent Address Discovery (RFC 6275 6.5, 6.6, 10.5,
# 11.4.1) and registers with it; then mobile prefix discovery (6.7, 6.8).
#   1. the MN, starting away on link A, sends a DHAAD request to the
#      Home-Agents anycast address of its home prefix; tshark decodes it
#   2. the home agent answers with a reply listing its address
#   3. the MN registers with the home agent it found; CN reaches it
#   4. the MN solicits the mobile prefixes and the home agent advertises
#      the home prefix (through the type 2 routing header)
#   5. the home agent it found goes silent: after 5 unanswered Binding
#      Updates the MN discovers again; DHAAD replies with other ids naming
#      a fake home agent (scapy) are ignored; the home agent back, the MN
#      registers with it from link B
# ipmob-kernels: 6.12
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/mip6_lib.bash"

require_root
require_cmd ip ping radvd dumpcap tshark
ipmob_load

ktap_header
ktap_plan 5
topo_mobility
T=$(test_tmpdir)
ANYCAST=2001:db8:1:0:fdff:ffff:ffff:fffe

mip6_move A
wait_for "ip -n $MN -6 addr show dev eth1 scope global | grep -q 2001:db8:a:" 20 || true
cap_start "$HA" up0 "$T/d.pcap"
mip6_ha_conf "$T/ha.conf"
mip6_mn_conf "$T/mn.conf" "# no home-agent: DHAAD"
mip6_daemon "$HA" "$T/ha.conf" "$T/ha.log"
HAPID=$DPID
wait_for "grep -q 'home agent on br0' '$T/ha.log'" 20 || true
mip6_daemon "$MN" "$T/mn.conf" "$T/mn.log"
rc=0
mip6_wait_registered 2001:db8:a: 40 || rc=1
wait_for "grep -q 'mobile prefix advertisement: 2001:db8:1::/64' '$T/mn.log'" 15 || true
sleep 1
cap_stop

req=$(decode "$T/d.pcap" 'icmpv6.type == 144' ipv6.src ipv6.dst icmpv6.mip6.identifier)
rep=$(decode "$T/d.pcap" 'icmpv6.type == 145' ipv6.dst icmpv6.mip6.identifier \
	icmpv6.mip6.home_agent_address)
ktap_print_msg "requests (src|dst|id): $req"
ktap_print_msg "replies (dst|id|home agents): $rep"
ktap_result $(printf '%s\n' "$req" | grep -q "^2001:db8:a:.*|$ANYCAST|"; echo $?) \
	"DHAAD request from the care-of address to the Home-Agents anycast address"
id=$(printf '%s\n' "$req" | head -n 1 | cut -d'|' -f3)
ktap_result $(printf '%s\n' "$rep" | grep -q "^2001:db8:a:.*|$id|$M_HA\$"; echo $?) \
	"DHAAD reply with the same identifier lists $M_HA"

ns_exec "$CN" ping -6 -c 2 -i 0.3 -W 2 $M_HOA >/dev/null 2>&1 || rc=1
ktap_print_msg "$(grep -E 'DHAAD|BU sent|BA received' "$T/mn.log")"
ktap_result $rc "registered with the discovered home agent; CN reaches the home address"

mps=$(decode "$T/d.pcap" 'icmpv6.type == 146' ipv6.src ipv6.dst)
mpa=$(decode "$T/d.pcap" 'icmpv6.type == 147' ipv6.dst ipv6.routing.type \
	icmpv6.opt.prefix)
ktap_print_msg "MPS (src|dst): $mps"
ktap_print_msg "MPA (dst|routing type|prefix): $mpa"
rc=0
printf '%s\n' "$mpa" | grep -q "^2001:db8:a:.*|2|2001:db8:1::" || rc=1
grep -q 'mobile prefix advertisement: 2001:db8:1::/64' "$T/mn.log" || rc=1
ktap_result $rc "mobile prefix solicitation answered with the home prefix"

FAKE=2001:db8:1::66
kill "$HAPID" 2>/dev/null || true
wait "$HAPID" 2>/dev/null || true
mip6_move B
silent=0
wait_for "grep -q 'silent after 5 Binding Updates' '$T/mn.log'" 60 && silent=1
coa=$(ip -n "$MN" -6 addr show scope global | grep -o '2001:db8:b:[0-9a-f:]*' | head -n 1)
ns_exec "$CN" /usr/bin/python3 - "$FAKE" "$coa" <<'PY' || true
import random, sys
from scapy.all import IPv6, ICMPv6HAADReply, send, conf
conf.verb = 0
fake, coa = sys.argv[1:3]
for i in random.sample(range(65536), 20):
    send(IPv6(src=fake, dst=coa) / ICMPv6HAADReply(id=i, addresses=[fake]))
PY
mip6_daemon "$HA" "$T/ha.conf" "$T/ha.log"
rc=1
mip6_wait_registered 2001:db8:b: 60 && rc=0
ktap_print_msg "$(grep -E 'silent|DHAAD' "$T/mn.log" | tail -n 4)"
grep -q "DHAAD: home agent $FAKE" "$T/mn.log" && rc=1
ktap_result $([ $silent -eq 1 ] && [ $rc -eq 0 ]; echo $?) \
	"a silent home agent: discovery again, spoofed replies ignored, registered again from B"
if [ "$KTAP_FAIL" -ne 0 ]; then
	ktap_print_msg "HA log:
$(cat "$T/ha.log")"
	ktap_print_msg "MN log:
$(cat "$T/mn.log")"
fi
ktap_finish
