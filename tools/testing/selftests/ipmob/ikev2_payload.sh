#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# ikev2_payload.sh: protect payload (security ikev2; RFC 4877 4.1, 5): the
# home address's traffic between the care-of address and the home agent
# in ESP tunnel mode, under the second child SA ("tunnel", reqid + 1)
# that ipmobd has charon set up; ipmobd's policies follow the care-of
# address. ipmobd and charon at both ends, certificates (ike_lib).
#   1. registered on link A: the tunnel child SA installed at both ends
#      (swanctl --list-sas: TUNNEL, reqid 4878), the policies name the
#      care-of address (ip xfrm policy: out and in at the mobile node; out,
#      fwd and in at the home agent, ESP tunnel mode, reqid 4878)
#   2. five movements (B A B A B) under a TCP stream and a ping from the
#      correspondent: on both foreign links no packet of the stream or
#      the ping in clear, no IPv6-in-IPv6 at all, the stream's packets as
#      ESP between the care-of address and the home agent (tshark); the
#      policies name the last care-of address
#   3. the TCP stream survives every movement
#   4. a packet of the home address tunnelled in clear (IPv6-in-IPv6 from
#      the care-of address, scapy) is refused by the home agent's
#      forwarding policy (XfrmInTmplMismatch) and does not reach the
#      correspondent
#   5. back home: the tunnel's policies are gone at both ends, the
#      correspondent reaches the home address directly
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

# tun_policies NS: the tunnel's policies there, one line each: "DIR SRC
# DST TMPL-SRC TMPL-DST" (ip xfrm policy, those with reqid $TUN_REQID)
tun_policies() {
	ip -n "$1" xfrm policy list | awk -v r="$TUN_REQID" '
		/^src /	{ s = $2; d = $4 }
		/^\tdir /	{ dir = $2 }
		/^\ttmpl /	{ ts = $3; td = $5 }
		/reqid/	{ if ($4 == r && $6 == "tunnel") print dir, s, d, ts, td }'
}

ktap_header
ktap_plan 5
topo_mobility
T=$(test_tmpdir)
IKE_SA_EXTRA="protect payload" IKE_MN_EXTRA="protect payload" ike_mip6_start

cap_begin "$AR1" br-a "$T/a.pcap" "ip6"
CAPA=$CAP_PID
cap_begin "$AR2" br-b "$T/b.pcap" "ip6"
CAPB=$CAP_PID
cap_ready "$T/a.pcap" "$T/b.pcap"

# 1. on link A
mip6_move A
rc=0
mip6_wait_registered 2001:db8:a: 60 || rc=1
wait_for "grep -q 'tunnel SAs with the home agent are installed' '$T/mn.log'" 30 || rc=1
coa=$(mn_coa | head -n 1)
mn_sas=$(ike_swanctl mn "$T" --list-sas --noblock 2>/dev/null || true)
ha_sas=$(ike_swanctl ha "$T" --list-sas --noblock 2>/dev/null || true)
pm=$(tun_policies "$MN")
ph=$(tun_policies "$HA")
ktap_print_msg "care-of address $coa; mobile node's tunnel policies: $(echo "$pm" | tr '\n' ';')"
ktap_print_msg "home agent's tunnel policies: $(echo "$ph" | tr '\n' ';')"
ktap_print_msg "$(echo "$mn_sas" | grep -E 'tunnel|mh' | tr -s ' ' | tr '\n' ';')"
# the child SA "tunnel", installed, in tunnel mode, at both ends
for sas in "$mn_sas" "$ha_sas"; do
	echo "$sas" | grep -Eq "tunnel: #[0-9]+, reqid $TUN_REQID, INSTALLED, TUNNEL" || rc=1
done
grep -qx "out $M_HOA/128 ::/0 $coa $M_HA" <<<"$pm" || rc=1
grep -qx "in ::/0 $M_HOA/128 $M_HA $coa" <<<"$pm" || rc=1
grep -qx "out ::/0 $M_HOA/128 $M_HA $coa" <<<"$ph" || rc=1
grep -qx "fwd $M_HOA/128 ::/0 $coa $M_HA" <<<"$ph" || rc=1
grep -qx "in $M_HOA/128 ::/0 $coa $M_HA" <<<"$ph" || rc=1
ktap_result $rc "the tunnel child SA installed at both ends, the policies name the care-of address"

# 2. five movements under traffic
mip6_traffic "$T" 0.05 0.2
sleep 2
bad=0
for to in B A B A B; do
	mip6_move "$to"
	case $to in
	A) mip6_wait_registered 2001:db8:a: 30 || bad=$((bad + 1)) ;;
	B) mip6_wait_registered 2001:db8:b: 30 || bad=$((bad + 1)) ;;
	esac
	sleep 2
done
coa=$(mn_coa | head -n 1)
touch "$T/stop"
kill -TERM "$PING" 2>/dev/null || true
wait "$PING" 2>/dev/null || true
rc=0
if ! wait_for "! kill -0 $CLIENT" 170; then
	kill "$CLIENT" 2>/dev/null || true
fi
wait "$CLIENT" || rc=$?
sleep 1
kill -INT "$CAPA" "$CAPB" 2>/dev/null || true
wait "$CAPA" "$CAPB" 2>/dev/null || true
pm=$(tun_policies "$MN")
ph=$(tun_policies "$HA")
# in clear: the stream (TCP port 5001), the ping, any IPv6-in-IPv6; ESP
# between the home agent and the care-of addresses (2001:db8:a: or b:)
esp_f="esp && ((ipv6.src == $M_HA && ipv6.dst == 2001:db8::/32) || (ipv6.dst == $M_HA && ipv6.src == 2001:db8::/32))"
read -r ta pa ea ia <<<"$(counts "$T/a.pcap" "tcp.port == 5001" \
	"icmpv6.type == 128 || icmpv6.type == 129" "$esp_f" "ipv6.nxt == 41")"
read -r tb pb eb ib <<<"$(counts "$T/b.pcap" "tcp.port == 5001" \
	"icmpv6.type == 128 || icmpv6.type == 129" "$esp_f" "ipv6.nxt == 41")"
pings=$(grep -c 'bytes from' "$T/ping.log" || true)
ktap_print_msg "link A: clear TCP $ta, clear echo $pa, ESP $ea, IPv6-in-IPv6 $ia; link B: clear TCP $tb, clear echo $pb, ESP $eb, IPv6-in-IPv6 $ib; echo replies $pings; failed movements $bad"
ktap_result "$([ "$bad" -eq 0 ] && [ $((ta + tb + pa + pb + ia + ib)) -eq 0 ] &&
	[ "$ea" -ge 50 ] && [ "$eb" -ge 50 ] && [ "$pings" -ge 10 ] &&
	grep -qx "out $M_HOA/128 ::/0 $coa $M_HA" <<<"$pm" &&
	grep -qx "out ::/0 $M_HOA/128 $M_HA $coa" <<<"$ph"; echo $?)" \
	"five movements: the stream and the ping only as ESP on the foreign links, the policies follow the care-of address"
ktap_print_msg "$(cat "$T/client.log" "$T/server.log")"
ktap_result $rc "the TCP stream survives every movement"

# 4. a packet of the home address in clear through the tunnel
m0=$(xfrm_stat "$HA" XfrmInTmplMismatch)
cap_start "$CN" eth0 "$T/cn.pcap" "ip6 and icmp6"
# (the outer header the kernel's: a raw socket of protocol 41 from the
# care-of address, which no policy of the mobile node's selects)
ns_exec "$MN" /usr/bin/python3 - "$coa" "$M_HA" "$M_HOA" "$M_CN" <<'PY'
import socket
import sys
import time
from scapy.all import IPv6, ICMPv6EchoRequest
coa, ha, hoa, cn = sys.argv[1:5]
s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, 41)
s.bind((coa, 0))
for seq in range(5):
    inner = IPv6(src=hoa, dst=cn) / \
        ICMPv6EchoRequest(id=0x4877, seq=seq, data=b"ipmob-clear-tunnel")
    s.sendto(bytes(inner), (ha, 0))
    time.sleep(0.1)
PY
sleep 1
cap_stop
m1=$(xfrm_stat "$HA" XfrmInTmplMismatch)
read -r got <<<"$(counts "$T/cn.pcap" "icmpv6.echo.identifier == 0x4877")"
ktap_print_msg "XfrmInTmplMismatch at the home agent $m0 -> $m1; at the correspondent: $got"
ktap_result "$([ $((m1 - m0)) -ge 5 ] && [ "$got" -eq 0 ]; echo $?)" \
	"a packet of the home address tunnelled in clear is refused by the home agent's policy"

# 5. at home
mip6_move home
rc=0
mip6_wait_home 30 || rc=1
wait_for "[ -z \"\$(tun_policies $MN)\" ] && [ -z \"\$(tun_policies $HA)\" ]" 10 || rc=1
wait_for "ns_exec $CN ping -6 -c 1 -W 1 $M_HOA >/dev/null 2>&1" 10 || rc=1
ktap_print_msg "at home: the mobile node's tunnel policies: '$(tun_policies "$MN" | tr '\n' ';')', the home agent's: '$(tun_policies "$HA" | tr '\n' ';')'"
ktap_result $rc "at home the tunnel's policies are gone at both ends and the correspondent reaches the home address"
if [ "$KTAP_FAIL" -ne 0 ]; then
	ktap_print_msg "$(grep -E 'movement|BU sent|BA received|IKE|IPsec|warn|err' "$T/mn.log" | tail -n 40)"
	ktap_print_msg "$(grep -E 'IKE|IPsec|warn|err' "$T/ha.log" | tail -n 20)"
	ktap_print_msg "$(ip -n "$MN" xfrm policy list; ip -n "$MN" xfrm state list | grep -v -E 'aead|enc|auth')"
	ktap_print_msg "$(grep -E 'CHILD_SA|tunnel|TS|MOBIKE' "$T/mn.charon.log" | tail -n 40)"
fi
ktap_finish
