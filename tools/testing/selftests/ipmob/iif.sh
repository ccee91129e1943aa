#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# iif.sh: the ingress interface in the session key (IPMOB_BA_IIF). A
# MAG (RFC 5213) serving access links whose hosts use the same private
# IPv4 address (RFC 5844) sends each link's traffic to that link's
# anchor: two mn-home sessions of the same prefix, keyed on different
# inside interfaces.
#
#   H1 eth0 10.9.0.2 -- in1 \                    / eth0 A1 (LMA-1, mob0)
#   H2 eth0 10.9.0.2 -- in2 -- MAG -- a1 10.1.1.1 -- 10.1.1.2
#   H3 eth0 10.9.0.2 -- in3 /      \- a2 10.1.2.1 -- 10.1.2.2 eth0 A2 (LMA-2)
#                         mob1 (sessions to A1), mob2 (to A2)
#   A1 and A2 both own 10.100.0.1 (the pinged address): only the counters
#   tell them apart. The MAG delivers what comes out of mob1 on in1 and
#   out of mob2 on in2 (ip rule iif mobN), as a MAG's per-link tables.
#
#   1. H1 reaches 10.100.0.1 through A1 only (session and anchor counters)
#   2. H2 reaches it through A2 only
#   3. H3's link has no session: nothing of it is tunnelled
#   4. an interface-less session of the same prefix catches H3's packets;
#      H1's still take its own interface's session (same length)
#   5. a longer prefix without an interface wins over the interface one
#   6. "binding show" names the interface ("iif in1", JSON "iif":"in1");
#      del by key with iif
#   7. iif with mode ro and an unknown interface index are refused (one
#      line, CLI / kernel)
#   8. deleting an interface deletes the sessions keyed on it
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/ipmob_lib.bash"

require_root
require_cmd ip ping python3
ipmob_load

ktap_header
ktap_plan 8
MAG=$(ns_name mag) A1=$(ns_name a1) A2=$(ns_name a2)
H1=$(ns_name h1) H2=$(ns_name h2) H3=$(ns_name h3)
ns_create "$MAG" "$A1" "$A2" "$H1" "$H2" "$H3"
for ns in "$MAG" "$A1" "$A2"; do
	ns_sysctl "$ns" net.ipv4.conf.all.rp_filter=0 \
		net.ipv4.conf.default.rp_filter=0
done
ns_forwarding "$MAG" 1
veth_pair "$MAG" a1 "$A1" eth0
veth_pair "$MAG" a2 "$A2" eth0
ip -n "$MAG" addr add 10.1.1.1/24 dev a1
ip -n "$MAG" addr add 10.1.2.1/24 dev a2
for i in 1 2 3; do
	h=$(ns_name h$i)
	veth_pair "$MAG" in$i "$h" eth0
	ip -n "$MAG" addr add 10.9.0.1/32 dev in$i
	ip -n "$h" addr add 10.9.0.2/24 dev eth0
	ip -n "$h" route add default via 10.9.0.1
done
for i in 1 2; do
	a=$(ns_name a$i)
	ip -n "$a" addr add 10.1.$i.2/24 dev eth0
	ip -n "$a" route add default via 10.1.$i.1
	ip -n "$a" link add lo1 type dummy
	ip -n "$a" link set lo1 up
	ip -n "$a" addr add 10.100.0.1/32 dev lo1
	ip -n "$a" link add mob0 type ipmob
	ip -n "$a" link set mob0 up
	ipmob_n "$a" binding add hoa 10.9.0.0/24 coa 10.1.$i.1 encap ipip \
		local 10.1.$i.2 role lma dev mob0
	ip -n "$MAG" link add mob$i type ipmob
	ip -n "$MAG" link set mob$i up
	ip -n "$MAG" rule add iif mob$i lookup 10$i
	ip -n "$MAG" route add 10.9.0.0/24 dev in$i table 10$i
done
ipmob_n "$MAG" binding add hoa 10.9.0.0/24 coa 10.1.1.1 encap ipip \
	peer 10.1.1.2 role mag iif in1 dev mob1
ipmob_n "$MAG" binding add hoa 10.9.0.0/24 coa 10.1.2.1 encap ipip \
	peer 10.1.2.2 role mag iif in2 dev mob2

# snap: tx of the MAG's sessions (in1, in2, the interface-less /24 and
# /32 to A2; -1 if absent) and rx of the anchors', in one python run
snap() {
	python3 -c '
import json, sys
m, a1, a2 = (json.loads(x) for x in sys.argv[1:4])
def tx(iif, plen):
	for b in m:
		if b.get("iif") == iif and b.get("prefix_len", 32) == plen:
			return b["tx_packets"]
	return -1
print(tx("in1", 24), tx("in2", 24), tx(None, 24), tx(None, 32),
      a1[0]["rx_packets"], a2[0]["rx_packets"])
' "$(ipmob_n "$MAG" -j binding show)" "$(ipmob_n "$A1" -j binding show)" \
	"$(ipmob_n "$A2" -j binding show)"
}
# ping_via H: 3 pings from host H to 10.100.0.1
ping_via() {
	ns_exec "$1" ping -4 -c 3 -i 0.2 -W 1 10.100.0.1 >/dev/null 2>&1
}

read -r m1 m2 _ _ r1 r2 <<<"$(snap)"
rc=0
ping_via "$H1" || rc=$?
read -r n1 n2 _ _ s1 s2 <<<"$(snap)"
ktap_print_msg "H1 ping rc $rc; MAG tx $m1/$m2 -> $n1/$n2, anchors rx $r1/$r2 -> $s1/$s2"
ktap_result $([ "$rc" -eq 0 ] && [ $((n1 - m1)) -ge 3 ] && [ "$n2" -eq "$m2" ] &&
	[ $((s1 - r1)) -ge 3 ] && [ "$s2" -eq "$r2" ]; echo $?) \
	"H1 (in1) reaches the address through A1 only"

rc=0
ping_via "$H2" || rc=$?
read -r o1 o2 _ _ t1 t2 <<<"$(snap)"
ktap_print_msg "H2 ping rc $rc; MAG tx $n1/$n2 -> $o1/$o2, anchors rx $s1/$s2 -> $t1/$t2"
ktap_result $([ "$rc" -eq 0 ] && [ $((o2 - n2)) -ge 3 ] && [ "$o1" -eq "$n1" ] &&
	[ $((t2 - s2)) -ge 3 ] && [ "$t1" -eq "$s1" ]; echo $?) \
	"H2 (in2), same source address, reaches it through A2 only"

tun0=$(stat_get "$MAG" tx_tunnel)
rc=0
ping_via "$H3" || rc=$?
tun1=$(stat_get "$MAG" tx_tunnel)
read -r p1 p2 _ _ u1 u2 <<<"$(snap)"
ktap_print_msg "H3 ping rc $rc; tx_tunnel $tun0 -> $tun1; MAG tx $o1/$o2 -> $p1/$p2"
ktap_result $([ "$rc" -ne 0 ] && [ "$tun1" -eq "$tun0" ] && [ "$p1" -eq "$o1" ] &&
	[ "$p2" -eq "$o2" ] && [ "$u1" -eq "$t1" ] && [ "$u2" -eq "$t2" ]; echo $?) \
	"H3's link has no session: nothing of it is tunnelled"

# the interface-less session of the prefix: the fallback of its length
ipmob_n "$MAG" binding add hoa 10.9.0.0/24 coa 10.1.2.1 encap ipip \
	peer 10.1.2.2 role mag dev mob2
ns_exec "$H3" ping -4 -c 2 -i 0.2 -W 1 10.100.0.1 >/dev/null 2>&1 || true
ping_via "$H1" || true
read -r q1 q2 any _ _ _ <<<"$(snap)"
ktap_print_msg "interface-less session tx $any; in1 session tx $p1 -> $q1, in2 $p2 -> $q2"
ktap_result $([ "$any" -ge 2 ] && [ $((q1 - p1)) -ge 3 ] && [ "$q2" -eq "$p2" ]; echo $?) \
	"an interface-less session catches H3; H1 keeps its interface's session"

# longest match first: a /32 with no interface beats the /24 of in1
ipmob_n "$MAG" binding add hoa 10.9.0.2 coa 10.1.2.1 encap ipip \
	peer 10.1.2.2 role mag dev mob2
ns_exec "$H1" ping -4 -c 3 -i 0.2 -W 0.5 10.100.0.1 >/dev/null 2>&1 || true
read -r v1 _ _ host _ _ <<<"$(snap)"
ipmob_n "$MAG" binding del hoa 10.9.0.2 peer 10.1.2.2 dev mob2
ktap_print_msg "/32 session tx $host; in1 /24 session tx $q1 -> $v1"
ktap_result $([ "$host" -ge 3 ] && [ "$v1" -eq "$q1" ]; echo $?) \
	"a longer prefix without an interface wins over the interface's /24"

text=$(ipmob_n "$MAG" binding show hoa 10.9.0.0/24 peer 10.1.1.2 iif in1)
js=$(ipmob_n "$MAG" -j binding show iif in2)
ktap_print_msg "$text" "$js"
ok=1
grep -q " iif in1 " <<<"$text" || ok=0
grep -q '"iif":"in2"' <<<"$js" || ok=0
[ "$(python3 -c 'import json,sys; print(len(json.loads(sys.argv[1])))' "$js")" -eq 1 ] || ok=0
ipmob_n "$MAG" binding del hoa 10.9.0.0/24 peer 10.1.2.2 dev mob2 || ok=0
ipmob_n "$MAG" binding show hoa 10.9.0.0/24 peer 10.1.2.2 iif in2 \
	>/dev/null || ok=0
ktap_result $([ "$ok" -eq 1 ]; echo $?) \
	"show names the interface; del by key keeps the interface's session"

rc1=0 rc2=0
e1=$(ipmob_n "$MAG" binding add hoa 2001:db8:1::100 coa 2001:db8:2::1 \
	mode ro peer 2001:db8:5::7 iif in1 dev mob1 2>&1) || rc1=$?
e2=$(ipmob_n "$MAG" binding add hoa 10.9.0.0/24 coa 10.1.1.1 encap ipip \
	peer 10.1.1.2 iif 99999 dev mob1 2>&1) || rc2=$?
ktap_print_msg "$rc1: $e1" "$rc2: $e2"
ktap_result $([ "$rc1" -eq 1 ] && grep -q '"iif" is not for mode ro' <<<"$e1" &&
	[ "$(wc -l <<<"$e1")" -eq 1 ] && [ "$rc2" -ne 0 ] &&
	grep -q "no interface with" <<<"$e2" && [ "$(wc -l <<<"$e2")" -eq 1 ]; echo $?) \
	"iif with mode ro and an unknown interface index are refused"

ip -n "$MAG" link del in1
left=$(ipmob_n "$MAG" -j binding show | python3 -c \
	'import json,sys; print(" ".join(b.get("iif", "-") for b in json.load(sys.stdin)))')
ktap_print_msg "sessions left: $left"
ktap_result $([ "$left" = "in2" ]; echo $?) \
	"deleting an interface deletes the sessions keyed on it"
ktap_finish
