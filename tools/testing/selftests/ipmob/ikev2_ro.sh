#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# ikev2_ro.sh: return routability under security ikev2 (RFC 4877 4.1):
# the Home Test Init and Home Test go between the care-of address and the
# home agent in ESP tunnel mode, under the second child SA ("tunnel",
# reqid + 1) that ipmobd has charon set up; the Care-of Test Init and
# Care-of Test go straight between care-of address and correspondent, in
# clear (RFC 6275 5.2.5). ipmobd and charon at the mobile node and the
# home agent (ike_lib), authenticated by a pre-shared key (the
# association's key, RFC 4877 7.1), ipmobd as correspondent at CN, which
# pings the home address.
#   1. on link A: IKEv2 authenticated with the pre-shared key at both ends
#      (charon's logs), the tunnel child SA installed at both ends, return
#      routability completes and both ends hold a route-optimised binding
#      for the care-of address
#   2. on link B: the same again, from the new care-of address
#   3. tshark on both foreign links: no HoTI or HoT in clear (nor inside a
#      clear IPv6-in-IPv6), CoTI and CoT in clear on each; decrypted with
#      the keys of `ip xfrm state` (the tunnel SA's, which MOBIKE kept),
#      the ESP packets carry HoTI from the home address and HoT to it (on
#      link A: on B the home keygen token is still valid, RFC 6275 5.2.7);
#      at the correspondent HoTI and HoT are in clear (the home agent's
#      side)
# ipmob-kernels: 6.12
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/mip6_lib.bash"
. "$(dirname -- "${BASH_SOURCE[0]}")/ike_lib.bash"

require_root
require_cmd ip ping radvd dumpcap tshark swanctl pki
ipmob_load
modprobe -q esp6 2>/dev/null || true
modprobe -q xfrm6_tunnel 2>/dev/null || true

TUN_REQID=$((IKE_REQID + 1))

# tun_keys NS: tshark's -o options that decrypt the namespace's ESP
# states of the tunnel child (reqid $TUN_REQID; AES-GCM, the key with its
# salt as ip xfrm prints it)
tun_keys() {
	ip -n "$1" xfrm state | awk -v r="$TUN_REQID" '
		/proto esp spi/ { spi = ""; for (i = 1; i < NF; i++) if ($i == "spi") spi = $(i + 1)
			ok = 0; for (i = 1; i < NF; i++) if ($i == "reqid" && $(i + 1) == r) ok = 1 }
		/aead rfc4106/ { if (ok) printf "-o\nuat:esp_sa:\"IPv6\",\"*\",\"*\",\"%s\",\"AES-GCM with 16 octet ICV [RFC4106]\",\"%s\",\"NULL\",\"\"\n", spi, $3 }'
}

# ro_state NS: "peer-or-hoa coa" of the route-optimised bindings
ro_state() {
	"$IPMOB" -n "$1" -j binding show 2>/dev/null | jq -r '
		.[] | select(.mode == "ro" and ((.coas // []) | length > 0)) |
		"\(.peer // .hoa) \(.coas[0].addr)"' 2>/dev/null || true
}

# ro_wait PREFIX: both ends route-optimised toward a care-of address in
# PREFIX
ro_wait() {
	wait_for "ro_state $MN | grep -q '^$M_CN $1' && ro_state $CN | grep -q '^$M_HOA $1'" "${2:-30}"
}

ktap_header
ktap_plan 3
topo_mobility
T=$(test_tmpdir)
IKE_PSK=00112233445566778899aabbccddeeff0123456789abcdef ike_mip6_start
cat >"$T/cn.conf" <<EOF
log-level debug
device mob0
[correspondent]
EOF
mip6_daemon "$CN" "$T/cn.conf" "$T/cn.log"

cap_begin "$AR1" br-a "$T/a.pcap" "ip6 and not icmp6"
CAPA=$CAP_PID
cap_begin "$AR2" br-b "$T/b.pcap" "ip6 and not icmp6"
CAPB=$CAP_PID
# the correspondent's side: the Mobility Header only
cap_begin "$CN" eth0 "$T/cn.pcap" "ip6[6] == 135 or ((ip6[6] == 60 or ip6[6] == 43) and ip6[40] == 135)"
CAPC=$CAP_PID
cap_ready "$T/a.pcap" "$T/b.pcap" "$T/cn.pcap"

# 1. link A
mip6_move A
rc=0
mip6_wait_registered 2001:db8:a: 60 || rc=1
wait_for "grep -q 'tunnel SAs with the home agent are installed' '$T/mn.log'" 30 || rc=1
ns_exec "$CN" ping -6 -i 0.3 $M_HOA >"$T/ping.log" 2>&1 &
PING=$!
_IPMOB_BG_PIDS+=("$PING")
ro_wait 2001:db8:a: 40 || rc=1
psk_mn=$(grep -c "authentication of 'ha.example.net' with pre-shared key successful" "$T/mn.charon.log" || true)
psk_ha=$(grep -c "authentication of '$M_NAI' with pre-shared key successful" "$T/ha.charon.log" || true)
ktap_print_msg "pre-shared key authentication: of the home agent at the mobile node $psk_mn, of the mobile node at the home agent $psk_ha"
[ "$psk_mn" -ge 1 ] && [ "$psk_ha" -ge 1 ] || rc=1
ktap_print_msg "link A: route-optimised bindings: mobile node '$(ro_state "$MN" | tr '\n' ' ')', correspondent '$(ro_state "$CN" | tr '\n' ' ')'"
ktap_result $rc "on link A IKEv2 with the pre-shared key, the tunnel SAs installed, return routability completes"

# 2. link B
mip6_move B
rc=0
mip6_wait_registered 2001:db8:b: 30 || rc=1
ro_wait 2001:db8:b: 40 || rc=1
ktap_print_msg "link B: route-optimised bindings: mobile node '$(ro_state "$MN" | tr '\n' ' ')', correspondent '$(ro_state "$CN" | tr '\n' ' ')'"
ktap_result $rc "on link B return routability completes again"
sleep 1
kill -TERM "$PING" 2>/dev/null || true
wait "$PING" 2>/dev/null || true
kill -INT "$CAPA" "$CAPB" "$CAPC" 2>/dev/null || true
wait "$CAPA" "$CAPB" "$CAPC" 2>/dev/null || true

# 3. what the wire shows
mapfile -t keys <<<"$(tun_keys "$MN")"
dec=(-o esp.enable_encryption_decode:TRUE "${keys[@]}")
# (clear: the Mobility Header not inside ESP; mip6 counts a HoTI inside
# a clear IPv6-in-IPv6 too)
read -r ha ca xa <<<"$(counts "$T/a.pcap" "(mip6.mhtype == 1 || mip6.mhtype == 3) && !esp" \
	"(mip6.mhtype == 2 || mip6.mhtype == 4) && !esp" "esp && ipv6.src == $M_HA")"
read -r hb cb xb <<<"$(counts "$T/b.pcap" "(mip6.mhtype == 1 || mip6.mhtype == 3) && !esp" \
	"(mip6.mhtype == 2 || mip6.mhtype == 4) && !esp" "esp && ipv6.src == $M_HA")"
read -r dtia dta <<<"$(counts "${dec[@]}" "$T/a.pcap" \
	"esp && mip6.mhtype == 1 && ipv6.src == $M_HOA" "esp && mip6.mhtype == 3 && ipv6.dst == $M_HOA")"
read -r dtib dtb <<<"$(counts "${dec[@]}" "$T/b.pcap" \
	"esp && mip6.mhtype == 1 && ipv6.src == $M_HOA" "esp && mip6.mhtype == 3 && ipv6.dst == $M_HOA")"
read -r cti ct <<<"$(counts "$T/cn.pcap" "mip6.mhtype == 1" "mip6.mhtype == 3")"
ktap_print_msg "link A: HoTI/HoT in clear $ha, CoTI/CoT $ca, ESP from the home agent $xa, decrypted HoTI $dtia HoT $dta"
ktap_print_msg "link B: HoTI/HoT in clear $hb, CoTI/CoT $cb, ESP from the home agent $xb, decrypted HoTI $dtib HoT $dtb; at the correspondent HoTI $cti HoT $ct; $(( ${#keys[@]} / 2 )) tunnel SAs"
# (on link B the home keygen token of link A is still valid, RFC 6275
# 5.2.7: a care-of test only)
ktap_result "$([ $((ha + hb)) -eq 0 ] && [ "$ca" -ge 2 ] && [ "$cb" -ge 2 ] &&
	[ $((dtia + dtib)) -ge 1 ] && [ $((dta + dtb)) -ge 1 ] &&
	[ "$cti" -ge 1 ] && [ "$ct" -ge 1 ]; echo $?)" \
	"HoTI and HoT only in ESP tunnel mode on the foreign links (decrypted: from and to the home address), CoTI and CoT in clear"
if [ "$KTAP_FAIL" -ne 0 ]; then
	ktap_print_msg "$(grep -E 'movement|BU sent|BA |IKE|IPsec|HoT|CoT|route|warn|err' "$T/mn.log" | tail -n 50)"
	ktap_print_msg "$(grep -E 'IKE|IPsec|warn|err' "$T/ha.log" | tail -n 20)"
	ktap_print_msg "$(tail -n 20 "$T/cn.log")"
	# shellcheck disable=SC2016 # awk's $2
	ktap_print_msg "home agent: $(ip netns exec "$HA" awk '$2 != 0' /proc/net/xfrm_stat | tr '\n' ' ')"
	ktap_print_msg "home agent: $(ip netns exec "$HA" awk '/Ip6(InDiscards|InNoRoutes|OutForwDatagrams|InHdrErrors)/' /proc/net/snmp6 | tr -s ' \n' ' ')"
	ktap_print_msg "home agent: $("$IPMOB" -n "$HA" -j stats show 2>/dev/null | tr -d ' \n' | head -c 1500)"
	ktap_print_msg "$(ip -n "$HA" -s xfrm state list | grep -E '^src|reqid|lifetime current' -A1 | head -n 40)"
	ktap_print_msg "$(ip -n "$HA" xfrm policy list | grep -v socket)"
fi
ktap_finish
