#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# mip6_ipsec.sh: ipmobd's home registration under IPsec with manual keys
# (security ipsec; RFC 4877 4.2, 6.1; RFC 3776). ipmobd installs the
# Mobility Header policies at both ends (ESP transport between home
# address and home agent, reqid 4877; and those of the Mobile Prefix
# Solicitation and Advertisement: 4 a node); the test keys the states by hand,
# with anti-replay windows.
#   1. from link A: the BU leaves as ESP after a Home Address option from
#      the care-of address, the BA as ESP after a type 2 routing header,
#      no Mobility Header in clear (tshark); both ends hold the binding,
#      ipmobd's policies are in place at both ends, and the correspondent
#      reaches the home address
#   2. to link B: the same; decrypted with the states' keys (tshark), the
#      BU carries its care-of address inside ESP as an Alternate Care-of
#      Address option and the BA accepts it; the binding follows
#   3. a peer on link B sends a BU in clear for the home address (a Home
#      Address option, a good checksum): the home agent's inbound policy
#      refuses it (XfrmInTmplMismatch), ipmobd never sees it, the binding
#      stays the mobile node's
#   4. the mobile node's last ESP BU replayed byte for byte: refused by
#      the anti-replay window (XfrmInStateSeqError), ipmobd never sees it
#   5. back home: the deregistration from the home address, and its BA,
#      are ESP too (tshark on the home link), and the binding is gone
# ipmob-kernels: 6.1
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/mip6_lib.bash"

require_root
require_cmd ip ping radvd dumpcap tshark
ipmob_load
modprobe -q esp6 2>/dev/null || true

ktap_header
ktap_plan 5
topo_mobility
T=$(test_tmpdir)
REQID=4877
KBU=0x0102030405060708090a0b0c0d0e0f1011121314
KBA=0x1112131415161718191a1b1c1d1e1f2021222324

# the states, keyed by hand (RFC 4877 6.1): HoA -> HA and HA -> HoA
for ns in "$MN" "$HA"; do
	ip -n "$ns" xfrm state add src $M_HOA dst $M_HA proto esp spi 0x301 \
		reqid $REQID mode transport replay-window 32 \
		aead 'rfc4106(gcm(aes))' $KBU 128
	ip -n "$ns" xfrm state add src $M_HA dst $M_HOA proto esp spi 0x302 \
		reqid $REQID mode transport replay-window 32 \
		aead 'rfc4106(gcm(aes))' $KBA 128
done
: >"$T/ha.conf"
chmod 600 "$T/ha.conf"
cat >"$T/ha.conf" <<CONF
log-level debug
device mob0
[home-agent]
home-link br0
home-prefix 2001:db8:1::/64
max-lifetime 120
[security-association $M_NAI]
security ipsec
ipsec-reqid $REQID
home-address $M_HOA
CONF
: >"$T/mn.conf"
chmod 600 "$T/mn.conf"
cat >"$T/mn.conf" <<CONF
log-level debug
device mob0
[mobile-node]
home-address $M_HOA/64
home-agent $M_HA
identifier $M_NAI
security ipsec
ipsec-reqid $REQID
lifetime 60
link eth0
link eth1
link eth2
initial-bindack-timeout 500
initial-bindack-timeout-first-reg 500
CONF
wait_for "ip -n $MN -6 addr show dev eth0 scope global | grep -q 2001:db8:1:" 20 || true
mip6_daemon "$HA" "$T/ha.conf" "$T/ha.log"
wait_for "grep -q 'home agent on br0' '$T/ha.log'" 20 || true
mip6_daemon "$MN" "$T/mn.conf" "$T/mn.log"
wait_for "grep -q 'movement: at home' '$T/mn.log'" 20 || true

# 1. link A
cap_begin "$AR1" br-a "$T/a.pcap" ip6
CAPA=$CAP_PID
cap_begin "$AR2" br-b "$T/b.pcap" ip6
CAPB=$CAP_PID
cap_ready "$T/a.pcap" "$T/b.pcap"
mip6_move A
rc=0
mip6_wait_registered 2001:db8:a: 30 || { rc=1; ktap_print_msg "MN did not register on A"; }
wait_for "ns_exec $CN ping -6 -c 1 -W 1 $M_HOA >/dev/null 2>&1" 15 || rc=1
pol=0
for ns in "$MN" "$HA"; do
	pol=$((pol + $(ip -n "$ns" xfrm policy show | grep -c "proto esp reqid $REQID mode transport")))
done
# 2. link B
mip6_move B
mip6_wait_registered 2001:db8:b: 30 || { rc=1; ktap_print_msg "MN did not register on B"; }
wait_for "ns_exec $CN ping -6 -c 1 -W 1 $M_HOA >/dev/null 2>&1" 15 || rc=1
COAB=$(mn_coa)
sleep 1
kill -INT "$CAPA" "$CAPB" 2>/dev/null || true
wait "$CAPA" "$CAPB" 2>/dev/null || true
read -r bua baa clra <<<"$(counts "$T/a.pcap" \
	"ipv6.dst == $M_HA && ipv6.opt.mipv6.home_address == $M_HOA && ipv6.dstopts.nxt == 50" \
	"ipv6.src == $M_HA && ipv6.routing.mipv6.home_address == $M_HOA && ipv6.routing.nxt == 50" \
	"mip6.mhtype == 5 || mip6.mhtype == 6")"
read -r bub bab clrb <<<"$(counts "$T/b.pcap" \
	"ipv6.src == $COAB && ipv6.dst == $M_HA && ipv6.opt.mipv6.home_address == $M_HOA && ipv6.dstopts.nxt == 50" \
	"ipv6.dst == $COAB && ipv6.src == $M_HA && ipv6.routing.mipv6.home_address == $M_HOA && ipv6.routing.nxt == 50" \
	"mip6.mhtype == 5 || mip6.mhtype == 6")"
ktap_print_msg "the mobile node's policies: $(ip -n "$MN" xfrm policy show | tr '\n\t' '  ')"
ktap_print_msg "link A: $bua ESP BUs, $baa ESP BAs, $clra BU or BA in clear; ipmobd's policies at both ends: $pol of 8"
ktap_result $([ "$rc" -eq 0 ] && [ "$bua" -ge 1 ] && [ "$baa" -ge 1 ] &&
	[ "$clra" -eq 0 ] && [ "$pol" -eq 8 ]; echo $?) \
	"registered from link A: BU and BA only as ESP, after the HAO and the RH2"
# decrypted with the states' keys (tshark matches the SAs on the home
# address, which it puts in place of the care-of address)
read -r dbu dba <<<"$(counts -o esp.enable_encryption_decode:TRUE \
	-o "uat:esp_sa:\"IPv6\",\"*\",\"*\",\"0x00000301\",\"AES-GCM with 16 octet ICV [RFC4106]\",\"$KBU\",\"NULL\",\"\"" \
	-o "uat:esp_sa:\"IPv6\",\"*\",\"*\",\"0x00000302\",\"AES-GCM with 16 octet ICV [RFC4106]\",\"$KBA\",\"NULL\",\"\"" \
	"$T/b.pcap" \
	"esp.spi == 0x301 && mip6.mhtype == 5 && mip6.bu.h_flag == 1 && mip6.acoa.acoa == $COAB" \
	"esp.spi == 0x302 && mip6.mhtype == 6 && mip6.ba.status == 0")"
alt=$(grep -c "BU from $M_HOA care-of $COAB" "$T/ha.log" || true)
ktap_print_msg "link B ($COAB): $bub ESP BUs, $bab ESP BAs, $clrb BU or BA in clear; decrypted: $dbu BU with the Alternate CoA, $dba BA 0; HA log lines of a BU with that care-of address: $alt"
ktap_result $([ "$rc" -eq 0 ] && [ "$bub" -ge 1 ] && [ "$bab" -ge 1 ] &&
	[ "$clrb" -eq 0 ] && [ "$dbu" -ge 1 ] && [ "$dba" -ge 1 ] &&
	[ "$alt" -ge 1 ]; echo $?) \
	"moved to link B: BU and BA only as ESP, the binding follows"

# 3. a BU in clear for the home address, from a peer on the link
ipsec_refuse_clear "$AR2" br-b 2001:db8:b::66 "$COAB"
# 4. the mobile node's ESP BU replayed from the capture
ipsec_refuse_replay "$AR2" "$T/b.pcap" "$COAB"
# 5. home
cap_start "$HA" br0 "$T/home.pcap" "ip6 and host $M_HOA"
mip6_move home
rc=0
mip6_wait_home 30 || rc=1
sleep 1
cap_stop
read -r buh bah clrh <<<"$(counts "$T/home.pcap" \
	"ipv6.src == $M_HOA && ipv6.dst == $M_HA && esp" \
	"ipv6.src == $M_HA && ipv6.dst == $M_HOA && esp" \
	"mip6.mhtype == 5 || mip6.mhtype == 6")"
ktap_print_msg "at home: $buh ESP to the HA, $bah ESP from it, $clrh BU or BA in clear"
ktap_result $([ "$rc" -eq 0 ] && [ "$buh" -ge 1 ] && [ "$bah" -ge 1 ] &&
	[ "$clrh" -eq 0 ]; echo $?) \
	"the deregistration at home and its BA are ESP, the binding gone"
if [ "$KTAP_FAIL" -ne 0 ]; then
	ktap_print_msg "$(tail -n 40 "$T/ha.log")"
	ktap_print_msg "$(tail -n 40 "$T/mn.log")"
fi
ktap_finish
