#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# gre.sh: GRE encapsulation with keys (RFC 2784, RFC 2890; the PMIPv6
# GRE key option, RFC 5845) through the namespace's collect_md GRE
# devices, with static bindings (no daemon). Each end uses a key of its
# own choosing for what it receives (downlink 100 at the MN, uplink 200
# at the HA), as RFC 5845 3 has the two ends do.
#
#   CN ---- R ---- HA (binding cache)      IPv6 and IPv4 on every link
#           |                              (topo_mip6 + topo_ipv4); HA and
#           MN  CoA 10.0.2.100 /           MN have "gre external" and
#               2001:db8:2::100            "ip6gre external" devices
#
#   1. without a collect_md GRE device a GRE binding is refused, one line
#      naming the device to create
#   2. IPv4 in GRE over IPv4: ping both ways and a TCP transfer
#   3. tshark: HA -> CoA GRE key 100 carrying CN -> HoA, CoA -> HA key 200
#      carrying HoA -> CN
#   4. IPv6 in GRE over IPv6 (ip6gre) with keys 300 / 400, and IPv6 in GRE
#      over IPv4 without keys: ping both ways, tshark keys (none on the
#      second)
#   5. hostile GRE at HA (scapy): a wrong key and no key (drop_key), an
#      unregistered outer source (drop_bad_outer_src), IP in IP for the GRE
#      session (drop_encap): each counted, none forwarded to CN; a Neighbor
#      Solicitation (hop limit 255) in GRE with a wrong key is no exception
#      (drop_key)
#   6. endpoint show: encap gre okey 100
#   7. the GRE device deleted: packets are dropped and counted (drop_route);
#      created again, traffic flows again
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/ipmob_lib.bash"

require_root
require_cmd ip ping nc tshark dumpcap cmp
ipmob_load

ktap_header
ktap_plan 7
topo_mip6
topo_ipv4
T=$(test_tmpdir)

# 1
if out=$(ipmob_n "$HA" binding add hoa $HOA4 coa $COA4 encap gre key 1 local $HA4 dev mob0 2>&1); then
	ktap_fail "GRE binding without a GRE device refused: accepted"
else
	ktap_print_msg "$out"
	ktap_result $([ "$(grep -c . <<<"$out")" -eq 1 ] &&
		[[ "$out" == *"type gre external"* ]]; echo $?) \
		"GRE binding without a GRE device refused, one line naming it"
fi

gre_devs() {
	local ns=$1
	ip -n "$ns" link add gremd type gre external
	ip -n "$ns" link add gre6md type ip6gre external
	ip -n "$ns" link set gremd up
	ip -n "$ns" link set gre6md up
	ns_sysctl "$ns" net.ipv4.conf.all.rp_filter=0 \
		net.ipv4.conf.gremd.rp_filter=0
}
gre_devs "$HA"
gre_devs "$MN"

# bindings HOA COA (HA's local / MN's peer follow COA's family) ARGS...
bindings() {
	local hoa=$1 coa=$2 ha=$HA_ADDR
	shift 2
	[[ $coa == *:* ]] || ha=$HA4
	ipmob_n "$HA" binding flush
	ipmob_n "$MN" binding flush
	ipmob_n "$HA" binding add hoa "$hoa" coa "$coa" encap gre $1 local $ha dev mob0
	ipmob_n "$MN" binding add hoa "$hoa" coa "$coa" encap gre $2 peer $ha dev mob0
}

# 2-3: IPv4 over IPv4, keys 100 down, 200 up
bindings $HOA4 $COA4 "okey 100 ikey 200" "okey 200 ikey 100"
ktap_print_msg "$(ipmob_n "$HA" binding show)"
cap_start "$R" mn0 "$T/gre4.pcap"
ok=1
ns_exec "$CN" ping -4 -c 3 -i 0.2 -W 2 $HOA4 >/dev/null || ok=0
ns_exec "$MN" ping -4 -c 3 -i 0.2 -W 2 -I $HOA4 $CN4 >/dev/null || ok=0
tcp_transfer "$MN" "$CN" $CN4 5001 1000000 $HOA4 || ok=0
ktap_result $([ $ok -eq 1 ]; echo $?) "IPv4 in GRE over IPv4: ping both ways and a TCP transfer"
cap_stop
req=$(decode "$T/gre4.pcap" "icmp.type == 8 && ip.dst == $HOA4" ip.src ip.dst gre.key | head -n 1)
rep=$(decode "$T/gre4.pcap" "icmp.type == 0 && ip.src == $HOA4" ip.src ip.dst gre.key | head -n 1)
ktap_print_msg "request: $req" "reply: $rep"
ktap_result $([ "$req" = "$HA4,$CN4|$COA4,$HOA4|0x00000064" ] &&
	[ "$rep" = "$COA4,$HOA4|$HA4,$CN4|0x000000c8" ]; echo $?) \
	"tshark: GRE key 100 HA->CoA carrying CN->HoA, key 200 CoA->HA carrying HoA->CN"

# 4: IPv6 over IPv6 (ip6gre) with keys, IPv6 over IPv4 without. ip6gre
# in metadata mode picks the outer source by RFC 6724 on its egress
# device, not from the metadata (ipmob.8): the home agent's GRE address is
# that of eth0, and the MN's home address must not be flagged "home" (rule
# 4 would make it the outer source), as on a PMIPv6 MAG, which has none.
HA_ADDR_SAVED=$HA_ADDR HA_ADDR=2001:db8:f0::2
ip -n "$MN" -6 addr change $HOA/128 dev mob0 nodad
bindings $HOA $COA "okey 300 ikey 400" "okey 400 ikey 300"
cap_start "$R" mn0 "$T/gre6.pcap"
ok=1 st=""
ns_exec "$CN" ping -6 -c 3 -i 0.2 -W 2 $HOA >/dev/null || { ok=0; st+=" 66-down"; }
ns_exec "$MN" ping -6 -c 3 -i 0.2 -W 2 -I $HOA $CN_ADDR >/dev/null || { ok=0; st+=" 66-up"; }
cap_stop
r66=$(decode "$T/gre6.pcap" "icmpv6.type == 128 && ipv6.dst == $HOA" ipv6.src gre.key | head -n 1)
HA_ADDR=$HA_ADDR_SAVED
ip -n "$MN" -6 addr change $HOA/128 dev mob0 home nodad
bindings $HOA $COA4 "" ""
cap_start "$R" mn0 "$T/gre64.pcap"
ns_exec "$CN" ping -6 -c 3 -i 0.2 -W 2 $HOA >/dev/null || { ok=0; st+=" 64-down"; }
ns_exec "$MN" ping -6 -c 3 -i 0.2 -W 2 -I $HOA $CN_ADDR >/dev/null || { ok=0; st+=" 64-up"; }
cap_stop
r64=$(decode "$T/gre64.pcap" "icmpv6.type == 129 && ipv6.src == $HOA" ip.src ip.proto gre.flags.key | head -n 1)
[ -z "$st" ] || ktap_print_msg "failed:$st; HA: $(ipmob_n "$HA" -j stats)" "MN: $(ipmob_n "$MN" -j stats)"
ktap_print_msg "ip6gre request: $r66" "GRE over IPv4 reply: $r64"
ktap_result $([ $ok -eq 1 ] && [ "$r66" = "2001:db8:f0::2,$CN_ADDR|0x0000012c" ] &&
	[ "$r64" = "$COA4|47|0" ]; echo $?) \
	"IPv6 in GRE over IPv6 (key 300) and over IPv4 (no key): ping both ways"

# 5: hostile GRE at the home agent
bindings $HOA4 $COA4 "okey 100 ikey 200" "okey 200 ikey 100"
# an IPv6 home address over the same care-of address (its own endpoint)
ipmob_n "$HA" binding add hoa $HOA coa $COA4 encap gre okey 101 ikey 200 local $HA4 dev mob0
names="drop_key drop_bad_outer_src drop_encap"
declare -A c0
for n in $names; do c0[$n]=$(stat_get "$HA" "$n"); done
cap_start "$CN" eth0 "$T/cn.pcap" "icmp"
ns_exec "$R" /usr/bin/python3 - "$HA4" "$HOA4" "$CN4" "$COA4" "$HOA" "$HA_ADDR" <<'PY'
import sys
from scapy.all import IP, IPv6, ICMP, ICMPv6ND_NS, GRE, send, conf
conf.verb = 0
ha, hoa, cn, coa, hoa6, ha6 = sys.argv[1:7]
inner = IP(src=hoa, dst=cn) / ICMP(id=0x4242)
send(IP(src=coa, dst=ha) / GRE(key_present=1, key=999, proto=0x0800) / inner, count=3)
send(IP(src=coa, dst=ha) / GRE(proto=0x0800) / inner, count=3)
send(IP(src="10.0.2.99", dst=ha) / GRE(key_present=1, key=200, proto=0x0800) / inner, count=3)
send(IP(src=coa, dst=ha) / inner, count=3)
ns = IPv6(src=hoa6, dst="ff02::1", hlim=255) / ICMPv6ND_NS(tgt=ha6)
send(IP(src=coa, dst=ha) / GRE(key_present=1, key=999, proto=0x86dd) / ns, count=3)
PY
sleep 0.5
cap_stop
leak=$(decode "$T/cn.pcap" "icmp.ident == 0x4242" ip.src | grep -c . || true)
bad=0 msg=""
for n in $names; do
	d=$(($(stat_get "$HA" "$n") - c0[$n]))
	msg+="$n +$d "
	want=3
	[ "$n" = drop_key ] && want=9
	[ "$d" -eq "$want" ] || bad=1
done
ktap_print_msg "$msg; reached CN: $leak"
ktap_result $([ $bad -eq 0 ] && [ "$leak" -eq 0 ]; echo $?) \
	"hostile GRE (wrong or no key, also on an NS; wrong source; IP in IP) dropped and counted"

# 6
ep=$(ipmob_n "$HA" endpoint show)
ktap_print_msg "$ep"
ktap_result $([[ "$ep" == *"remote $COA4 encap gre okey 100 users 1"* ]]; echo $?) \
	"endpoint show: encap gre okey 100"

# 7: the GRE device goes and comes back
ip -n "$HA" link del gremd
r0=$(stat_get "$HA" drop_route)
gone=0
ns_exec "$CN" ping -4 -c 2 -i 0.2 -W 1 $HOA4 >/dev/null 2>&1 || gone=1
r1=$(stat_get "$HA" drop_route)
ip -n "$HA" link add gremd type gre external
ip -n "$HA" link set gremd up
ns_sysctl "$HA" net.ipv4.conf.gremd.rp_filter=0
back=0
ns_exec "$CN" ping -4 -c 2 -i 0.2 -W 2 $HOA4 >/dev/null && back=1
ktap_print_msg "without the device: ping failed=$gone, drop_route $r0 -> $r1; again: ok=$back"
ktap_result $([ $gone -eq 1 ] && [ $((r1 - r0)) -ge 2 ] && [ $back -eq 1 ]; echo $?) \
	"GRE device deleted: drops counted (drop_route); created again: traffic flows"
ktap_finish
