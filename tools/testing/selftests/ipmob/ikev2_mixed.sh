#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# ikev2_mixed.sh: an IKEv2 node and an RFC 4285 node at one home agent,
# and the home agent's ipmobd restarted under their traffic (RFC 4877;
# RFC 4285). ipmobd and charon at the home agent and the mobile node
# (ike_lib, certificates from a test CA: security ikev2, reqid 4877); the
# mobile node is a mobile router (RFC 3963, explicit mode) for
# 2001:db8:100::/48, which its association at the home agent grants it,
# with host H1 (2001:db8:100:1::11) on its inside link in0; a second
# mobile node, node 2 (namespace N2 on link B, ipmobd as a mobile node,
# no charon), registers home address 2001:db8:1::200 as mn2@example.net
# with security rfc4285 (its own SPI 4097 and key).
#
#                 CN ---- R ---- HA (br0, home link)
#                         |\____ AR1 (link A) --- MN (eth1) --in0-- H1
#                         \_____ AR2 (link B) --- N2 (node 2), MN (eth2)
#
#   1. both at once: the mobile router registers its home address and
#      prefix on link A under IKEv2, node 2 on link B under RFC 4285; the
#      home agent's "ipmob binding show" holds both home addresses, each
#      with its care-of address, and the prefix at the router's;
#      on link A the BU and BA are ESP only; on link B node 2's BU is in
#      clear with the Mobility Message Authentication option (its SPI,
#      tshark) and so is its BA; no ESP on link B; the home agent's
#      charon holds one IKE SA, the mobile node's; the correspondent
#      reaches both home addresses and H1
#   2. the home agent's ipmobd stopped (SIGTERM) and started again under
#      pings to both home addresses and H1: it resumes both bindings from
#      the kernel ("2 bindings resumed") and the prefix's session (at the
#      router's care-of address still), connects to charon and loads the
#      mobile node's connection again; the IKE SA (its unique id) and the
#      ESP states (their SPIs) at the home agent are those from before;
#      no IKE_SA_INIT on either link; neither node registers again (no
#      BU but a scheduled refresh)
#   3. no ping to either home address or to H1 lost across the restart
#   4. the restarted home agent carries on: the mobile router moves to
#      link B and registers under the same IKE SA (no IKE_SA_INIT:
#      MOBIKE), BU and BA ESP only, its prefix follows; node 2's next
#      refresh, RFC 4285 in clear, is accepted in sequence; the
#      correspondent reaches both home addresses and H1
# ipmob-kernels: 6.1
# ipmob-timeout: 600
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/mip6_lib.bash"
. "$(dirname -- "${BASH_SOURCE[0]}")/ike_lib.bash"

require_root
require_cmd ip ping radvd dumpcap tshark swanctl pki jq
ipmob_load
modprobe -q esp6 2>/dev/null || true

ktap_header
ktap_plan 4
topo_mobility
T=$(test_tmpdir)
D=$(dirname -- "${BASH_SOURCE[0]}")
HOA2=2001:db8:1::200
NAI2=mn2@example.net
SPI2=4097
KEY2=ffeeddccbbaa99887766554433221100
MNP=2001:db8:100::
H1A=2001:db8:100:1::11

# the mobile network: H1 on the router's inside link; R routes the
# prefix to the home agent
mip6_mobile_net "$(ns_name h1)" $H1A

# node 2: a mobile node of its own on link B (SLAAC)
N2=$(ns_name n2)
ns_create "$N2"
ns_sysctl "$N2" net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
	net.ipv6.conf.default.router_solicitation_delay=0
veth_pair "$AR2" n2-b "$N2" eth0
ip -n "$AR2" link set n2-b master br-b

IKE_SA_EXTRA="mobile-router yes
mobile-network-prefix ${MNP}/48"
IKE_MN_EXTRA="mobile-router yes
mobile-network-prefix ${MNP}/48
mobile-network-link in0"
IKE_HA_EXTRA="[security-association $NAI2]
security rfc4285
spi $SPI2
key $KEY2
home-address $HOA2"
ike_mip6_start
HAD=$IKE_HA_DPID
: >"$T/n2.conf"
chmod 600 "$T/n2.conf"
cat >"$T/n2.conf" <<EOF
log-level debug
device mob0
[mobile-node]
home-address $HOA2/64
home-agent $M_HA
identifier $NAI2
security rfc4285
spi $SPI2
key $KEY2
lifetime 60
link eth0
initial-bindack-timeout 500
initial-bindack-timeout-first-reg 500
EOF

# ike_ids: the home agent's IKE SAs, "NAME#ID" each, on one line
ike_ids() {
	ike_swanctl ha "$T" --list-sas --noblock 2>/dev/null |
		sed -n 's/^\(ipmob-[0-9]*\): #\([0-9]*\), ESTABLISHED,.*/\1#\2/p' | tr '\n' ' '
}
# esp_spis NS: the namespace's ESP states' SPIs, sorted, on one line
esp_spis() {
	ip -n "$1" xfrm state | sed -n 's/.*proto esp spi \(0x[0-9a-f]*\).*/\1/p' |
		sort | tr '\n' ' '
}
dump_logs() {
	ktap_print_msg "$(grep -E 'IKE|BU|BA|resumed|warn|err' "$T/ha.log" | tail -n 30)"
	[ -f "$T/ha2.log" ] && ktap_print_msg "$(grep -E 'IKE|BU|BA|resumed|warn|err' "$T/ha2.log" | tail -n 30)"
	ktap_print_msg "$(grep -E 'IKE|BU|BA|movement|warn|err' "$T/mn.log" | tail -n 20)"
	ktap_print_msg "$(grep -E 'BU|BA|movement|warn|err' "$T/n2.log" | tail -n 20)"
	ktap_print_msg "$(tail -n 20 "$T/ha.charon.log")"
}

# 1. both at once
cap_begin "$AR1" br-a "$T/a.pcap" "ip6 and not icmp6"
CAPA=$CAP_PID
cap_begin "$AR2" br-b "$T/b.pcap" "ip6 and not icmp6"
CAPB=$CAP_PID
cap_ready "$T/a.pcap" "$T/b.pcap"
mip6_move A
rc=0
mip6_wait_registered 2001:db8:a: 60 || { rc=1; ktap_print_msg "MN did not register on A"; }
# node 2 once the router is registered: the refreshes of both (3/4 of
# their 60 s) then come after step 2's restart, which shows they did not
# register again
mip6_daemon "$N2" "$T/n2.conf" "$T/n2.log"
N2D=$DPID
wait_for "ha_coa_of $HOA2 | grep -q '^2001:db8:b:'" 30 || { rc=1; ktap_print_msg "node 2 did not register on B"; }
wait_for "ns_exec $CN ping -6 -c 1 -W 1 $M_HOA >/dev/null 2>&1" 15 || rc=1
wait_for "ns_exec $CN ping -6 -c 1 -W 1 $HOA2 >/dev/null 2>&1" 15 || rc=1
wait_for "ns_exec $CN ping -6 -c 1 -W 1 $H1A >/dev/null 2>&1" 15 || rc=1
COA=$(mn_coa)
COA2=$(ha_coa_of $HOA2)
MCOA=$(ha_mnp_coa $MNP)
# the tunnel's child too, if ipmobd set it up (for route optimisation,
# which a mobile router does not do): the states are taken after it
if grep -q 'IKE: initiating the tunnel SAs' "$T/mn.log"; then
	wait_for "grep -q 'IKE: the tunnel SAs with the home agent are installed' '$T/mn.log'" 20 || rc=1
fi
ids0=$(ike_ids)
sleep 1
CAP_PID=$CAPA cap_stop
CAP_PID=$CAPB cap_stop
read -r bua baa clra <<<"$(counts "$T/a.pcap" \
	"ipv6.dst == $M_HA && ipv6.opt.mipv6.home_address == $M_HOA && esp" \
	"ipv6.src == $M_HA && ipv6.routing.mipv6.home_address == $M_HOA && esp" \
	"mip6.mhtype == 5 || mip6.mhtype == 6")"
read -r bub bab espb <<<"$(counts "$T/b.pcap" \
	"mip6.mhtype == 5 && ipv6.opt.mipv6.home_address == $HOA2 && mip6.auth.mobility_spi == $SPI2" \
	"mip6.mhtype == 6 && ipv6.routing.mipv6.home_address == $HOA2 && mip6.ba.status == 0" \
	"esp")"
p1=$(cn_pings $M_HOA 3)
p2=$(cn_pings $HOA2 3)
p3=$(cn_pings $H1A 3)
ktap_print_msg "HA's bindings: $M_HOA -> $(ha_coa) (MN's $COA), ${MNP}/48 -> $MCOA, $HOA2 -> $COA2; link A: ESP BU $bua, ESP BA $baa, BU or BA in clear $clra; link B: node 2's BU with its authentication option (SPI $SPI2) $bub, BA 0 $bab, ESP $espb; HA's IKE SAs: $ids0; CN's pings answered $p1/3 (MN), $p2/3 (node 2), $p3/3 (H1)"
ktap_result "$([ "$rc" -eq 0 ] && [ "$(ha_coa)" = "$COA" ] && [ -n "$COA2" ] &&
	[ "$MCOA" = "$COA" ] && [ "${p3:-0}" -ge 2 ] &&
	[ "$bua" -ge 1 ] && [ "$baa" -ge 1 ] && [ "$clra" -eq 0 ] &&
	[ "$bub" -ge 1 ] && [ "$bab" -ge 1 ] && [ "$espb" -eq 0 ] &&
	[ "$(wc -w <<<"$ids0")" -eq 1 ] && [[ $ids0 == ipmob-0#* ]] &&
	[ "${p1:-0}" -ge 2 ] && [ "${p2:-0}" -ge 2 ]; echo $?)" \
	"an IKEv2 mobile router (home address and prefix) and an RFC 4285 node registered at one home agent at once"
[ "$KTAP_FAIL" -eq 0 ] || dump_logs

# 2. the home agent's ipmobd restarted under pings to both home addresses
spis0=$(esp_spis "$HA")
cap_begin "$AR1" br-a "$T/ra.pcap" "ip6 and not icmp6"
CAPA=$CAP_PID
cap_begin "$AR2" br-b "$T/rb.pcap" "ip6 and not icmp6"
CAPB=$CAP_PID
cap_ready "$T/ra.pcap" "$T/rb.pcap"
ns_exec "$CN" stdbuf -oL ping -6 -D -O -i 0.1 $M_HOA >"$T/ping1.log" 2>&1 &
PING1=$!
_IPMOB_BG_PIDS+=("$PING1")
ns_exec "$CN" stdbuf -oL ping -6 -D -O -i 0.1 $HOA2 >"$T/ping2.log" 2>&1 &
PING2=$!
_IPMOB_BG_PIDS+=("$PING2")
ns_exec "$CN" stdbuf -oL ping -6 -D -O -i 0.1 $H1A >"$T/ping3.log" 2>&1 &
PING3=$!
_IPMOB_BG_PIDS+=("$PING3")
sleep 1
bu1=$(grep -c 'BU sent' "$T/mn.log" || true)
bu2=$(grep -c 'BU sent' "$T/n2.log" || true)
rf1=$(grep -c 'refreshing the home registration' "$T/mn.log" || true)
rf2=$(grep -c 'refreshing the home registration' "$T/n2.log" || true)
echo "$(date +%s.%N) restart" >"$T/moves"
kill -TERM "$HAD"
wait "$HAD" 2>/dev/null || true
mip6_daemon "$HA" "$T/ha.conf" "$T/ha2.log"
HAD=$DPID
rc=0
wait_for "grep -q '2 bindings resumed' '$T/ha2.log'" 20 || rc=1
wait_for "grep -q 'IKE: connected to charon' '$T/ha2.log'" 20 || rc=1
sleep 3
bu1n=$(($(grep -c 'BU sent' "$T/mn.log" || true) - bu1))
bu2n=$(($(grep -c 'BU sent' "$T/n2.log" || true) - bu2))
rf1n=$(($(grep -c 'refreshing the home registration' "$T/mn.log" || true) - rf1))
rf2n=$(($(grep -c 'refreshing the home registration' "$T/n2.log" || true) - rf2))
conn=$(ike_swanctl ha "$T" --list-conns 2>/dev/null | grep -c '^ipmob-0:' || true)
ids1=$(ike_ids)
spis1=$(esp_spis "$HA")
MCOA1=$(ha_mnp_coa $MNP)
CAP_PID=$CAPA cap_stop
CAP_PID=$CAPB cap_stop
read -r ira <<<"$(counts "$T/ra.pcap" "isakmp.exchangetype == 34")"
read -r irb <<<"$(counts "$T/rb.pcap" "isakmp.exchangetype == 34")"
ktap_print_msg "$(grep -E 'resumed|IKE:' "$T/ha2.log" | head -n 5)"
ktap_print_msg "prefix at the HA $MCOA -> $MCOA1; HA's IKE SAs $ids0 -> $ids1; its ESP SPIs $spis0 -> $spis1; connection ipmob-0 loaded: $conn; IKE_SA_INIT on A $ira, on B $irb; BUs sent meanwhile: MN $bu1n ($rf1n refreshes), node 2 $bu2n ($rf2n refreshes)"
ktap_result "$([ "$rc" -eq 0 ] && [ "$conn" -eq 1 ] && [ -n "$ids0" ] &&
	[ -n "$MCOA1" ] && [ "$MCOA1" = "$MCOA" ] &&
	[ "$ids1" = "$ids0" ] && [ -n "$spis0" ] && [ "$spis1" = "$spis0" ] &&
	[ "$ira" -eq 0 ] && [ "$irb" -eq 0 ] &&
	[ "$bu1n" -le "$rf1n" ] && [ "$bu2n" -le "$rf2n" ]; echo $?)" \
	"the home agent's ipmobd restarted: both bindings resumed, charon's IKE SA and the ESP states kept, no new registration"
[ "$KTAP_FAIL" -eq 0 ] || dump_logs

# 3. the pings across the restart
sleep 1
kill -TERM "$PING1" "$PING2" "$PING3" 2>/dev/null || true
wait "$PING1" "$PING2" "$PING3" 2>/dev/null || true
l1=$(/usr/bin/python3 "$D/losses.py" "$T/ping1.log" "$T/moves" | grep '^move 1 ' || true)
l2=$(/usr/bin/python3 "$D/losses.py" "$T/ping2.log" "$T/moves" | grep '^move 1 ' || true)
l3=$(/usr/bin/python3 "$D/losses.py" "$T/ping3.log" "$T/moves" | grep '^move 1 ' || true)
ktap_print_msg "MN's home address: $l1; node 2's: $l2; H1 (the prefix): $l3"
ktap_result "$(grep -q ': lost 0 of [1-9]' <<<"$l1" && grep -q ': lost 0 of [1-9]' <<<"$l2" &&
	grep -q ': lost 0 of [1-9]' <<<"$l3"; echo $?)" \
	"no ping to either home address or into the prefix lost across the home agent's restart"

# 4. the restarted home agent carries on
cap_begin "$AR2" br-b "$T/b2.pcap" "ip6 and not icmp6"
cap_ready "$T/b2.pcap"
ba2=$(grep -c 'BA received: status 0' "$T/n2.log" || true)
rc=0
mip6_move B
mip6_wait_registered 2001:db8:b: 30 || { rc=1; ktap_print_msg "MN did not register on B"; }
wait_for "ha_mnp_coa $MNP | grep -q '^2001:db8:b:'" 10 || rc=1
# node 2's refresh: 3/4 of its 60 s after it registered
wait_for "[ \$(grep -c 'BA received: status 0' '$T/n2.log') -gt $ba2 ]" 60 || rc=1
wait_for "ns_exec $CN ping -6 -c 1 -W 1 $M_HOA >/dev/null 2>&1" 10 || rc=1
wait_for "ns_exec $CN ping -6 -c 1 -W 1 $HOA2 >/dev/null 2>&1" 10 || rc=1
wait_for "ns_exec $CN ping -6 -c 1 -W 1 $H1A >/dev/null 2>&1" 10 || rc=1
sleep 1
cap_stop
ids2=$(ike_ids)
read -r ib bub2 bab2 clr2 n2bu n2ba <<<"$(counts "$T/b2.pcap" \
	"isakmp.exchangetype == 34" \
	"ipv6.dst == $M_HA && ipv6.opt.mipv6.home_address == $M_HOA && esp" \
	"ipv6.src == $M_HA && ipv6.routing.mipv6.home_address == $M_HOA && esp" \
	"(mip6.mhtype == 5 && ipv6.opt.mipv6.home_address == $M_HOA) || (mip6.mhtype == 6 && ipv6.routing.mipv6.home_address == $M_HOA)" \
	"mip6.mhtype == 5 && ipv6.opt.mipv6.home_address == $HOA2 && mip6.auth.mobility_spi == $SPI2" \
	"mip6.mhtype == 6 && ipv6.routing.mipv6.home_address == $HOA2 && mip6.ba.status == 0")"
oow=$(grep -c 'not after' "$T/ha2.log" || true)
ktap_print_msg "link B: IKE_SA_INIT $ib; MN's ESP BU $bub2, ESP BA $bab2, in clear $clr2; node 2's BU $n2bu, BA 0 $n2ba; prefix at the HA -> $(ha_mnp_coa $MNP); HA's IKE SAs $ids2; out-of-sequence BUs at the HA $oow; $(grep -E 'BA received' "$T/n2.log" | tail -n 1)"
ktap_result "$([ "$rc" -eq 0 ] && [ "$ib" -eq 0 ] && [ "$bub2" -ge 1 ] && [ "$bab2" -ge 1 ] &&
	[ "$clr2" -eq 0 ] && [ "$n2bu" -ge 1 ] && [ "$n2ba" -ge 1 ] &&
	[ "$ids2" = "$ids0" ] && [ "$oow" -eq 0 ]; echo $?)" \
	"the restarted home agent carries on: the IKEv2 router moves under the same IKE SA with its prefix, node 2's refresh accepted in sequence"
[ "$KTAP_FAIL" -eq 0 ] || dump_logs
kill -TERM "$N2D" 2>/dev/null || true
ktap_finish
