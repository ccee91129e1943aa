#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# ikev2_refuse.sh: two IKEv2 identities at one home agent (RFC 4877), and
# the home agent's charon lost under traffic. ipmobd and charon at the
# home agent and the mobile node (ike_lib, certificates from a test CA);
# the home agent has a second association, mn2@example.net (home address
# 2001:db8:1::200, reqid 4880: an ikev2 association takes reqid and
# reqid + 1), whose holder, node 2 (namespace N2 on link B,
# 2001:db8:b::66, a certificate from the same CA), runs its own charon
# with the "mh" child ipmobd would load for a mobile node (swanctl) and
# sets up its CHILD_SA.
#
#                 CN ---- R ---- HA (br0, home link)
#                         |\____ AR1 (link A) --- MN (eth1)
#                         \_____ AR2 (link B) --- N2 (node 2), MN (eth2)
#
#   1. the mobile node registers on link A under IKEv2; node 2's IKE SA
#      and CHILD_SA (reqid 4880, transport proxy) are up at node 2 and at
#      the home agent (swanctl --list-sas at both), beside the mobile
#      node's (reqid 4877)
#   2. node 2 sends a BU for the mobile node's home address under its own
#      ESP SA (esp_bu.py: a Home Address option naming HoA1, ESP with node
#      2's SPI and AES-GCM key, its care-of address node 2's): the home
#      agent's kernel refuses it (XfrmInStateMismatch, XfrmInTmplMismatch
#      or XfrmInNoPols grows; XfrmInStateProtoError does not: it
#      decrypted), ipmobd sees no BU for HoA1 from node 2's address, the
#      binding stays the mobile node's, the correspondent still reaches
#      the home address
#   3. positive controls, the same crafting: node 2's SA naming node 2's
#      own home address, and the mobile node's SA (its keys from ip xfrm
#      state) naming HoA1, each reach ipmobd ("BU from" in its log)
#   4. under a ping from the correspondent, the home agent's charon is
#      killed (-9) and started again: ipmobd at the home agent connects
#      again and loads both connections; the ping goes on (the kernel's
#      states outlive charon)
#   5. the mobile node then moves to link B: it registers at once under
#      the old ESP states, which the home agent's kernel still holds; its
#      charon's MOBIKE path probes go unanswered by the new charon, which
#      has no IKE SA, and it gives the IKE SA up ("giving up after 10 path
#      probings", charon's defaults: about 25 s); ipmobd sees the CHILD_SA
#      go down and sets the SAs up again: a new IKE_SA_INIT from link B,
#      the CHILD_SA installed at both ends, a BU and its BA under it; BU
#      and BA only as ESP on link B, none in clear; the correspondent
#      reaches the home address
# ipmob-kernels: 6.1
# ipmob-timeout: 600
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/mip6_lib.bash"
. "$(dirname -- "${BASH_SOURCE[0]}")/ike_lib.bash"

require_root
require_cmd ip ping radvd dumpcap tshark swanctl pki
ipmob_load
modprobe -q esp6 2>/dev/null || true

ktap_header
ktap_plan 5
topo_mobility
T=$(test_tmpdir)
D=$(dirname -- "${BASH_SOURCE[0]}")
HOA2=2001:db8:1::200
N2A=2001:db8:b::66
REQID2=4880
NAI2=mn2@example.net

# node 2: its own namespace on link B, a static address (no SLAAC: the
# address it crafts from is the one charon uses)
N2=$(ns_name n2)
ns_create "$N2"
ns_sysctl "$N2" net.ipv6.conf.all.accept_ra=0 net.ipv6.conf.default.accept_ra=0 \
	net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
veth_pair "$AR2" n2-b "$N2" eth0
ip -n "$AR2" link set n2-b master br-b
ns_ip "$N2" "addr add $N2A/64 dev eth0 nodad" "route add default via 2001:db8:b::1"

IKE_HA_EXTRA="[security-association $NAI2]
security ikev2
ipsec-reqid $REQID2
home-address $HOA2"
ike_mip6_start

# sa_of NS SRC DST: "SPI KEY SEQ OSEQ" of the namespace's ESP state SRC ->
# DST (the first; SEQ the highest received, OSEQ the last sent; decimal)
sa_of() {
	ip -s -n "$1" xfrm state | awk -v s="$2" -v d="$3" '
		/^src / { cur = ($2 == s && $4 == d && !done) }
		cur && /proto esp spi/ { for (i = 1; i < NF; i++) if ($i == "spi") spi = $(i + 1)
			sub(/\(.*/, "", spi) }
		cur && /aead rfc4106/ { key = $3; sub(/\(.*/, "", key) }
		cur { for (i = 1; i < NF; i++) {
			v = $(i + 1); sub(/,$/, "", v)
			if ($i == "seq") seq = v
			if ($i == "oseq") oseq = v } }
		cur && /^[ \t]*sel / { done = 1; cur = 0 }
		END { if (spi != "") print spi, key, seq, oseq }' |
		while read -r spi key seq oseq; do
			echo "$spi $key $((seq)) $((oseq))"
		done
}
# xst NS: the home agent's inbound refusal counters, "StateMismatch
# TmplMismatch NoPols StateProtoError NoStates"
xst() {
	# shellcheck disable=SC2016 # awk's
	ip netns exec "$1" awk '{ v[$1] = $2 } END {
		print v["XfrmInStateMismatch"] + 0, v["XfrmInTmplMismatch"] + 0,
		      v["XfrmInNoPols"] + 0, v["XfrmInStateProtoError"] + 0,
		      v["XfrmInNoStates"] + 0 }' /proc/net/xfrm_stat
}
# child_up NAME IKE REQID: charon NAME lists IKE_SA IKE ESTABLISHED with
# an installed transport-proxy CHILD_SA of REQID
child_up() {
	local s
	s=$(ike_swanctl "$1" "$T" --list-sas --ike "$2" --noblock 2>/dev/null) || return 1
	grep -q ESTABLISHED <<<"$s" &&
		grep -q "reqid $3, INSTALLED, TRANSPORT_PROXY" <<<"$s"
}
# bus_from HOA COA: how many BUs ipmobd at the home agent logged for HOA
# with care-of address COA
bus_from() {
	grep -c "BU from $1 care-of $2:" "$T/ha.log" || true
}
dump_logs() {
	ktap_print_msg "$(grep -E 'IKE|BU|BA|warn|err' "$T/ha.log" | tail -n 30)"
	ktap_print_msg "$(grep -E 'IKE|BU|BA|movement|warn|err' "$T/mn.log" | tail -n 30)"
	ktap_print_msg "$(tail -n 30 "$T/ha.charon.log")" "$(tail -n 30 "$T/mn.charon.log")"
}

# 1. the mobile node on link A; node 2's SAs
mip6_move A
rc=0
mip6_wait_registered 2001:db8:a: 60 || { rc=1; ktap_print_msg "MN did not register on A"; }
wait_for "ns_exec $CN ping -6 -c 1 -W 1 $M_HOA >/dev/null 2>&1" 15 || rc=1
COA=$(mn_coa)
ike_charon "$N2" mn2 "$T"
ike_swanctl_load mn2 "$T" "$T/pki" mn2 "connections {
	ipmob-ha {
		version = 2
		mobike = yes
		remote_addrs = $M_HA
		keyingtries = 1
		local {
			auth = pubkey
			id = $NAI2
			certs = mn2.pem
		}
		remote {
			auth = pubkey
			id = ha.example.net
		}
		children {
			mh {
				mode = transport_proxy
				policies = no
				reqid = $REQID2
				local_ts = $HOA2/128[135]
				remote_ts = $M_HA/128[135]
				esp_proposals = aes256gcm16, aes128gcm16
				start_action = none
				dpd_action = clear
			}
		}
	}
}" >"$T/mn2.load" 2>&1 || { rc=1; ktap_print_msg "swanctl --load-all at node 2: $(cat "$T/mn2.load")"; }
ike_swanctl mn2 "$T" --initiate --child mh --ike ipmob-ha --timeout 30 \
	>"$T/mn2.initiate" 2>&1 || { rc=1; ktap_print_msg "node 2's initiate: $(tail -n 20 "$T/mn2.initiate")"; }
wait_for "child_up mn2 ipmob-ha $REQID2 && child_up ha ipmob-1 $REQID2" 10 || true
up=""
child_up mn2 ipmob-ha $REQID2 && up+=" node2"
child_up ha ipmob-1 $REQID2 && up+=" HA(node2)"
child_up mn ipmob-ha $IKE_REQID && up+=" MN"
child_up ha ipmob-0 $IKE_REQID && up+=" HA(MN)"
ktap_print_msg "MN at $COA; CHILD_SAs installed at:$up"
[ "$up" = " node2 HA(node2) MN HA(MN)" ] || {
	rc=1
	ktap_print_msg "$(ike_swanctl ha "$T" --list-sas 2>&1)" "$(ike_swanctl mn2 "$T" --list-sas 2>&1)"
	ktap_print_msg "$(tail -n 30 "$T/mn2.charon.log")"
}
[ "$rc" -eq 0 ] || dump_logs
ktap_result "$rc" "two IKEv2 identities at the home agent: the mobile node registered, node 2's CHILD_SA (reqid $REQID2) up at both ends"

# 2. node 2's SA, the mobile node's home address
read -r spi2 key2 _ oseq2 <<<"$(sa_of "$N2" $HOA2 $M_HA)"
read -r sm0 tm0 np0 pe0 ns0 <<<"$(xst "$HA")"
b0=$(bus_from $M_HOA $N2A)
mhseq=$(grep "BU from $M_HOA care-of" "$T/ha.log" | tail -n 1 | sed -n 's/.*: seq \([0-9]*\),.*/\1/p' || true)
mhseq=${mhseq:-0}
ns_exec "$N2" /usr/bin/python3 "$D/esp_bu.py" $N2A $M_HA $M_HOA $N2A \
	"${spi2:-0}" "${key2:-00}" $((${oseq2:-0} + 1)) $(((mhseq + 1) % 65536)) \
	>"$T/esp_bu.out" 2>&1 || ktap_print_msg "esp_bu.py: $(cat "$T/esp_bu.out")"
wait_for "xst $HA | { read -r a b c _; [ \$((a + b + c)) -gt $((sm0 + tm0 + np0)) ]; }" 5 || true
sleep 1
read -r sm1 tm1 np1 pe1 ns1 <<<"$(xst "$HA")"
b1=$(bus_from $M_HOA $N2A)
now=$(ha_coa)
pings=$(cn_pings $M_HOA 3)
ktap_print_msg "node 2 (SPI $spi2) sent a BU for $M_HOA care-of $N2A: HA XfrmInStateMismatch $sm0 -> $sm1, XfrmInTmplMismatch $tm0 -> $tm1, XfrmInNoPols $np0 -> $np1, XfrmInStateProtoError $pe0 -> $pe1, XfrmInNoStates $ns0 -> $ns1; ipmobd's BUs for it $b0 -> $b1; binding at the HA $now (was $COA); CN's pings answered $pings/3"
ktap_result "$([ -n "$spi2" ] && [ $((sm1 + tm1 + np1 - sm0 - tm0 - np0)) -ge 1 ] &&
	[ "$pe1" -eq "$pe0" ] && [ "$ns1" -eq "$ns0" ] && [ "$b1" -eq "$b0" ] &&
	[ "$now" = "$COA" ] && [ "${pings:-0}" -ge 2 ]; echo $?)" \
	"a BU for the mobile node's home address under another node's SA is refused by the home agent's kernel and installs nothing"

# 3. positive controls: the same crafting under the right SAs
c20=$(bus_from $HOA2 $N2A)
ns_exec "$N2" /usr/bin/python3 "$D/esp_bu.py" $N2A $M_HA $HOA2 $N2A \
	"${spi2:-0}" "${key2:-00}" $((${oseq2:-0} + 2)) 1 \
	>"$T/esp_bu.out" 2>&1 || ktap_print_msg "esp_bu.py: $(cat "$T/esp_bu.out")"
read -r spi1 key1 _ oseq1 <<<"$(sa_of "$MN" $M_HOA $M_HA)"
read -r _ _ seqha _ <<<"$(sa_of "$HA" $M_HOA $M_HA)"
eseq=$(( (${oseq1:-0} > ${seqha:-0} ? ${oseq1:-0} : ${seqha:-0}) + 3 ))
mhseq=$(grep "BU from $M_HOA care-of" "$T/ha.log" | tail -n 1 | sed -n 's/.*: seq \([0-9]*\),.*/\1/p' || true)
mhseq=$(((${mhseq:-0} + 100) % 65536))
ns_exec "$N2" /usr/bin/python3 "$D/esp_bu.py" $N2A $M_HA $M_HOA "$COA" \
	"${spi1:-0}" "${key1:-00}" "$eseq" "$mhseq" \
	>"$T/esp_bu.out" 2>&1 || ktap_print_msg "esp_bu.py: $(cat "$T/esp_bu.out")"
wait_for "[ \$(bus_from $HOA2 $N2A) -gt $c20 ] && grep -q 'BU from $M_HOA care-of $COA: seq $mhseq,' '$T/ha.log'" 10 || true
c21=$(bus_from $HOA2 $N2A)
c1=$(grep -c "BU from $M_HOA care-of $COA: seq $mhseq," "$T/ha.log" || true)
now=$(ha_coa)
ktap_print_msg "node 2's SA naming $HOA2: ipmobd's BUs $c20 -> $c21; the mobile node's SA (SPI $spi1, ESP seq $eseq) naming $M_HOA, MH seq $mhseq: seen $c1; binding at the HA $now"
ktap_result "$([ "$c21" -gt "$c20" ] && [ "$c1" -ge 1 ] && [ "$now" = "$COA" ]; echo $?)" \
	"the same crafted BU under the right SA reaches ipmobd (node 2's own home address; the mobile node's SA)"
[ "$KTAP_FAIL" -eq 0 ] || dump_logs

# 4. the home agent's charon killed and started again under a ping
cap_begin "$AR2" br-b "$T/b.pcap" "ip6 and not icmp6"
cap_ready "$T/b.pcap"
ns_exec "$CN" stdbuf -oL ping -6 -D -O -i 0.2 $M_HOA >"$T/ping.log" 2>&1 &
PING=$!
_IPMOB_BG_PIDS+=("$PING")
sleep 2
lost0=$(grep -c 'IKE: lost charon' "$T/ha.log" || true)
conn0=$(grep -c 'IKE: connected to charon' "$T/ha.log" || true)
kill -KILL "$(cat "$T/ha.pid")" 2>/dev/null || true
rc=0
wait_for "[ \$(grep -c 'IKE: lost charon' '$T/ha.log') -gt $lost0 ]" 10 || rc=1
IKE_ROAM=no ike_charon "$HA" ha "$T" || rc=1
wait_for "[ \$(grep -c 'IKE: connected to charon' '$T/ha.log') -gt $conn0 ]" 40 || rc=1
conns=""
wait_for "ike_swanctl ha '$T' --list-conns 2>/dev/null | grep -q '^ipmob-1:'" 10 &&
	conns=$(ike_swanctl ha "$T" --list-conns 2>/dev/null | grep -c '^ipmob-[01]:' || true)
r0=$(grep -c 'bytes from' "$T/ping.log" || true)
sleep 2
r1=$(grep -c 'bytes from' "$T/ping.log" || true)
ktap_print_msg "HA's ipmobd: lost charon $lost0 -> $(grep -c 'IKE: lost charon' "$T/ha.log"), connected $conn0 -> $(grep -c 'IKE: connected to charon' "$T/ha.log"); connections loaded ${conns:-0}/2; ping replies in 2 s after: $((r1 - r0))"
ktap_result "$([ "$rc" -eq 0 ] && [ "${conns:-0}" -eq 2 ] && [ $((r1 - r0)) -ge 3 ]; echo $?)" \
	"the home agent's charon killed and started again: ipmobd connects again and loads both connections; the ping goes on"

# 5. the mobile node moves to link B: registered under new IKE SAs
INST='IKE: the SAs with the home agent are installed'
GONE='IKE: the SAs with the home agent are gone'
inst0=$(grep -c "$INST" "$T/mn.log" || true)
gone0=$(grep -c "$GONE" "$T/mn.log" || true)
rc=0
mip6_move B
mip6_wait_registered 2001:db8:b: 30 || { rc=1; ktap_print_msg "MN did not register on B"; }
# the mobile node's charon finds the home agent's gone (its MOBIKE path
# probes go unanswered), ipmobd sets the SAs up again and sends a BU
# under them at once (mn_ike_up): a BA after the new SAs
wait_for "[ \$(grep -c '$INST' '$T/mn.log') -gt $inst0 ]" 150 || rc=1
wait_for "awk -v n=$inst0 '/$INST/ { i++ } i > n && /BA received: status 0/ { f = 1 } END { exit !f }' '$T/mn.log'" 30 || rc=1
wait_for "child_up ha ipmob-0 $IKE_REQID && child_up mn ipmob-ha $IKE_REQID" 10 || rc=1
wait_for "ns_exec $CN ping -6 -c 1 -W 1 $M_HOA >/dev/null 2>&1" 10 || rc=1
COAB=$(mn_coa)
sleep 1
cap_stop
kill -TERM "$PING" 2>/dev/null || true
wait "$PING" 2>/dev/null || true
read -r ib bub bab clrb <<<"$(counts "$T/b.pcap" \
	"isakmp.exchangetype == 34 && (ipv6.src == ${COAB:-::} || ipv6.dst == ${COAB:-::})" \
	"ipv6.dst == $M_HA && ipv6.opt.mipv6.home_address == $M_HOA && esp" \
	"ipv6.src == $M_HA && ipv6.routing.mipv6.home_address == $M_HOA && esp" \
	"mip6.mhtype == 5 || mip6.mhtype == 6")"
ktap_print_msg "link B ($COAB): IKE_SA_INIT $ib, ESP BU $bub, ESP BA $bab, BU or BA in clear $clrb; MN's ipmobd: SAs gone $gone0 -> $(grep -c "$GONE" "$T/mn.log"), installed $inst0 -> $(grep -c "$INST" "$T/mn.log"); ping: $(grep -c 'bytes from' "$T/ping.log") replies, $(grep -c 'no answer yet' "$T/ping.log") unanswered"
ktap_print_msg "MN's charon: $(grep -E 'giving up|retransmit|UPD_SA_ADDR|INVALID_IKE_SPI|IKE_SA .* (established|deleted)|initiating IKE_SA|reestablish' "$T/mn.charon.log" | tail -n 20)"
ktap_print_msg "HA's charon: $(grep -E 'no IKE_SA|INVALID_IKE_SPI|ignoring|IKE_SA .* established' "$T/ha.charon.log" | tail -n 10)"
ktap_result "$([ "$rc" -eq 0 ] && [ "$ib" -ge 2 ] && [ "$bub" -ge 1 ] && [ "$bab" -ge 1 ] &&
	[ "$clrb" -eq 0 ]; echo $?)" \
	"after the home agent's charon restarted, the moving mobile node ends registered under new IKE SAs (a new IKE_SA_INIT), BU and BA only as ESP"
[ "$KTAP_FAIL" -eq 0 ] || dump_logs
ktap_finish
