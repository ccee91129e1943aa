#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# ipsec_bu.sh: a Binding Update sent from the home address under IPsec
# (RFC 4877 4.2, RFC 6275 11.3.2). The sender (ipmobd, here a raw socket)
# puts the care-of address in an IPMOB_HAO_TX_TYPE option; ipmob.ko swaps
# source and option after IPsec, so the policy on the home address applies
# and ESP follows the Home Address option on the wire.
#
#   CN ---- R ---- HA (mob0)          MN: HoA on mob0, CoA on eth0
#           |
#           MN (mob0)
#
#   1. without IPsec: the BU leaves from the care-of address with a Home
#      Address option holding the home address (tshark), and the home
#      agent's socket receives it from the home address (tx_hao_swap)
#   2. with ESP transport states and policies HoA <-> HA for the Mobility
#      Header (RFC 4877 6.1, manual keys): on the wire CoA -> HA, the Home
#      Address option, then ESP, no clear BU (tshark); the home agent
#      decrypts it and its socket receives it from the home address
#   3. the mobile node's policy removed: its BU goes out in clear and the
#      home agent's inbound policy refuses it (XfrmInTmplMismatch), its
#      socket receives nothing
#   4. a care-of address that is not the sender's: dropped and counted
#      (drop_hao_swap), nothing on the wire
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/ipmob_lib.bash"

require_root
require_cmd ip tshark dumpcap
ipmob_load
modprobe -q esp6 2>/dev/null || true

D=$(dirname -- "${BASH_SOURCE[0]}")
ktap_header
ktap_plan 4
topo_mip6
T=$(test_tmpdir)
KBU=0x0102030405060708090a0b0c0d0e0f1011121314
KBA=0x1112131415161718191a1b1c1d1e1f2021222324

# listen SECONDS: the home agent's MH socket, printing what it receives to
# $T/rx.N (N counts up); LISTEN_PID is its pid.
n_listen=0
listen() {
	n_listen=$((n_listen + 1))
	RX=$T/rx.$n_listen
	ns_exec "$HA" /usr/bin/python3 "$D/ipsec_mh.py" recv "$1" >"$RX" 2>"$RX.err" &
	_IPMOB_BG_PIDS+=("$!")
	LISTEN_PID=$!
	wait_for "grep -q ready '$RX.err'" 20
}
# bu COA SEQ: the mobile node sends a BU from its home address.
bu() {
	ns_exec "$MN" /usr/bin/python3 "$D/ipsec_mh.py" send $HOA $HA_ADDR "$1" "$2"
}
xfrm_stat() {
	ip netns exec "$1" awk -v k="$2" '$1 == k { print $2 }' /proc/net/xfrm_stat
}

# 1. no IPsec
s0=$(stat_get "$MN" tx_hao_swap)
cap_start "$R" mn0 "$T/clear.pcap" "ip6 and not icmp6"
listen 3
bu $COA 1
wait "$LISTEN_PID" || true
cap_stop
s1=$(stat_get "$MN" tx_hao_swap)
read -r wire hoa <<<"$(counts "$T/clear.pcap" \
	"ipv6.src == $COA && ipv6.dst == $HA_ADDR && mip6.mhtype == 5 && mip6.bu.seqnr == 1" \
	"ipv6.opt.mipv6.home_address == $HOA && mip6.bu.seqnr == 1")"
got=$(cat "$RX")
[ "$wire" -eq 1 ] || ktap_print_msg "$(tshark -r "$T/clear.pcap" -V 2>&1 | head -n 80)"
ktap_print_msg "on the wire: $wire BU from the care-of address, $hoa with the HAO; HA received: ${got:-nothing}; tx_hao_swap $s0 -> $s1"
ktap_result $([ "$wire" -eq 1 ] && [ "$hoa" -eq 1 ] &&
	[ "$got" = "$HOA 5 1" ] && [ $((s1 - s0)) -eq 1 ]; echo $?) \
	"a BU from the home address leaves from the care-of address with a Home Address option"

# 2. ESP transport mode, manual keys, policies on the home address
for ns in "$MN" "$HA"; do
	ip -n "$ns" xfrm state add src $HOA dst $HA_ADDR proto esp spi 0x201 reqid 201 \
		mode transport aead 'rfc4106(gcm(aes))' $KBU 128
	ip -n "$ns" xfrm state add src $HA_ADDR dst $HOA proto esp spi 0x202 reqid 202 \
		mode transport aead 'rfc4106(gcm(aes))' $KBA 128
done
ip -n "$MN" xfrm policy add src $HOA/128 dst $HA_ADDR/128 proto 135 dir out \
	tmpl proto esp reqid 201 mode transport
ip -n "$HA" xfrm policy add src $HOA/128 dst $HA_ADDR/128 proto 135 dir in \
	tmpl proto esp reqid 201 mode transport
cap_start "$R" mn0 "$T/esp.pcap" "ip6 and not icmp6"
listen 3
bu $COA 2
wait "$LISTEN_PID" || true
cap_stop
s2=$(stat_get "$MN" tx_hao_swap)
read -r esp clear <<<"$(counts "$T/esp.pcap" \
	"ipv6.src == $COA && ipv6.dst == $HA_ADDR && ipv6.opt.mipv6.home_address == $HOA && ipv6.dstopts.nxt == 50 && esp.spi == 0x201" \
	"mipv6")"
got=$(cat "$RX")
inpk=$(ip -n "$HA" -s xfrm state get src $HOA dst $HA_ADDR proto esp spi 0x201 |
	awk '/\(packets\)/ { sub(/\(packets\).*/, "", $2); print $2; exit }')
ktap_print_msg "on the wire: $esp ESP after a HAO from the care-of address, $clear clear MH; HA's inbound SA: ${inpk:-?} packets; HA received: ${got:-nothing}; tx_hao_swap $s1 -> $s2"
[ "$esp" -eq 1 ] || ktap_print_msg "$(tshark -r "$T/esp.pcap" -V 2>&1 | head -n 60)"
ktap_result $([ "$esp" -eq 1 ] && [ "$clear" -eq 0 ] &&
	[ "$got" = "$HOA 5 2" ] && [ $((s2 - s1)) -eq 1 ]; echo $?) \
	"under IPsec the BU is ESP after the Home Address option, and the home agent takes it"

# 3. the mobile node's policy gone: a clear BU meets the home agent's
m0=$(xfrm_stat "$HA" XfrmInTmplMismatch)
ip -n "$MN" xfrm policy delete src $HOA/128 dst $HA_ADDR/128 proto 135 dir out
cap_begin "$R" mn0 "$T/bad.pcap" "ip6 and not icmp6"
cap_ready "$T/bad.pcap"
listen 3
bu $COA 3
# 4. a care-of address that is not the mobile node's
d0=$(stat_get "$MN" drop_hao_swap)
bu 2001:db8:99::1 4 2>/dev/null || true
wait "$LISTEN_PID" || true
cap_stop
d1=$(stat_get "$MN" drop_hao_swap)
m1=$(xfrm_stat "$HA" XfrmInTmplMismatch)
read -r clear3 any4 <<<"$(counts "$T/bad.pcap" \
	"ipv6.src == $COA && mip6.bu.seqnr == 3" "ipv6.dst == $HA_ADDR && ipv6.src != $COA")"
got=$(cat "$RX")
ktap_print_msg "clear BU on the wire: $clear3; HA XfrmInTmplMismatch $m0 -> $m1; HA received: ${got:-nothing}"
ktap_result $([ "$clear3" -eq 1 ] && [ $((m1 - m0)) -ge 1 ] && [ -z "$got" ]; echo $?) \
	"a BU in clear for a protected home address is refused by the home agent's policy"
ktap_print_msg "drop_hao_swap $d0 -> $d1; packets from another source on the wire: $any4"
ktap_result $([ $((d1 - d0)) -eq 1 ] && [ "$any4" -eq 0 ]; echo $?) \
	"a care-of address not the sender's is dropped and counted"
ktap_finish
