#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# nemo_basic.sh: a mobile router (NEMO basic support, RFC 3963) with two
# hosts behind it. ipmobd is the mobile router (the MN of the mobility
# topology) and the home agent; the router's inside link in0 carries
# 2001:db8:100:1::/64 of its mobile network prefix 2001:db8:100::/48,
# advertised there by radvd (mobile-network-link in0: only what comes in
# there goes into the tunnel); R routes the prefix to the home agent (RFC
# 3963 6.3). The hosts H1, H2 never see a movement.
#
#   CN ... R ... HA ==== (home, A, B) ==== MR --in0-- H1 (::11), H2 (::12)
#
#   1. explicit mode: the BU carries R and the Mobile Network Prefix
#      option, the BA R (tshark); the home agent's "ipmob -j binding
#      show" lists the prefix with the router's care-of address
#   2. the router moves A -> B -> A ... (IPMOB_STRESS=long: 20
#      movements, else 10) while the correspondent pings both hosts and
#      streams TCP to H1: both pings survive, loss per movement is
#      reported (fails above 3 s a movement), the stream survives
#   3. the hosts took the prefix from the router's radvd (SLAAC)
#   4. refused, nothing installed (BUs crafted by mip6_bu.py, RFC 4285
#      authenticated): a prefix not the router's gets 142, one inside
#      the home prefix 141, a node without "mobile-router yes" 140
#      (tshark decodes the BA status); the home agent holds only the
#      router's prefix, with its care-of address
#   5. the router returns home (RFC 3963 5.8): it deregisters, the home
#      agent holds no session and routes the prefix through the router's
#      home address on the home link; both hosts answer the
#      correspondent from there; back on A the route is withdrawn and the
#      prefix session is back
#   6. the router deregisters (SIGTERM): the home agent withdraws the
#      prefix session with the home address's
# ipmob-timeout: 900
# ipmob-kernels: 6.12
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/mip6_lib.bash"

require_root
require_cmd ip ping radvd dumpcap tshark
ipmob_load

MOVES=$(stress_n 10 20)
MNP=2001:db8:100::
H1A=2001:db8:100:1::11
H2A=2001:db8:100:1::12
NAI2=mn2@example.net
HOA2=2001:db8:1::200

ktap_header
ktap_plan 6
topo_mobility
T=$(test_tmpdir)
D=$(dirname -- "${BASH_SOURCE[0]}")

# the mobile network: two hosts on the router's inside link
H1=$(ns_name h1) H2=$(ns_name h2)
ns_create "$H1" "$H2"
ip -n "$MN" link add in0 type bridge
ip -n "$MN" link set in0 up
ns_sysctl "$MN" net.ipv6.conf.in0.accept_dad=0
ip -n "$MN" -6 addr add 2001:db8:100:1::1/64 dev in0 nodad
# inside_host N NS ADDR: host N on the router's inside link
inside_host() {
	ns_sysctl "$2" net.ipv6.conf.all.accept_dad=0 \
		net.ipv6.conf.default.accept_dad=0
	veth_pair "$2" eth0 "$MN" "p-h$1"
	ip -n "$MN" link set "p-h$1" master in0
	ip -n "$2" -6 addr add "$3/64" dev eth0 nodad
}
inside_host 1 "$H1" $H1A
inside_host 2 "$H2" $H2A
# RFC 3963 6.3: the prefix is routed to the home agent
ip -n "$R" -6 route add ${MNP}/48 via 2001:db8:f0::2

wait_for "ip -n $MN -6 addr show dev eth0 scope global | grep -q 2001:db8:1:" 20 || true
mip6_ha_conf "$T/ha.conf"
cat >>"$T/ha.conf" <<EOF
home-address $M_HOA
mobile-router yes
mobile-network-prefix ${MNP}/48
[security-association $NAI2]
spi $((M_SPI + 1))
key $M_KEY
home-address $HOA2
EOF
mip6_mn_conf "$T/mn.conf" "home-agent $M_HA
mobile-router yes
mobile-network-prefix ${MNP}/48
mobile-network-link in0"
mip6_daemon "$HA" "$T/ha.conf" "$T/ha.log"
wait_for "grep -q 'home agent on br0' '$T/ha.log'" 20 || true
mip6_daemon "$MN" "$T/mn.conf" "$T/mn.log"
MRPID=$DPID
wait_for "grep -q 'movement: at home' '$T/mn.log'" 20 || true
# radvd on the inside link once ipmobd made the router forward (radvd
# refuses to advertise on a host)
radvd_start "$MN" in0 "	AdvSendAdvert on;
	MinRtrAdvInterval 0.5;
	MaxRtrAdvInterval 1.5;
	MinDelayBetweenRAs 0.05;
	AdvIntervalOpt on;
	prefix 2001:db8:100:1::/64 { AdvOnLink on; AdvAutonomous on; };"
wait_for "ip -n $H1 -6 route show default | grep -q via" 20 ||
	ktap_print_msg "H1 has no default route: $(cat /tmp/ipmob-test.*/radvd-"$MN".log 2>&1)"

# 1. registration in explicit mode
cap_start "$HA" up0 "$T/reg.pcap" "ip6"
mip6_move A
echo "$(date +%s.%N) home->A" >>"$T/moves"
mip6_wait_registered 2001:db8:a: 30 || ktap_print_msg "the router did not register"
wait_for "ha_mnp_coa $MNP | grep -q '^2001:db8:a:'" 10 || true
cap_stop
bu=$(decode "$T/reg.pcap" "mip6.mhtype == 5 && !icmpv6" \
	mip6.nemo.bu.r_flag mip6.nemo.mnp.mnp mip6.nemo.mnp.pfl | head -n 1)
ba=$(decode "$T/reg.pcap" "mip6.mhtype == 6 && !icmpv6" \
	mip6.ba.status mip6.nemo.ba.r_flag | head -n 1)
coa=$(mn_coa)
mcoa=$(ha_mnp_coa $MNP)
ktap_print_msg "BU (R, prefix, length): $bu; BA (status, R): $ba; prefix session at the home agent -> ${mcoa:-none}, router's care-of $coa"
r1=0
[ "$bu" = "1|$MNP|48" ] || [ "$bu" = "True|$MNP|48" ] || r1=1
[ "$ba" = "0|1" ] || [ "$ba" = "0|True" ] || r1=1
[ -n "$coa" ] && [ "$mcoa" = "$coa" ] || r1=1
ktap_result $r1 "explicit mode: BU with R and the prefix option, BA 0 with R, the home agent lists ${MNP}/48 at the router's care-of address"

# 2. movements under traffic to both hosts
ns_exec "$H1" /usr/bin/python3 "$D/tcpstream.py" server $H1A 5001 \
	>"$T/server.log" 2>&1 &
_IPMOB_BG_PIDS+=("$!")
wait_for "ip netns exec $H1 ss -Hltn 'sport = :5001' | grep -q 5001" 10 || true
ns_exec "$CN" /usr/bin/python3 "$D/tcpstream.py" client $H1A 5001 \
	"$T/stop" 0.05 >"$T/client.log" 2>&1 &
CLIENT=$!
_IPMOB_BG_PIDS+=("$CLIENT")
ns_exec "$CN" stdbuf -oL ping -6 -D -O -i 0.1 $H1A >"$T/ping1.log" 2>&1 &
PING1=$!
_IPMOB_BG_PIDS+=("$PING1")
ns_exec "$CN" stdbuf -oL ping -6 -D -O -i 0.1 $H2A >"$T/ping2.log" 2>&1 &
PING2=$!
_IPMOB_BG_PIDS+=("$PING2")
sleep 2
bad=0
for i in $(seq 1 "$MOVES"); do
	to=B
	[ "$MN_AT" = B ] && to=A
	echo "$(date +%s.%N) $MN_AT->$to" >>"$T/moves"
	mip6_move "$to"
	if [ "$to" = A ]; then p=2001:db8:a:; else p=2001:db8:b:; fi
	mip6_wait_registered "$p" 30 || bad=$((bad + 1))
	wait_for "ha_mnp_coa $MNP | grep -q '^$p'" 10 || bad=$((bad + 1))
	sleep 1
done
sleep 1
touch "$T/stop"
kill -TERM "$PING1" "$PING2" 2>/dev/null || true
wait "$PING1" "$PING2" 2>/dev/null || true
rc=0
if ! wait_for "! kill -0 $CLIENT" 120; then
	kill "$CLIENT" 2>/dev/null || true
fi
wait "$CLIENT" || rc=$?
ktap_print_msg "$(cat "$T/client.log" "$T/server.log")"
worst=0
for h in 1 2; do
	loss=$(/usr/bin/python3 "$D/losses.py" "$T/ping$h.log" "$T/moves")
	ktap_print_msg "H$h: $loss"
	g=$(sed -n 's/.*gap \([0-9]*\) ms.*/\1/p' <<<"$loss" | sort -n | tail -n 1)
	[ "${g:-0}" -gt "$worst" ] && worst=$g
	last=$(tail -n 20 "$T/ping$h.log" | grep -c 'time=' || true)
	[ "$last" -gt 0 ] || rc=1
done
[ "$bad" -eq 0 ] && [ "$worst" -le 3000 ] || rc=1
ktap_result $rc "$MOVES movements under traffic: both hosts answer throughout (worst gap $worst ms, limit 3000), the TCP stream survives ($bad registrations late)"
if [ "$rc" -ne 0 ]; then
	ktap_print_msg "$(drops_of "$HA" "$MN" "$H1")"
	ktap_print_msg "$(grep -E 'movement|BU sent|BA received|warn|err' "$T/mn.log" | tail -n 30)"
fi

# 3. the hosts' own addresses from the router's Router Advertisements
slaac=$(ip -n "$H1" -6 addr show dev eth0 scope global dynamic | grep -c 'inet6 2001:db8:100:1:' || true)
ktap_result "$([ "$slaac" -gt 0 ]; echo $?)" \
	"H1 configured an address in 2001:db8:100:1::/64 from the router's radvd"

# 4. refused registrations install nothing
coa=$(mn_coa)
seq=$("$IPMOB" -n "$HA" -j binding show | /usr/bin/python3 -c '
import json, sys
for b in json.load(sys.stdin):
    if b.get("hoa") == sys.argv[1] and "prefix_len" not in b:
        print(b.get("seq", 0)); break' "$M_HOA")
cap_start "$HA" up0 "$T/bad.pcap" "ip6"
craft() {
	ns_exec "$MN" /usr/bin/python3 "$D/mip6_bu.py" --coa "$coa" --ha $M_HA \
		--key $M_KEY --mr --lifetime 60 "$@"
	sleep 0.3
}
craft --hoa $M_HOA --nai $M_NAI --spi $M_SPI --seq $(((seq + 1000) % 65536)) \
	--mnp 2001:db8:200::/48
craft --hoa $M_HOA --nai $M_NAI --spi $M_SPI --seq $(((seq + 1001) % 65536)) \
	--mnp 2001:db8:1::/48
craft --hoa $HOA2 --nai $NAI2 --spi $((M_SPI + 1)) --seq 1 --mnp ${MNP}/48
sleep 1
cap_stop
st=$(decode "$T/bad.pcap" "mip6.mhtype == 6 && mip6.ba.status >= 128" mip6.ba.status | tr '\n' ' ')
sessions=$("$IPMOB" -n "$HA" -j binding show | /usr/bin/python3 -c '
import json, sys
print(" ".join(sorted("%s/%s->%s" % (b["hoa"], b.get("prefix_len", 128), b["coas"][0]["addr"]) for b in json.load(sys.stdin) if b.get("coas"))))')
ktap_print_msg "BA statuses: $st; home agent sessions: $sessions"
r4=0
[ "$st" = "142 141 140 " ] || r4=1
[ "$sessions" = "${MNP}/48->$coa $M_HOA/128->$coa" ] || r4=1
ktap_result $r4 "not its prefix 142, inside the home prefix 141, not a mobile router 140; nothing installed"

# 5. home and away again
home_route() {
	ip -n "$HA" -6 route show ${MNP}/48 | tr -s ' ' | sed 's/ *$//'
}
# hosts_answer: how many of the two hosts answer the correspondent
hosts_answer() {
	local a n=0
	for a in $H1A $H2A; do
		ns_exec "$CN" ping -6 -c 3 -i 0.3 -W 2 "$a" >/dev/null 2>&1 &&
			n=$((n + 1))
	done
	echo $n
}
echo "$(date +%s.%N) $MN_AT->home" >>"$T/moves"
mip6_move home
mip6_wait_home 30 || ktap_print_msg "the router did not come home"
wait_for "home_route | grep -q 'via $M_HOA dev br0'" 10 || true
rt5=$(home_route)
n5=$("$IPMOB" -n "$HA" -j binding show | /usr/bin/python3 -c '
import json, sys
print(len(json.load(sys.stdin)))')
p5=$(hosts_answer)
ktap_print_msg "at home: sessions at the home agent $n5, its route for the prefix: ${rt5:-none}; hosts answering: $p5 of 2"
echo "$(date +%s.%N) home->A" >>"$T/moves"
mip6_move A
mip6_wait_registered 2001:db8:a: 30 || ktap_print_msg "the router did not register from A"
wait_for "ha_mnp_coa $MNP | grep -q '^2001:db8:a:'" 10 || true
wait_for "[ -z \"\$(home_route)\" ]" 10 || true
rt5b=$(home_route)
p5b=$(hosts_answer)
ktap_print_msg "on A: prefix session -> $(ha_mnp_coa $MNP), route left: ${rt5b:-none}; hosts answering: $p5b of 2"
ktap_result "$([ "$n5" = 0 ] && grep -q "via $M_HOA dev br0" <<<"$rt5" &&
	[ "$p5" = 2 ] && [ -z "$rt5b" ] && [ "$p5b" = 2 ]; echo $?)" \
	"at home the prefix is routed through the router's home address and the hosts answer; away again, the route goes"

# 6. deregistration withdraws the prefix
kill -TERM "$MRPID"
wait "$MRPID" 2>/dev/null || true
left=$("$IPMOB" -n "$HA" -j binding show | /usr/bin/python3 -c '
import json, sys
print(len(json.load(sys.stdin)))')
ktap_result "$([ "$left" = 0 ]; echo $?)" \
	"the router's deregistration (SIGTERM) withdraws the prefix with the home address ($left sessions left)"
if [ "$KTAP_FAIL" -ne 0 ]; then
	ktap_print_msg "$(grep -E 'BU|BA|prefix|mobile router|warn|err' "$T/ha.log" | tail -n 40)"
fi
ktap_finish
