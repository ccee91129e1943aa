#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# dsmip_fallback.sh: RFC 5555 4.4.1, a dual-stack mobile node whose IPv6
# care-of address gets no answer falls back to its IPv4 one. B is
# dual-stack, but its router (AR2) forwards no IPv6 from the link: the
# node's Binding Updates from B's IPv6 care-of address never reach the
# home agent.
#
#   CN (2001:db8:c::2) ... R ... HA (br0: 2001:db8:1::1; up0 10.0.240.2)
#                          |__ AR2 (B: 2001:db8:b::/64 and 10.0.3.0/24;
#                                   nftables: no IPv6 forwarded from B)
#   MN: HoA 2001:db8:1::100; eth0 home, eth2 B. The correspondent runs a
#   TCP stream and pings to the home address throughout.
#
#   1. the node moves home -> B; once its first BU from the IPv6 care-of
#      address has gone, B's DHCPv4 (here: the test) gives it 10.0.3.100:
#      the home agent's record becomes 10.0.3.100 (no NAT: IPv6 in IPv4)
#      and the correspondent reaches the home address again. (Without
#      the fallback the node, which prefers IPv6 (4.4.1), retries from
#      the IPv6 care-of address for ever.)
#   2. tshark on B: three BUs in all from the IPv6 care-of address, then
#      the BU in UDP to port 4191 from 10.0.3.100 with the IPv4 Care-of
#      Address option, answered (status 0); none from the IPv6 care-of
#      address after it (4.4.1: the family chosen is kept)
#   3. home again, then back to B with its IPv6 forwarded: the node
#      prefers IPv6 again (the fallback ends at home) and registers B's
#      IPv6 care-of address; the TCP stream survived it all
#   4. 4.4.4, no IPv4 care-of address at home: a BU in UDP from inside the
#      IPv4 home prefix (crafted on HN, 10.0.1.2, with the node's
#      association) gets no answer and installs nothing, the same BU from
#      R (10.0.240.1) an answer
# ipmob-kernels: 6.12
# ipmob-timeout: 300
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/mip6_lib.bash"

require_root
require_cmd ip ping radvd dumpcap tshark nft
ipmob_load

ktap_header
ktap_plan 4
T=$(test_tmpdir)
D=$(dirname -- "${BASH_SOURCE[0]}")
dsmip_topo

# B is dual-stack; its router forwards no IPv6 from the link
dsmip_dual_b
ip netns exec "$AR2" nft -f - <<EOF
table inet block6 {
	chain drop6 {
		type filter hook forward priority filter;
		iifname "br-b" meta nfproto ipv6 counter drop
	}
}
EOF

wait_for "ip -n $MN -6 addr show dev eth0 scope global | grep -q 2001:db8:1:" 20 || true
mip6_ha_conf "$T/ha.conf" "ipv4-address $HA4
ipv4-home-prefix 10.0.1.0/24"
mip6_mn_conf "$T/mn.conf" "home-agent $M_HA
home-agent-ipv4 $HA4" "link eth0
link eth2"
mip6_daemon "$HA" "$T/ha.conf" "$T/ha.log"
wait_for "grep -q 'home agent on' '$T/ha.log'" 20 ||
	ktap_print_msg "HA: $(tail -n 5 "$T/ha.log")"
mip6_daemon "$MN" "$T/mn.conf" "$T/mn.log"
wait_for "grep -q 'movement: at home' '$T/mn.log'" 20 || true

mip6_traffic "$T" 0.05 0.1
sleep 1
cap_start "$AR2" br-b "$T/b.pcap" "ip6 or udp port 4191"
: >"$T/moves"
echo "$(date +%s.%N) home->B" >>"$T/moves"
mip6_move B

# 1. the IPv4 address comes once the node uses B's IPv6 care-of address
r1=0
wait_for "grep -q 'BU sent .*care-of 2001:db8:b:' '$T/mn.log'" 30 ||
	ktap_print_msg "no BU from B's IPv6 care-of address: $(grep -E 'movement|BU sent' "$T/mn.log" | tail -n 3)"
ip -n "$MN" addr add 10.0.3.100/24 dev eth2
ip -n "$MN" route add default via 10.0.3.1 dev eth2 metric 20
if ! wait_for "dsmip_rec $M_HOA | grep -q '^10.0.3.100 0$'" 40; then
	r1=1
	ktap_print_msg "the home agent's record: '$(dsmip_rec $M_HOA)'"
fi
p6=$(cn_pings $M_HOA 3)
ktap_print_msg "B: home agent's record $(dsmip_rec $M_HOA); correspondent's pings $p6/3; B's router dropped $(ip netns exec "$AR2" nft list chain inet block6 drop6 | sed -n 's/.*counter packets \([0-9]*\).*/\1/p') IPv6 packets"
[ "${p6:-0}" -ge 2 ] || r1=1
ktap_result $r1 "no answer from B's IPv6 care-of address: registered from its IPv4 one (10.0.3.100, IPv6 in IPv4), the correspondent reaches the home address"

# 2. the order of things on B, decoded: time|outer src|UDP dst port|IPv6
# src|IPv6 dst|MH type|BA status|IPv4 CoA
sleep 2
kill -INT "$CAP_PID" 2>/dev/null || true
wait "$CAP_PID" 2>/dev/null || true
tshark -r "$T/b.pcap" -d udp.port==4191,ipv6 -Y "mip6.mhtype == 5 || mip6.mhtype == 6" \
	-T fields -E separator='|' -e frame.time_epoch -e ip.src -e udp.dstport \
	-e ipv6.src -e ipv6.dst -e mip6.mhtype -e mip6.ba.status -e mip6.ipv4coa.addr \
	2>/dev/null >"$T/mh.txt" || true
# v6: BUs from the IPv6 care-of address, last6 the time of the last;
# v4ok: the first BU in UDP with the IPv4 care-of option, ba4 its BA; late6:
# BUs from the IPv6 care-of address after it (v4t: its time)
read -r v6 v4ok ba4 late6 <<<"$(awk -F'|' '
	$6 == 5 && $4 ~ /^2001:db8:b:/ { if (v4t) late6++; else { v6++; last6 = $1 } }
	$6 == 5 && $2 == "10.0.3.100" && $3 == 4191 && $8 == "10.0.3.100" && !v4t { v4t = $1 }
	$6 == 6 && v4t && $7 == 0 && $2 != "" { ba4++ }
	END { print v6 + 0, (v4t && v4t > last6) ? 1 : 0, ba4 + 0, late6 + 0 }' "$T/mh.txt")"
ktap_print_msg "tshark on B: $v6 BUs from the IPv6 care-of address, then the IPv4 one's in UDP: $v4ok, its BA: $ba4, IPv6 BUs after it: $late6"
r2=0
[ "$v6" -eq 3 ] && [ "$v4ok" = 1 ] && [ "$ba4" -ge 1 ] && [ "$late6" -eq 0 ] || r2=1
[ $r2 = 0 ] || ktap_print_msg "$(cut -d'|' -f2- "$T/mh.txt")"
ktap_result $r2 "tshark: three BUs in all from the IPv6 care-of address, then the IPv4 care-of address's in UDP to 4191, answered; IPv4 kept"

# 3. home, then B with IPv6 forwarded
r3=0
echo "$(date +%s.%N) B->home" >>"$T/moves"
mip6_move home
wait_for "[ -z \"\$(dsmip_rec $M_HOA)\" ]" 30 || { r3=1; ktap_print_msg "home: the home agent still has $(dsmip_rec $M_HOA)"; }
ip netns exec "$AR2" nft flush chain inet block6 drop6
echo "$(date +%s.%N) home->B" >>"$T/moves"
mip6_move B
if ! wait_for "dsmip_rec $M_HOA | grep -qE '^2001:db8:b:.* 0$'" 40; then
	r3=1
	ktap_print_msg "B again: the home agent's record '$(dsmip_rec $M_HOA)'"
fi
p6=$(cn_pings $M_HOA 3)
[ "${p6:-0}" -ge 2 ] || r3=1
touch "$T/stop"
wait_for "! kill -0 $CLIENT" 60 || kill "$CLIENT" 2>/dev/null || true
wait "$CLIENT" 2>/dev/null || r3=1
kill -TERM "$PING" 2>/dev/null || true
wait "$PING" 2>/dev/null || true
ktap_print_msg "B again: home agent's record $(dsmip_rec $M_HOA); correspondent's pings $p6/3; stream: $(tail -n 1 "$T/client.log")"
ktap_print_msg "pings:" "$(/usr/bin/python3 "$D/losses.py" "$T/ping.log" "$T/moves")"
ktap_result $r3 "home, then B with IPv6 forwarded: IPv6 preferred again (B's IPv6 care-of address registered); the TCP stream survived"
# 4. a care-of address inside the IPv4 home prefix
ip -n "$HN" route add default via 10.0.1.1
bu4() {	# NS COA4: a BU in UDP from NS with the node's association
	ns_exec "$1" /usr/bin/python3 "$D/mip6_bu.py" --udp $HA4 \
		--coa "::ffff:$2" --v4coa "$2" --hoa $M_HOA --ha $M_HA \
		--nai $M_NAI --spi $M_SPI --key $M_KEY --seq 40000 --lifetime 60 2>&1
}
home=$(bu4 "$HN" 10.0.1.2)
rec=$(dsmip_rec $M_HOA)
away=$(bu4 "$R" 10.0.240.1)
ktap_print_msg "from HN (10.0.1.2): $home, record then $rec; from R (10.0.240.1): $away"
r4=0
[ "$home" = "no answer" ] && [[ $rec != 10.0.1.* ]] && [[ $away == "BA status "* ]] || r4=1
grep -q 'BU in UDP from 10.0.1.2, inside the IPv4 home prefix' "$T/ha.log" || r4=1
ktap_result $r4 "a BU in UDP from inside the IPv4 home prefix is discarded (no IPv4 care-of address at home, 4.4.4); from outside it is answered"

if [ "$KTAP_FAIL" -ne 0 ]; then
	ktap_print_msg "MN sessions: $("$IPMOB" -n "$MN" binding show | tr '\n' ';')"
	ktap_print_msg "HA sessions: $("$IPMOB" -n "$HA" binding show | tr '\n' ';')"
	ktap_print_msg "$(grep -E 'BU|BA|movement|IPv4|IPv6' "$T/mn.log" | tail -n 25)"
	ktap_print_msg "$(tail -n 15 "$T/ha.log")"
fi
ktap_finish
