#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# ndproxy.sh: the module's Neighbor Discovery proxy for home addresses
# (IPMOB_BA_PROXY_IF; RFC 6275 10.4.1, RFC 4861 7.1.1 and 7.2.4). The
# home agent's home link is a real link to a neighbour N, no proxy_ndp,
# no pneigh entry: only the session answers.
#
#   N eth0 2001:db8:1::11.. -- home0 HA (2001:db8:1::1) -- R -- MN (CoA)
#   (the rest: ipmob_lib.bash, topo_mip6; static bindings, topo_tunnel)
#
#   1. without "proxy" no one answers for the home address: N's ping
#      fails (control)
#   2. with "proxy home0" N pings the home address through the tunnel
#      (the MN answers), N's neighbour entry holds the HA's link-layer
#      address
#   3. scapy from N: a solicitation to the solicited-node group, a
#      unicast one (NUD) and a DAD probe are answered; tshark: S to the
#      soliciting node, all-nodes and S clear for DAD, O and R clear, hop
#      limit 255, target the home address, TLLA the HA's home0 address
#   4. what RFC 4861 7.1.1 discards is not answered and counted
#      (drop_nd): bad checksum, code 1, a zero-length option, a DAD probe
#      with a source link-layer option; hop limit 64 and another target
#      are not answered and not counted; tx_proxy_na counts the answers
#   5. "proxy-router on": R set (tshark); binding show prints it
#      ("proxy home0 proxy-router on", JSON "proxy", "proxy_router")
#   6. the session deleted: the next solicitation goes unanswered
#   7. refused, one line, nothing installed: proxy on a prefix, on a
#      session with a peer, on an unknown interface, proxy-router alone
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/ipmob_lib.bash"

require_root
require_cmd ip ping tshark dumpcap python3
ipmob_load

ktap_header
ktap_plan 7
topo_mip6
T=$(test_tmpdir)
N=$(ns_name n)
ns_create "$N"
# the home link: a real link to N instead of the dummy
ip -n "$HA" link del home0
veth_pair "$HA" home0 "$N" eth0
ip -n "$HA" -6 addr add $HA_ADDR/64 dev home0 nodad
for i in 11 13 14 15 17 18 19 1a 1b; do
	ip -n "$N" -6 addr add 2001:db8:1::$i/64 dev eth0 nodad
done
ha_mac=$(ip -n "$HA" -j link show home0 | /usr/bin/python3 -c \
	'import json,sys; print(json.load(sys.stdin)[0]["address"])')
ns_sysctl "$HA" net.ipv6.conf.home0.proxy_ndp=0
topo_tunnel

# 1: control, no proxy
if ns_exec "$N" ping -6 -c 2 -i 0.3 -W 1 -I 2001:db8:1::11 $HOA >/dev/null 2>&1; then
	ktap_fail "without proxy nobody answers for the home address"
else
	ktap_ok "without proxy nobody answers for the home address"
fi

# 2: proxy on the home link
ipmob_n "$HA" binding change hoa $HOA coa $COA local $HA_ADDR proxy home0 dev mob0
ip -n "$N" neigh flush dev eth0
rc=0
ns_exec "$N" ping -6 -c 3 -i 0.3 -W 2 -I 2001:db8:1::11 $HOA >"$T/ping" 2>&1 || rc=$?
nb=$(ip -n "$N" -6 neigh show $HOA dev eth0)
ktap_print_msg "ping rc $rc; N's neighbour: $nb; HA home0 $ha_mac"
ktap_result $([ "$rc" = 0 ] && grep -q "lladdr $ha_mac" <<<"$nb"; echo $?) \
	"with proxy home0 the home link reaches the home address through the home agent"

# 3, 4: crafted solicitations, answers captured on N
tx0=$(stat_get "$HA" tx_proxy_na)
dr0=$(stat_get "$HA" drop_nd)
cap_start "$N" eth0 "$T/nd.pcap" "icmp6"
cat >"$T/ns.py" <<'EOF'
import sys, time
from scapy.all import (Ether, IPv6, ICMPv6ND_NS, ICMPv6NDOptSrcLLAddr,
                       Raw, sendp, get_if_hwaddr, in6_getnsma, in6_getnsmac,
                       inet_pton, inet_ntop, socket)
hoa, ha_mac, which = sys.argv[1], sys.argv[2], sys.argv[3:]
me = get_if_hwaddr("eth0")
sn = inet_ntop(socket.AF_INET6, in6_getnsma(inet_pton(socket.AF_INET6, hoa)))
snmac = in6_getnsmac(inet_pton(socket.AF_INET6, sn))
def ns(src, tgt=hoa, dst=sn, mac=snmac, hlim=255, code=0, opt=True,
       cksum=None, raw=None):
    p = IPv6(src=src, dst=dst, hlim=hlim) / ICMPv6ND_NS(tgt=tgt, code=code)
    if cksum is not None:
        p[ICMPv6ND_NS].cksum = cksum
    if opt:
        p = p / ICMPv6NDOptSrcLLAddr(lladdr=me)
    if raw:
        p = p / Raw(raw)
    return Ether(src=me, dst=mac) / p
P = "2001:db8:1::"
probes = {
    "sol": ns(P + "11"),
    "dad": ns("::", opt=False),
    "hlim": ns(P + "13", hlim=64),
    "cksum": ns(P + "14", cksum=0x1234),
    "zeroopt": ns(P + "15", raw=b"\x0e\x00\x00\x00\x00\x00\x00\x00"),
    "other": ns(P + "17", tgt=P + "200"),
    "nud": ns(P + "18", dst=hoa, mac=ha_mac),
    "code": ns(P + "19", code=1),
    "dadopt": ns("::"),
    "router": ns(P + "1a"),
    "gone": ns(P + "1b"),
}
for w in which:
    sendp(probes[w], iface="eth0", verbose=False)
    time.sleep(0.3)
EOF
ns_exec "$N" /usr/bin/python3 "$T/ns.py" $HOA "$ha_mac" sol dad hlim cksum \
	zeroopt other nud code dadopt
sleep 0.5
tx1=$(stat_get "$HA" tx_proxy_na)
dr1=$(stat_get "$HA" drop_nd)
ipmob_n "$HA" binding change hoa $HOA coa $COA local $HA_ADDR proxy home0 \
	proxy-router on dev mob0
ns_exec "$N" /usr/bin/python3 "$T/ns.py" $HOA "$ha_mac" router
show=$(ipmob_n "$HA" binding show hoa $HOA)
js=$(ipmob_n "$HA" -j binding show hoa $HOA | /usr/bin/python3 -c \
	'import json,sys; b=json.load(sys.stdin)[0]; print(b.get("proxy"), b.get("proxy_index", 0) > 0, b.get("proxy_router"))')
ipmob_n "$HA" binding del hoa $HOA dev mob0
ns_exec "$N" /usr/bin/python3 "$T/ns.py" $HOA "$ha_mac" gone
sleep 0.5
cap_stop

nas=$(decode "$T/nd.pcap" "icmpv6.type == 136 && icmpv6.nd.na.target_address == $HOA" \
	ipv6.dst ipv6.hlim icmpv6.nd.na.flag.r icmpv6.nd.na.flag.s \
	icmpv6.nd.na.flag.o icmpv6.opt.linkaddr | sort)
ktap_print_msg "answers (dst|hlim|R|S|O|tlla):" $nas
na_of() { grep "^$1|" <<<"$nas" || true; }
ok=0
s=$(na_of 2001:db8:1::11)
d=$(na_of ff02::1)
u=$(na_of 2001:db8:1::18)
[ "$s" = "2001:db8:1::11|255|0|1|0|$ha_mac" ] || ok=1
[ "$u" = "2001:db8:1::18|255|0|1|0|$ha_mac" ] || ok=1
[ "$d" = "ff02::1|255|0|0|0|$ha_mac" ] || ok=1
ktap_result $ok "tshark: solicited, NUD and DAD solicitations answered as RFC 4861 7.2.4 says (S, all-nodes, O and R clear, TLLA home0)"

bad=""
for a in 13 14 15 17 19 1b; do
	[ -z "$(na_of 2001:db8:1::$a)" ] || bad="$bad $a"
done
nd=$(grep -c "^ff02::1|" <<<"$nas" || true)
ktap_print_msg "tx_proxy_na $tx0 -> $tx1, drop_nd $dr0 -> $dr1; answered wrongly:${bad:- none}; all-nodes answers $nd"
ktap_result $([ -z "$bad" ] && [ "$nd" = 1 ] && [ $((tx1 - tx0)) = 3 ] &&
	[ $((dr1 - dr0)) = 4 ]; echo $?) \
	"bad checksum, code 1, zero-length option, DAD with SLLAO dropped and counted; hop limit 64, other target ignored"

r=$(na_of 2001:db8:1::1a)
ktap_print_msg "router answer: $r" "show: $show" "json: $js"
ktap_result $([ "$r" = "2001:db8:1::1a|255|1|1|0|$ha_mac" ] &&
	grep -q "proxy home0 proxy-router on" <<<"$show" &&
	[ "$js" = "home0 True True" ]; echo $?) \
	"proxy-router on: R set; binding show and -j name the proxy"

ktap_result $([ -z "$(na_of 2001:db8:1::1b)" ]; echo $?) \
	"session deleted: no answer"

# 7: refused, one line, nothing installed
fails=0
try_bad() {
	local want=$1 out rc=0
	shift
	out=$(ipmob_n "$HA" "$@" 2>&1) || rc=$?
	ktap_print_msg "$* -> rc $rc: $out"
	if [ "$rc" = 0 ] || [ "$(grep -c . <<<"$out")" != 1 ] ||
	   ! grep -q -- "$want" <<<"$out"; then
		fails=$((fails + 1))
	fi
}
try_bad "one home address (prefix length 128" binding add hoa 2001:db8:1::/64 coa $COA proxy home0 dev mob0
try_bad "without a peer" binding add hoa $HOA coa $COA peer 2001:db8:f0::9 proxy home0 dev mob0
try_bad "no link-layer interface" binding add hoa $HOA coa $COA proxy 999 dev mob0
try_bad "cannot find interface" binding add hoa $HOA coa $COA proxy nosuch0 dev mob0
try_bad "needs \"proxy\"" binding add hoa $HOA coa $COA proxy-router on dev mob0
# an IPv4 home address is proxied by ARP (RFC 5555 4.5): one, no R bit
try_bad "one home address (prefix length 128" binding add hoa 10.0.1.0/24 coa $COA proxy home0 dev mob0
try_bad "ARP has no router bit" binding add hoa 10.0.1.100 coa $COA proxy home0 proxy-router on dev mob0
left=$(ipmob_n "$HA" -j binding show | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
ktap_result $([ "$fails" = 0 ] && [ "$left" = 0 ]; echo $?) \
	"proxy on a prefix, with a peer, unknown interfaces, proxy-router alone: refused, nothing installed"

ktap_finish
