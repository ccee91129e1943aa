#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# ikev2_move.sh: movements under IKEv2 (security ikev2; RFC 4877 7.4, RFC
# 4555 MOBIKE). ipmobd and charon at both ends, certificates (ike_lib).
#   1. five movements (A B A B A B) under a TCP stream from the
#      correspondent: each registers at both ends; after each one the
#      mobile node's charon moves the IKE SA by MOBIKE (an INFORMATIONAL
#      request from the new link, tshark; its UPDATE_SA_ADDRESSES notify,
#      encrypted, in charon's log), never a new IKE_SA_INIT (the first one
#      only, tshark on both links); every
#      BU and BA on the foreign links is ESP, none in clear
#   2. the TCP stream survives every movement
#   3. ipmobd restarted at the mobile node: it finds the SAs charon holds
#      (list-sas) and refreshes its registration under them, with no new
#      IKE_SA_INIT
#   4. the mobile node's charon killed (-9) and started again: ipmobd
#      connects again, loads its connection, has the SAs set up again
#      (a new IKE_SA_INIT, the old IKE SA lost with charon) and registers
#      under them; the correspondent reaches the home address
# ipmob-kernels: 6.12
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/mip6_lib.bash"
. "$(dirname -- "${BASH_SOURCE[0]}")/ike_lib.bash"

require_root
require_cmd ip ping radvd dumpcap tshark swanctl pki
ipmob_load
modprobe -q esp6 2>/dev/null || true

ktap_header
ktap_plan 4
topo_mobility
T=$(test_tmpdir)
ike_mip6_start

cap_begin "$AR1" br-a "$T/a.pcap" "ip6 and not icmp6"
CAPA=$CAP_PID
cap_begin "$AR2" br-b "$T/b.pcap" "ip6 and not icmp6"
CAPB=$CAP_PID
cap_ready "$T/a.pcap" "$T/b.pcap"
mip6_move A
mip6_wait_registered 2001:db8:a: 60 || ktap_print_msg "MN did not register on A"
mip6_traffic "$T" 0.05 0.2
sleep 1

# 1. five movements
bad=0
for to in B A B A B; do
	mip6_move "$to"
	case $to in
	A) mip6_wait_registered 2001:db8:a: 30 || bad=$((bad + 1)) ;;
	B) mip6_wait_registered 2001:db8:b: 30 || bad=$((bad + 1)) ;;
	esac
	sleep 1
done
sleep 1
# (the Mobility Header's child; the tunnel's, for HoTI/HoT, is one more)
init_mn=$(grep -c 'IKE: initiating the SAs' "$T/mn.log" || true)
touch "$T/stop"
kill -TERM "$PING" 2>/dev/null || true
wait "$PING" 2>/dev/null || true
rc=0
if ! wait_for "! kill -0 $CLIENT" 170; then
	kill "$CLIENT" 2>/dev/null || true
fi
wait "$CLIENT" || rc=$?
kill -INT "$CAPA" "$CAPB" 2>/dev/null || true
wait "$CAPA" "$CAPB" 2>/dev/null || true
read -r ia ua bua bara clra <<<"$(counts "$T/a.pcap" "isakmp.exchangetype == 34" \
	"isakmp.exchangetype == 37 && ipv6.dst == $M_HA" \
	"ipv6.dst == $M_HA && ipv6.opt.mipv6.home_address == $M_HOA && esp" \
	"ipv6.src == $M_HA && ipv6.routing.mipv6.home_address == $M_HOA && esp" \
	"mip6.mhtype == 5 || mip6.mhtype == 6")"
read -r ib ub bub bab clrb <<<"$(counts "$T/b.pcap" "isakmp.exchangetype == 34" \
	"isakmp.exchangetype == 37 && ipv6.dst == $M_HA" \
	"ipv6.dst == $M_HA && ipv6.opt.mipv6.home_address == $M_HOA && esp" \
	"ipv6.src == $M_HA && ipv6.routing.mipv6.home_address == $M_HOA && esp" \
	"mip6.mhtype == 5 || mip6.mhtype == 6")"
# the UPDATE_SA_ADDRESSES notify is inside the encrypted payload: tshark
# sees the INFORMATIONAL requests to the home agent on each link, charon's
# log says what they carry
upd=$(grep -c 'generating INFORMATIONAL request .*UPD_SA_ADDR' "$T/mn.charon.log" || true)
ktap_print_msg "the mobile node's charon sent $upd INFORMATIONAL requests with UPDATE_SA_ADDRESSES"
ktap_print_msg "link A: IKE_SA_INIT $ia, INFORMATIONAL requests $ua, ESP BU $bua, ESP BA $bara, clear BU/BA $clra"
ktap_print_msg "link B: IKE_SA_INIT $ib, INFORMATIONAL requests $ub, ESP BU $bub, ESP BA $bab, clear BU/BA $clrb; initiates by ipmobd: $init_mn; failed movements: $bad"
ktap_result $([ "$bad" -eq 0 ] && [ $((ia + ib)) -eq 2 ] && [ "$ua" -ge 2 ] &&
	[ "$ub" -ge 3 ] && [ "$upd" -ge 5 ] && [ "$bua" -ge 3 ] && [ "$bub" -ge 3 ] &&
	[ "$bara" -ge 3 ] && [ "$bab" -ge 3 ] &&
	[ $((clra + clrb)) -eq 0 ] && [ "$init_mn" -eq 1 ]; echo $?) \
	"five movements, each followed by a MOBIKE address update and never a new IKE_SA_INIT; BU and BA only as ESP"
ktap_print_msg "$(cat "$T/client.log" "$T/server.log")"
ktap_result $rc "the TCP stream survives every movement"

# 3. ipmobd restarted at the mobile node
cap_start "$AR2" br-b "$T/r.pcap" "ip6 and not icmp6"
kill -TERM "$DPID"
wait "$DPID" 2>/dev/null || true
ba0=$(grep -c 'BA received' "$T/mn.log" || true)
mip6_daemon "$MN" "$T/mn.conf" "$T/mn.log"
rc=0
wait_for "[ \$(grep -c 'BA received' '$T/mn.log') -gt $ba0 ]" 30 || rc=1
wait_for "ns_exec $CN ping -6 -c 1 -W 1 $M_HOA >/dev/null 2>&1" 10 || rc=1
sleep 1
cap_stop
read -r ir bur <<<"$(counts "$T/r.pcap" "isakmp.exchangetype == 34" \
	"ipv6.dst == $M_HA && ipv6.opt.mipv6.home_address == $M_HOA && esp")"
ktap_print_msg "after ipmobd's restart: IKE_SA_INIT $ir, ESP BUs $bur; $(grep -E 'IKE:' "$T/mn.log" | tail -n 3 | tr '\n' ' ')"
ktap_result $([ "$rc" -eq 0 ] && [ "$ir" -eq 0 ] && [ "$bur" -ge 1 ]; echo $?) \
	"a restarted ipmobd takes the SAs charon holds: registered again without a new IKE_SA_INIT"

# 4. the mobile node's charon killed and started again
cap_start "$AR2" br-b "$T/k.pcap" "ip6 and not icmp6"
kill -KILL "$(cat "$T/mn.pid")" 2>/dev/null || true
wait_for "grep -q 'IKE: lost charon' '$T/mn.log'" 10 || true
up0=$(grep -c 'SAs with the home agent are installed' "$T/mn.log" || true)
IKE_IGNORE=mob0 ike_charon "$MN" mn "$T"
rc=0
wait_for "[ \$(grep -c 'SAs with the home agent are installed' '$T/mn.log') -gt $up0 ]" 60 || rc=1
ba0=$(grep -c 'BA received' "$T/mn.log" || true)
# the next BU (a refresh, under the new SAs)
wait_for "[ \$(grep -c 'BA received' '$T/mn.log') -gt $ba0 ]" 60 || rc=1
wait_for "ns_exec $CN ping -6 -c 1 -W 1 $M_HOA >/dev/null 2>&1" 10 || rc=1
sleep 1
cap_stop
read -r ik buk <<<"$(counts "$T/k.pcap" "isakmp.exchangetype == 34" \
	"ipv6.dst == $M_HA && ipv6.opt.mipv6.home_address == $M_HOA && esp")"
ktap_print_msg "after charon's restart: IKE_SA_INIT $ik, ESP BUs $buk; $(grep -E 'IKE:' "$T/mn.log" | tail -n 4 | tr '\n' ' ')"
ktap_result $([ "$rc" -eq 0 ] && [ "$ik" -ge 2 ] && [ "$buk" -ge 1 ]; echo $?) \
	"charon killed and started again: ipmobd has the SAs set up again and registers under them"
if [ "$KTAP_FAIL" -ne 0 ]; then
	ktap_print_msg "$(grep -E 'movement|BU sent|BA received|IKE|warn|err' "$T/mn.log" | tail -n 60)"
	ktap_print_msg "$(grep -E 'MOBIKE|path|IKE_SA|roam|INFORMATIONAL' "$T/mn.charon.log" | head -n 80)"
fi
ktap_finish
