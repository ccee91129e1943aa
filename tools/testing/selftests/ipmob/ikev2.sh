#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# ikev2.sh: the home registration under IPsec keyed by IKEv2 (security
# ikev2; RFC 4877): a charon at each end (strongSwan, in the node's
# namespace), driven by ipmobd over VICI; X.509 certificates from a test
# CA (strongSwan's pki).
#   1. the mobile node moves to link A and registers: tshark on link A
#      shows IKE_SA_INIT and IKE_AUTH, then the BU and the BA only as ESP
#      (no BU or BA in clear); decrypted with the keys of `ip xfrm state`,
#      the BU has H, A and K and the care-of address in an Alternate
#      Care-of Address option, the BA status 0 and K; the Mobile Prefix
#      Solicitation (Home Address option) and Advertisement (type 2
#      routing header) that follow are ESP too (RFC 4877 4.1), decrypted
#      with the same keys; swanctl --list-sas
#      shows the IKE SA and the CHILD_SA (transport proxy, reqid 4877) at
#      both ends; the correspondent reaches the home address
#   2. a BU in clear for the home address (a peer on link A, a good Home
#      Address option and checksum) is refused by the home agent's
#      policy: XfrmInTmplMismatch, ipmobd never sees it, the binding
#      stays the mobile node's
#   3. the mobile node's ESP BU replayed byte for byte from the capture is
#      refused by the SA's anti-replay window (XfrmInStateSeqError)
# ipmob-kernels: 6.1
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/mip6_lib.bash"
. "$(dirname -- "${BASH_SOURCE[0]}")/ike_lib.bash"

require_root
require_cmd ip ping radvd dumpcap tshark swanctl pki
ipmob_load
modprobe -q esp6 2>/dev/null || true

ktap_header
ktap_plan 3
topo_mobility
T=$(test_tmpdir)
# esp_keys NS: tshark's -o options that decrypt the namespace's ESP
# states (AES-GCM, the key with its salt as ip xfrm prints it)
esp_keys() {
	ip -n "$1" xfrm state | awk '
		/proto esp spi/ { for (i = 1; i < NF; i++) if ($i == "spi") spi = $(i + 1) }
		/aead rfc4106/ { printf "-o\nuat:esp_sa:\"IPv6\",\"*\",\"*\",\"%s\",\"AES-GCM with 16 octet ICV [RFC4106]\",\"%s\",\"NULL\",\"\"\n", spi, $3 }'
}

ike_mip6_start

# 1. link A
cap_start "$AR1" br-a "$T/a.pcap" ip6
mip6_move A
rc=0
mip6_wait_registered 2001:db8:a: 60 || {
	rc=1
	ktap_print_msg "MN did not register on A"
	ktap_print_msg "$(grep -E 'IKE|BU|BA|movement|warn|err' "$T/mn.log" | tail -n 30)"
	ktap_print_msg "$(grep -E 'IKE|BU|BA|warn|err' "$T/ha.log" | tail -n 20)"
	ktap_print_msg "$(tail -n 40 "$T/mn.charon.log")" "$(tail -n 30 "$T/ha.charon.log")"
}
wait_for "ns_exec $CN ping -6 -c 1 -W 1 $M_HOA >/dev/null 2>&1" 15 || rc=1
COA=$(mn_coa)
wait_for "grep -q 'mobile prefix advertisement to' '$T/ha.log'" 10 || true
sleep 1
cap_stop
mapfile -t keys <<<"$(esp_keys "$MN")"
read -r init auth bu ba clr <<<"$(counts "$T/a.pcap" \
	"isakmp.exchangetype == 34" "isakmp.exchangetype == 35" \
	"ipv6.dst == $M_HA && ipv6.opt.mipv6.home_address == $M_HOA && ipv6.dstopts.nxt == 50" \
	"ipv6.src == $M_HA && ipv6.routing.mipv6.home_address == $M_HOA && ipv6.routing.nxt == 50" \
	"mip6.mhtype == 5 || mip6.mhtype == 6 || icmpv6.type == 146 || icmpv6.type == 147")"
read -r dbu dba dmps dmpa <<<"$(counts -o esp.enable_encryption_decode:TRUE "${keys[@]}" "$T/a.pcap" \
	"mip6.mhtype == 5 && mip6.bu.h_flag == 1 && mip6.bu.a_flag == 1 && mip6.bu.k_flag == 1 && mip6.acoa.acoa == $COA" \
	"mip6.mhtype == 6 && mip6.ba.status == 0 && mip6.ba.k_flag == 1" \
	"esp && icmpv6.type == 146 && ipv6.opt.mipv6.home_address == $M_HOA" \
	"esp && icmpv6.type == 147 && ipv6.routing.mipv6.home_address == $M_HOA")"
sas_mn=$(ike_swanctl mn "$T" --list-sas 2>&1 || true)
sas_ha=$(ike_swanctl ha "$T" --list-sas 2>&1 || true)
up=0
for s in "$sas_mn" "$sas_ha"; do
	grep -q ESTABLISHED <<<"$s" && grep -q "reqid $IKE_REQID, INSTALLED, TRANSPORT_PROXY" <<<"$s" &&
		up=$((up + 1))
done
ktap_print_msg "link A ($COA): IKE_SA_INIT $init, IKE_AUTH $auth; ESP BU $bu, ESP BA $ba, BU, BA, MPS or MPA in clear $clr; decrypted ($(( ${#keys[@]} / 2 )) SAs): BU with H, A, K and the Alternate CoA $dbu, BA 0 with K $dba, MPS $dmps, MPA $dmpa; list-sas with the CHILD_SA at $up of 2 ends"
[ "$up" -eq 2 ] || ktap_print_msg "$sas_mn" "$sas_ha"
ktap_result $([ "$rc" -eq 0 ] && [ "$init" -ge 2 ] && [ "$auth" -ge 2 ] &&
	[ "$bu" -ge 1 ] && [ "$ba" -ge 1 ] && [ "$clr" -eq 0 ] &&
	[ "$dbu" -ge 1 ] && [ "$dba" -ge 1 ] && [ "$dmps" -ge 1 ] && [ "$dmpa" -ge 1 ] &&
	[ "$up" -eq 2 ]; echo $?) \
	"registered with IKEv2 and certificates: IKE_SA_INIT, IKE_AUTH, then BU and BA, MPS and MPA only as ESP"

# 2. a BU in clear for the home address, from a peer on link A
ipsec_refuse_clear "$AR1" br-a 2001:db8:a::66 "$COA"
# 3. the mobile node's ESP BU replayed from the capture
ipsec_refuse_replay "$AR1" "$T/a.pcap" "$COA"
if [ "$KTAP_FAIL" -ne 0 ]; then
	ktap_print_msg "$(tail -n 40 "$T/ha.log")" "$(tail -n 40 "$T/mn.log")"
	ktap_print_msg "$(tail -n 30 "$T/mn.charon.log")" "$(tail -n 30 "$T/ha.charon.log")"
fi
ktap_finish
