#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# nemo_pd.sh: a mobile router takes its mobile network prefix by DHCPv6
# prefix delegation through its home agent (RFC 6276), from ISC Kea.
#
#   CN ... R ... HA ==== (home, A, B) ==== MR --in0-- H1, H2
#                |                          |
#             kea0: Kea                  pd-c (dhcpcd) -- pd-r (relay)
#             2001:db8:ffff::1
#
# The router registers in implicit mode with no prefix (3.1); dhcpcd, its
# DHCPv6 client, solicits on pd-c; ipmobd's co-located relay on pd-r
# sends each message as a Relay-forward (hop-count 1, link and peer the
# home address, 3.1.2) to the home agent through the tunnel; ipmobd's
# relay there, which takes them only from registered mobile routers
# allowed "prefix-delegation", relays them on to Kea (a second hop) and
# reads the delegated prefix in Kea's Reply: it routes the prefix to the
# router before handing the Reply back. dhcpcd puts :1::1/64 of it on
# in0, radvd advertises what in0 holds, H1 and H2 take addresses by
# SLAAC. R routes Kea's pool (2001:db8:100::/40) to the home agent.
#
#   1. tshark: in the tunnel, Relay-forwards of Solicit and Request
#      from the home address (hop-count 1) and Relay-replies of
#      Advertise and Reply; between the relay and Kea the same one level
#      deeper (hop-count 2)
#   2. the home agent routes the delegated prefix to the router's
#      care-of address ("ipmob -j binding show"); the router forwards it
#      by source (its own prefix session)
#   3. H1 and H2 took addresses in it and reach the correspondent from
#      them (ping)
#   4. the router moves (A -> B): the delegated prefix follows it (the
#      implicit re-registration keeps it), H1's pings and a TCP stream
#      from H1 to the correspondent go on
#   5. a Relay-forward sent to the home agent from outside the tunnel
#      with the router's home address as source is dropped (Kea never
#      sees it); dhcpcd's Release (dhcpcd -k) withdraws the prefix at both
#      ends
# ipmob-timeout: 600
# ipmob-kernels: 6.1
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/mip6_lib.bash"

require_root
require_cmd ip ping radvd dumpcap tshark kea-dhcp6 dhcpcd
ipmob_load

KEA=2001:db8:ffff::1

ktap_header
ktap_plan 5
topo_mobility
T=$(test_tmpdir)
D=$(dirname -- "${BASH_SOURCE[0]}")

# the mobile network: two hosts on the router's inside link
H1=$(ns_name h1) H2=$(ns_name h2)
ns_create "$H1" "$H2"
ip -n "$MN" link add in0 type bridge
ip -n "$MN" link set in0 up
ns_sysctl "$MN" net.ipv6.conf.in0.accept_dad=0
inside_host() {
	ns_sysctl "$2" net.ipv6.conf.all.accept_dad=0 \
		net.ipv6.conf.default.accept_dad=0
	veth_pair "$2" eth0 "$MN" "p-h$1"
	ip -n "$MN" link set "p-h$1" master in0
}
inside_host 1 "$H1"
inside_host 2 "$H2"
# the router's DHCPv6 client and its co-located relay: a veth pair
ip -n "$MN" link add pd-c type veth peer name pd-r
ip -n "$MN" link set pd-c up
ip -n "$MN" link set pd-r up
# RFC 3963 6.3: Kea's pool is routed to the home agent
ip -n "$R" -6 route add 2001:db8:100::/40 via 2001:db8:f0::2

# Kea on the home agent, on a dummy link of its own
ip -n "$HA" link add kea0 type dummy
ip -n "$HA" link set kea0 up
ip -n "$HA" -6 addr add $KEA/128 dev kea0 nodad
cat >"$T/kea.json" <<EOF
{"Dhcp6": {
  "interfaces-config": {"interfaces": ["kea0/$KEA"]},
  "data-directory": "$T",
  "lease-database": {"type": "memfile", "persist": false},
  "preferred-lifetime": 90, "valid-lifetime": 120,
  "renew-timer": 40, "rebind-timer": 70,
  "subnet6": [{"subnet": "2001:db8:1::/64", "id": 1,
    "pd-pools": [{"prefix": "2001:db8:100::", "prefix-len": 40,
                  "delegated-len": 48}]}],
  "loggers": [{"name": "kea-dhcp6",
    "output_options": [{"output": "$T/kea.log"}],
    "severity": "DEBUG", "debuglevel": 40}]
}}
EOF
KEA_PIDFILE_DIR=$T KEA_LOCKFILE_DIR=$T ip netns exec "$HA" kea-dhcp6 \
	-c "$T/kea.json" >"$T/kea.out" 2>&1 &
_IPMOB_BG_PIDS+=("$!")

wait_for "ip -n $MN -6 addr show dev eth0 scope global | grep -q 2001:db8:1:" 20 || true
mip6_ha_conf "$T/ha.conf"
cat >>"$T/ha.conf" <<EOF
home-address $M_HOA
mobile-router yes
prefix-delegation yes
[prefix-delegation]
server $KEA
EOF
mip6_mn_conf "$T/mn.conf" "home-agent $M_HA
mobile-router yes
prefix-mode implicit
mobile-network-link in0
[prefix-delegation]
client-link pd-r"
mip6_daemon "$HA" "$T/ha.conf" "$T/ha.log"
wait_for "grep -q 'DHCPv6 relay on' '$T/ha.log'" 20 ||
	ktap_print_msg "HA: $(tail -n 5 "$T/ha.log")"
mip6_daemon "$MN" "$T/mn.conf" "$T/mn.log"
wait_for "grep -q 'movement: at home' '$T/mn.log'" 20 || true

# the delegated /48 at the home agent: "PREFIX COA" ("" if none)
ha_pd() {
	"$IPMOB" -n "$HA" -j binding show 2>/dev/null | /usr/bin/python3 -c '
import json, sys
for b in json.load(sys.stdin):
    if b.get("prefix_len") == 48 and b.get("coas"):
        print(b["hoa"], b["coas"][0]["addr"]); break'
}
# the router's own session for PREFIX/48 ("yes" if it holds one)
mr_pd() {
	"$IPMOB" -n "$MN" -j binding show 2>/dev/null | /usr/bin/python3 -c '
import json, sys
print("yes" if any(b.get("hoa") == sys.argv[1] and b.get("prefix_len") == 48
                   for b in json.load(sys.stdin)) else "no")' "$1"
}

# 1. registration, then the relayed exchange
mip6_move A
mip6_wait_registered 2001:db8:a: 30 || ktap_print_msg "the router did not register"
cap_start "$HA" up0 "$T/tunnel.pcap" "ip6"
CAP1=$CAP_PID
cap_start "$HA" lo "$T/kea.pcap" "udp port 547"
CAP2=$CAP_PID
rm -f /var/lib/dhcpcd/pd-c.lease6	# (the VM's overlay)
cat >"$T/dhcpcd.conf" <<EOF
ipv6only
script /bin/true
noipv6rs
noipv4ll
nohook resolv.conf
allowinterfaces pd-c in0
interface pd-c
	iaid 1
	ia_pd 1 in0/1/64
EOF
ip netns exec "$MN" dhcpcd -B -d -f "$T/dhcpcd.conf" pd-c >"$T/dhcpcd.log" 2>&1 &
DHCPCD=$!
_IPMOB_BG_PIDS+=("$DHCPCD")
wait_for "ha_pd | grep -q ." 40 || ktap_print_msg "no delegated prefix at the home agent"
wait_for "ip -n $MN -6 addr show dev in0 scope global | grep -q 'inet6 2001:db8:1'" 20 ||
	ktap_print_msg "dhcpcd: $(grep -v executing "$T/dhcpcd.log" | tail -n 8)"
sleep 1
kill -INT "$CAP1" "$CAP2" 2>/dev/null || true
wait "$CAP1" "$CAP2" 2>/dev/null || true
tun=$(decode "$T/tunnel.pcap" "dhcpv6" dhcpv6.msgtype dhcpv6.hopcount dhcpv6.peeraddr |
	sort -u | tr '\n' ' ')
kea=$(decode "$T/kea.pcap" "dhcpv6" dhcpv6.msgtype dhcpv6.hopcount | sort -u | tr '\n' ' ')
ktap_print_msg "in the tunnel (types|hop-counts|peer): $tun"
ktap_print_msg "relay <-> Kea (types|hop-counts): $kea"
r1=0
for want in "12,1|1|$M_HOA" "13,2|1|$M_HOA" "12,3|1|$M_HOA" "13,7|1|$M_HOA"; do
	grep -qF "$want " <<<"$tun " || r1=1
done
for want in "12,12,1|2,1" "13,13,2|2,1" "12,12,3|2,1" "13,13,7|2,1"; do
	grep -qF "$want " <<<"$kea " || r1=1
done
ktap_result $r1 "Solicit/Advertise/Request/Reply relayed: hop-count 1 from the home address in the tunnel, hop-count 2 between the home agent and Kea (tshark)"

# 2. the prefix is routed at both ends
read -r P PCOA <<<"$(ha_pd)" || true
coa=$(mn_coa)
ktap_print_msg "home agent: ${P:-none}/48 -> ${PCOA:-none}; router's care-of $coa; router's session: $(mr_pd "${P:-x}")"
ktap_print_msg "$(grep -E 'delegated' "$T/ha.log" "$T/mn.log" | sed 's/.*\] //' | head -n 4)"
r2=0
[ -n "${P:-}" ] && [ "$PCOA" = "$coa" ] && [ "$(mr_pd "$P")" = yes ] || r2=1
grep -q "prefix ${P:-x}/48 delegated to $M_HOA" "$T/ha.log" || r2=1
ktap_result $r2 "the home agent routes the delegated prefix ${P:-?}/48 to the router's care-of address; the router forwards it by source"

# 3. the hosts take addresses in it and reach the correspondent
radvd_start "$MN" in0 "	AdvSendAdvert on;
	MinRtrAdvInterval 0.5;
	MaxRtrAdvInterval 1.5;
	MinDelayBetweenRAs 0.05;
	AdvIntervalOpt on;
	prefix ::/64 { AdvOnLink on; AdvAutonomous on; };"
# the hosts' address in the delegated prefix's subnet 1 (dhcpcd: in0/1/64)
pfx=${P%::}
host_addr() {
	ip -n "$1" -6 -o addr show dev eth0 scope global 2>/dev/null |
		sed -n "s|.*inet6 \(${pfx}:1:[0-9a-f:]*\)/64.*|\1|p" | head -n 1
}
wait_for "[ -n \"\$(host_addr $H1)\" ] && [ -n \"\$(host_addr $H2)\" ]" 30 || true
A1=$(host_addr "$H1") A2=$(host_addr "$H2")
r3=0
for h in "$H1:$A1" "$H2:$A2"; do
	ns=${h%%:*} a=${h#*:}
	if [ -z "$a" ] || ! ns_exec "$ns" ping -6 -c 3 -i 0.3 -W 2 -I "$a" $M_CN >"$T/ping.log" 2>&1; then
		r3=1
		ktap_print_msg "$ns (${a:-no address}): $(tail -n 2 "$T/ping.log")"
	fi
done
ktap_print_msg "H1 $A1, H2 $A2"
[ "$r3" = 0 ] || ktap_print_msg "in0: $(ip -n "$MN" -6 -o addr show dev in0 scope global)"
ktap_result $r3 "H1 and H2 took addresses in the delegated prefix (radvd) and reach the correspondent from them"

# 4. a movement: the prefix follows, H1 keeps reaching the correspondent
ns_exec "$CN" /usr/bin/python3 "$D/tcpstream.py" server $M_CN 5001 \
	>"$T/server.log" 2>&1 &
_IPMOB_BG_PIDS+=("$!")
wait_for "ip netns exec $CN ss -Hltn 'sport = :5001' | grep -q 5001" 10 || true
ns_exec "$H1" /usr/bin/python3 "$D/tcpstream.py" client $M_CN 5001 \
	"$T/stop" 0.05 >"$T/client.log" 2>&1 &
CLIENT=$!
_IPMOB_BG_PIDS+=("$CLIENT")
ns_exec "$H1" stdbuf -oL ping -6 -D -O -i 0.1 -I "${A1:-::1}" $M_CN >"$T/ping1.log" 2>&1 &
PING1=$!
_IPMOB_BG_PIDS+=("$PING1")
sleep 1
mip6_move B
r4=0
mip6_wait_registered 2001:db8:b: 30 || r4=1
wait_for "ha_pd | grep -q ' 2001:db8:b:'" 10 || r4=1
sleep 2
kill -TERM "$PING1" 2>/dev/null || true
wait "$PING1" 2>/dev/null || true
touch "$T/stop"
wait_for "! kill -0 $CLIENT" 60 || kill "$CLIENT" 2>/dev/null || true
wait "$CLIENT" || r4=1
last=$(tail -n 10 "$T/ping1.log" | grep -c 'time=' || true)
[ "$last" -gt 0 ] || r4=1
ktap_print_msg "after the move: $(ha_pd); H1's last pings answered: $last/10; TCP from H1: $(tail -n 1 "$T/client.log")"
ktap_result $r4 "the router moves to B: the delegated prefix follows it, H1's pings and TCP stream to the correspondent go on"

# 5. a forged Relay-forward; the Release
drops=$(grep -c 'not a registered mobile router' "$T/ha.log" || true)
ns_exec "$CN" /usr/bin/python3 - "$M_HOA" "$M_HA" <<'EOF2'
import sys
from scapy.all import IPv6, UDP, send
from scapy.layers.dhcp6 import (DHCP6_RelayForward, DHCP6OptRelayMsg,
                                DHCP6_Solicit, DHCP6OptClientId, DHCP6OptIA_PD,
                                DUID_LL)
hoa, ha = sys.argv[1], sys.argv[2]
sol = DHCP6_Solicit(trid=7) / DHCP6OptClientId(duid=DUID_LL(lladdr="02:00:00:00:00:66")) / DHCP6OptIA_PD(iaid=9)
fw = DHCP6_RelayForward(hopcount=1, linkaddr=hoa, peeraddr=hoa) / DHCP6OptRelayMsg(message=sol)
send(IPv6(src=hoa, dst=ha) / UDP(sport=547, dport=547) / fw, count=3, verbose=False)
EOF2
sleep 2
# the forged Solicit's client (DUID-LL 02:00:00:00:00:66) in Kea's log:
# Kea logs the DUID of each query it reads
seen=$(grep -ci '02:00:00:00:00:66' "$T/kea.log" || true)
known=$(grep -ci 'duid=\[' "$T/kea.log" || true)
drops2=$(grep -c 'not a registered mobile router' "$T/ha.log" || true)
ip netns exec "$MN" dhcpcd -k pd-c >>"$T/dhcpcd.log" 2>&1 || true
r5=0
wait_for "! ha_pd | grep -q ." 20 || r5=1
wait_for "[ \"\$(mr_pd ${P:-x})\" = no ]" 10 || r5=1
ktap_print_msg "forged: relay dropped $((drops2 - drops)), Kea saw its client $seen times ($known lines name a client); after the Release: home agent '$(ha_pd)', router's session $(mr_pd "${P:-x}")"
[ $((drops2 - drops)) -ge 3 ] && [ "$seen" = 0 ] && [ "$known" -gt 0 ] || r5=1
ktap_result $r5 "a forged Relay-forward from outside the tunnel is dropped before Kea; the Release withdraws the prefix at both ends"
if [ "$KTAP_FAIL" -ne 0 ]; then
	ktap_print_msg "$(grep -E 'DHCPv6|prefix|warn|err' "$T/ha.log" | tail -n 20)"
	ktap_print_msg "$(grep -E 'DHCPv6|prefix|warn|err' "$T/mn.log" | tail -n 20)"
	ktap_print_msg "$(grep -v executing "$T/dhcpcd.log" | tail -n 20)"
	ktap_print_msg "$(grep -E 'ERROR|WARN|PACKET_SEND' "$T/kea.log" | tail -n 10 | cut -c1-200)"
fi
ktap_finish
