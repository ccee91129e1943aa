# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The Mobile IPv6 home registration topology: ipmobd as home agent and
# mobile node, radvd on the home link and on two foreign links.
#
#                      2001:db8:c::/64
#              CN ::2 ----------------- ::1 R
#                                        |  \___________________
#                     2001:db8:f0::/64   |f0       f1 \          \ f2
#                                        HA           AR1         AR2
#  home link 2001:db8:1::/64, br0 ::1  / |    br-a a::1|    br-b b::1
#  radvd: H bit, Home Agent Info,     /  |            |           |
#  Advertisement Interval            HN  |  link A    | link B    |
#                                        |  a::/64    | b::/64    |
#                                   eth0 |       eth1 |      eth2 |
#                                        +------- MN -+-----------+
#                                  HoA 2001:db8:1::100 on mob0
#
# The MN moves by carrier: the far end of the link it leaves (its port
# on the bridge br0, br-a or br-b) goes down, the one it joins comes up
# (mip6_move); the routers' bridges stay up, as an access network does.
# SLAAC gives it its care-of addresses.
# shellcheck source=ipmob_lib.bash
. "$(dirname -- "${BASH_SOURCE[0]}")/ipmob_lib.bash"

M_HOA=2001:db8:1::100
M_HA=2001:db8:1::1
M_CN=2001:db8:c::2
M_NAI=mn1@example.net
M_SPI=4096
M_KEY=00112233445566778899aabbccddeeff

# radvd_start NS IFACE CONF-BODY: radvd on IFACE with the given interface
# block body; stopped at exit.
radvd_start() {
	local ns=$1 ifc=$2 body=$3 T
	T=$(test_tmpdir)
	printf 'interface %s {\n%s\n};\n' "$ifc" "$body" >"$T/radvd-$ns.conf"
	ip netns exec "$ns" radvd -n -C "$T/radvd-$ns.conf" \
		-p "$T/radvd-$ns.pid" -m stderr >"$T/radvd-$ns.log" 2>&1 &
	_IPMOB_BG_PIDS+=("$!")
}

topo_mobility() {
	CN=$(ns_name cn) R=$(ns_name r) HA=$(ns_name ha) HN=$(ns_name hn)
	AR1=$(ns_name ar1) AR2=$(ns_name ar2) MN=$(ns_name mn)
	ns_create "$CN" "$R" "$HA" "$HN" "$AR1" "$AR2" "$MN"
	local ns
	for ns in "$R" "$HA" "$AR1" "$AR2"; do
		# the routers' ports toward the MN go down when it leaves
		ns_forwarding "$ns" 1 net.ipv6.conf.all.keep_addr_on_down=1 \
			net.ipv6.conf.default.keep_addr_on_down=1
	done
	veth_pair "$CN" eth0 "$R" cn0
	veth_pair "$R" f0 "$HA" up0
	veth_pair "$R" f1 "$AR1" up0
	veth_pair "$R" f2 "$AR2" up0
	veth_pair "$HA" h-mn "$MN" eth0
	veth_pair "$HA" h-hn "$HN" eth0
	veth_pair "$AR1" a-mn "$MN" eth1
	veth_pair "$AR2" b-mn "$MN" eth2
	# then each namespace's addresses, routes and bridges (ns_ip: one ip
	# process for them)
	ns_ip "$CN" "addr add $M_CN/64 dev eth0 nodad" \
		"route add default via 2001:db8:c::1"
	ns_ip "$R" "addr add 2001:db8:c::1/64 dev cn0 nodad" \
		"addr add 2001:db8:f0::1/64 dev f0 nodad" \
		"addr add 2001:db8:f1::1/64 dev f1 nodad" \
		"addr add 2001:db8:f2::1/64 dev f2 nodad" \
		"route add 2001:db8:1::/64 via 2001:db8:f0::2" \
		"route add 2001:db8:a::/64 via 2001:db8:f1::2" \
		"route add 2001:db8:b::/64 via 2001:db8:f2::2"
	# home link: a bridge on HA with the MN's and HN's ports
	ns_ip "$HA" "addr add 2001:db8:f0::2/64 dev up0 nodad" \
		"route replace default via 2001:db8:f0::1" \
		"link add br0 type bridge" "link set br0 up" \
		"addr add $M_HA/64 dev br0 nodad" \
		"link set h-mn master br0" "link set h-hn master br0"
	# foreign links: like the home link, a bridge (the access point)
	# that stays up when the MN's port goes down - a stub port keeps
	# its carrier - so the router and its radvd never notice a
	# movement; only the mobile node's link does
	local ar l n
	for ar in "$AR1:a:1" "$AR2:b:2"; do
		l=${ar#*:} n=${ar##*:}
		l=${l%%:*}
		ns_ip "${ar%%:*}" "addr add 2001:db8:f$n::2/64 dev up0 nodad" \
			"route replace default via 2001:db8:f$n::1" \
			"link add br-$l type bridge" "link add $l-stub type dummy" \
			"link set $l-stub master br-$l" "link set $l-mn master br-$l" \
			"link set $l-stub up" "link set br-$l up" \
			"addr add 2001:db8:$l::1/64 dev br-$l nodad"
	done

	# hosts: no DAD delay (the emulated VM is slow enough), and the MN
	# solicits a router as soon as it joins a link (RFC 6275 11.5.1)
	# (one ns_sysctl per namespace: each costs a second in the emulated VM)
	local i kv=(net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0)
	ns_sysctl "$HN" "${kv[@]}"
	for i in eth0 eth1 eth2; do
		kv+=("net.ipv6.conf.$i.accept_dad=0" "net.ipv6.conf.$i.router_solicitation_delay=0")
	done
	ns_sysctl "$MN" "${kv[@]}"

	radvd_start "$HA" br0 "	AdvSendAdvert on;
	MinRtrAdvInterval 0.5;
	MaxRtrAdvInterval 1.5;
	MinDelayBetweenRAs 0.05;
	AdvIntervalOpt on;
	AdvHomeAgentFlag on;
	AdvHomeAgentInfo on;
	HomeAgentPreference 10;
	HomeAgentLifetime 1800;
	prefix 2001:db8:1::1/64 { AdvOnLink on; AdvAutonomous on; AdvRouterAddr on; };"
	radvd_start "$AR1" br-a "	AdvSendAdvert on;
	MinRtrAdvInterval 0.5;
	MaxRtrAdvInterval 1.5;
	MinDelayBetweenRAs 0.05;
	AdvIntervalOpt on;
	prefix 2001:db8:a::/64 { AdvOnLink on; AdvAutonomous on; };"
	radvd_start "$AR2" br-b "	AdvSendAdvert on;
	MinRtrAdvInterval 0.5;
	MaxRtrAdvInterval 1.5;
	MinDelayBetweenRAs 0.05;
	AdvIntervalOpt on;
	prefix 2001:db8:b::/64 { AdvOnLink on; AdvAutonomous on; };"
	# the mobile node starts at home
	ip -n "$AR1" link set a-mn down
	ip -n "$AR2" link set b-mn down
	MN_AT=home
}

# mip6_link_c: a third foreign link, C (2001:db8:d::/64, router AR3
# behind R's f3, the same bridge-and-radvd access network as A and B),
# on the mobile node's eth3, unplugged at first (ip -n $AR3 link set
# c-mn up plugs it).
mip6_link_c() {
	AR3=$(ns_name ar3)
	ns_create "$AR3"
	ns_forwarding "$AR3" 1 net.ipv6.conf.all.keep_addr_on_down=1 \
		net.ipv6.conf.default.keep_addr_on_down=1
	veth_pair "$R" f3 "$AR3" up0
	veth_pair "$AR3" c-mn "$MN" eth3
	ns_ip "$R" "addr add 2001:db8:f3::1/64 dev f3 nodad" \
		"route add 2001:db8:d::/64 via 2001:db8:f3::2"
	ns_ip "$AR3" "addr add 2001:db8:f3::2/64 dev up0 nodad" \
		"route replace default via 2001:db8:f3::1" \
		"link add br-c type bridge" "link add c-stub type dummy" \
		"link set c-stub master br-c" "link set c-mn master br-c" \
		"link set c-stub up" "link set br-c up" \
		"addr add 2001:db8:d::1/64 dev br-c nodad"
	ns_sysctl "$MN" net.ipv6.conf.eth3.accept_dad=0 \
		net.ipv6.conf.eth3.router_solicitation_delay=0
	radvd_start "$AR3" br-c "	AdvSendAdvert on;
	MinRtrAdvInterval 0.5;
	MaxRtrAdvInterval 1.5;
	MinDelayBetweenRAs 0.05;
	AdvIntervalOpt on;
	prefix 2001:db8:d::/64 { AdvOnLink on; AdvAutonomous on; };"
	ip -n "$AR3" link set c-mn down
}

# mip6_move home|A|B: the MN leaves its link and joins another.
mip6_move() {
	local to=$1
	case $MN_AT in
	home) ip -n "$HA" link set h-mn down ;;
	A) ip -n "$AR1" link set a-mn down ;;
	B) ip -n "$AR2" link set b-mn down ;;
	esac
	case $to in
	home) ip -n "$HA" link set h-mn up ;;
	A) ip -n "$AR1" link set a-mn up ;;
	B) ip -n "$AR2" link set b-mn up ;;
	esac
	MN_AT=$to
}

# mip6_traffic DIR STREAM-INTERVAL PING-INTERVAL: the correspondent
# streams TCP to an application on the home address (tcpstream.py; it
# stops when DIR/stop exists; DIR/client.log, DIR/server.log) and pings
# the home address (DIR/ping.log). Their pids: CLIENT, PING.
mip6_traffic() {
	local dir=$1 d
	d=$(dirname -- "${BASH_SOURCE[0]}")
	ns_exec "$MN" /usr/bin/python3 "$d/tcpstream.py" server $M_HOA 5001 \
		>"$dir/server.log" 2>&1 &
	_IPMOB_BG_PIDS+=("$!")
	wait_for "ip netns exec $MN ss -Hltn 'sport = :5001' | grep -q 5001" 10 || true
	ns_exec "$CN" /usr/bin/python3 "$d/tcpstream.py" client $M_HOA 5001 \
		"$dir/stop" "$2" >"$dir/client.log" 2>&1 &
	CLIENT=$!
	_IPMOB_BG_PIDS+=("$CLIENT")
	ns_exec "$CN" stdbuf -oL ping -6 -D -O -i "$3" $M_HOA >"$dir/ping.log" 2>&1 &
	PING=$!
	_IPMOB_BG_PIDS+=("$PING")
}

# mip6_ha_conf FILE [EXTRA-HA-LINES]: a home agent configuration (mode
# 0600: it holds a key, and ipmobd refuses keys others may read).
mip6_ha_conf() {
	: >"$1"
	chmod 600 "$1"
	cat >"$1" <<EOF
log-level debug
device mob0
[home-agent]
home-link br0
home-prefix 2001:db8:1::/64
max-lifetime ${HA_MAX_LIFETIME:-120}
${2:-}
[security-association $M_NAI]
spi $M_SPI
key $M_KEY
EOF
}

# mip6_mn_conf FILE [EXTRA-MN-LINES] [LINK-LINES]: a mobile node
# configuration (0600); its links eth0, eth1 and eth2 unless LINK-LINES
# says otherwise.
mip6_mn_conf() {
	: >"$1"
	chmod 600 "$1"
	cat >"$1" <<EOF
log-level debug
device mob0
[mobile-node]
home-address $M_HOA/64
identifier $M_NAI
spi $M_SPI
key $M_KEY
lifetime ${MN_LIFETIME:-60}
${3:-link eth0
link eth1
link eth2}
initial-bindack-timeout 500
initial-bindack-timeout-first-reg 500
${2:-home-agent $M_HA}
EOF
}

# mip6_mcoa_conf FILE [EXTRA-MN-LINES]: a mobile node with multiple
# care-of addresses (RFC 5648): eth0 home (preferred), eth1 on A (BID 1,
# BID-PRI 1), eth2 on B (BID 2, BID-PRI 2).
mip6_mcoa_conf() {
	mip6_mn_conf "$1" "home-agent $M_HA
multiple-care-of yes${2:+
$2}" "link eth0 preference 10
link eth1 bid 1 priority 1 preference 5
link eth2 bid 2 priority 2"
}

# mip6_daemon NS CONF LOG: start ipmobd; its pid in DPID.
mip6_daemon() {
	"$IPMOB_BIN/ipmobd" -f -n "$1" -c "$2" >>"$3" 2>&1 &
	DPID=$!
	_IPMOB_BG_PIDS+=("$DPID")
}

# (The JSON is read with jq: these are polled, and python takes a second
# to start under TCG.)
# mn_coa: the care-of address the MN's kernel binding uses ("" if none).
mn_coa() {
	"$IPMOB" -n "$MN" -j binding show 2>/dev/null | jq -r '
		first(.[] | select(.peer and ((.coas // []) | length > 0)) |
		      .coas[0].addr) // empty' 2>/dev/null || true
}

# ha_coa_of HOA: the care-of address of HOA's binding at the HA ("" if
# none); ha_coa: the mobile node's ($M_HOA).
ha_coa_of() {
	"$IPMOB" -n "$HA" -j binding show 2>/dev/null | jq -r --arg h "$1" '
		first(.[] | select(.hoa == $h and (.peer | not) and
		                   ((.coas // []) | length > 0)) |
		      .coas[0].addr) // empty' 2>/dev/null || true
}

ha_coa() {
	ha_coa_of "$M_HOA"
}

# ha_mnp_coa PREFIX [LENGTH=48]: the care-of address of the mobile network
# prefix's session at the HA (its "hoa" is the prefix; "" if none).
ha_mnp_coa() {
	"$IPMOB" -n "$HA" -j binding show 2>/dev/null |
		jq -r --arg h "$1" --argjson l "${2:-48}" '
		first(.[] | select(.hoa == $h and .prefix_len == $l and
		                   ((.coas // []) | length > 0)) |
		      .coas[0].addr) // empty' 2>/dev/null || true
}

# mip6_mobile_net NS ADDR: a mobile network behind the MN (RFC 3963): its
# inside link in0 (a bridge, 2001:db8:100:1::1/64) with host NS on it at
# ADDR (port p-h on in0, default route via the router); R routes
# 2001:db8:100::/48 to the home agent (RFC 3963 6.3).
mip6_mobile_net() {
	ns_create "$1"
	ns_sysctl "$1" net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
	ip -n "$MN" link add in0 type bridge
	ip -n "$MN" link set in0 up
	ns_sysctl "$MN" net.ipv6.conf.in0.accept_dad=0
	ip -n "$MN" -6 addr add 2001:db8:100:1::1/64 dev in0 nodad
	veth_pair "$1" eth0 "$MN" p-h
	ip -n "$MN" link set p-h master in0
	ns_ip "$1" "addr add $2/64 dev eth0 nodad" "route add default via 2001:db8:100:1::1"
	ip -n "$R" -6 route add 2001:db8:100::/48 via 2001:db8:f0::2
}

# mip6_wait_registered PREFIX [TIMEOUT]: both ends agree on a care-of
# address in PREFIX (e.g. 2001:db8:a:).
mip6_wait_registered() {
	wait_for "mn_coa | grep -q '^$1' && ha_coa | grep -q '^$1'" "${2:-20}"
}

# mip6_wait_home [TIMEOUT]: neither end has a binding any more.
mip6_wait_home() {
	wait_for "[ -z \"\$(mn_coa)\" ] && [ -z \"\$(ha_coa)\" ]" "${1:-20}"
}

# ---- Dual-Stack Mobile IPv6 (RFC 5555) ----

# dsmip_topo: topo_mobility with IPv4 beside IPv6: the correspondent
# ($CN4), R, the home agent ($HA4 on up0, 10.0.1.1 on the home link br0,
# HN 10.0.1.2), and the IPv4-only link N (192.168.1.0/24, no IPv6) on the
# mobile node's eth4 behind NR, a NAT (nftables masquerade to $NAT),
# unplugged. The mobile node's IPv4 home address is $HOA4.
dsmip_topo() {
	HOA4=10.0.1.100 CN4=10.0.12.2 HA4=10.0.240.2 NAT=10.0.250.2
	topo_mobility
	# IPv4 beside IPv6: the correspondent, the home agent, R
	ip -n "$CN" addr add $CN4/24 dev eth0
	ip -n "$R" addr add 10.0.12.1/24 dev cn0
	ip -n "$R" addr add 10.0.240.1/24 dev f0
	ip -n "$HA" addr add $HA4/24 dev up0
	ip -n "$HA" addr add 10.0.1.1/24 dev br0
	ip -n "$HN" addr add 10.0.1.2/24 dev eth0
	ip -n "$CN" route add default via 10.0.12.1
	ip -n "$HA" route add default via 10.0.240.1
	ip -n "$R" route add 10.0.1.0/24 via $HA4
	# the NATed IPv4-only link N behind NR
	NR=$(ns_name nr)
	ns_create "$NR"
	ns_forwarding "$NR" 1
	veth_pair "$R" f4 "$NR" up0
	ip -n "$R" addr add 10.0.250.1/24 dev f4
	ip -n "$NR" addr add $NAT/24 dev up0
	ip -n "$NR" route add default via 10.0.250.1
	ns_sysctl "$MN" net.ipv4.conf.all.ignore_routes_with_linkdown=1
	nat_link "$NR" n eth4 192.168.1
	ip -n "$MN" addr add 192.168.1.100/24 dev eth4
	ip -n "$MN" route add default via 192.168.1.1 dev eth4
}

# nat_link NS NAME MN-IF NET: an IPv4-only access link NET.0/24 (NET:
# three octets) behind the NAT NS (nftables masquerade of NET.0/24 out of
# its up0): a bridge br-NAME with address NET.1 that keeps its carrier
# (a stub port), and the mobile node's MN-IF on its port NAME-mn,
# unplugged (ip -n NS link set NAME-mn up plugs it); no IPv6 on MN-IF.
nat_link() {
	local ns=$1 n=$2 mif=$3 net=$4
	veth_pair "$ns" "$n-mn" "$MN" "$mif"
	ns_sysctl "$MN" "net.ipv6.conf.$mif.disable_ipv6=1"
	ip -n "$ns" link add "br-$n" type bridge
	ip -n "$ns" link add "$n-stub" type dummy
	ip -n "$ns" link set "$n-stub" master "br-$n"
	ip -n "$ns" link set "$n-mn" master "br-$n"
	ip -n "$ns" link set "$n-stub" up
	ip -n "$ns" link set "br-$n" up
	ip -n "$ns" addr add "$net.1/24" dev "br-$n"
	ip netns exec "$ns" nft -f - <<EOF
table ip nat {
	chain post {
		type nat hook postrouting priority srcnat;
		ip saddr $net.0/24 oifname "up0" masquerade random
	}
}
EOF
	ip -n "$ns" link set "$n-mn" down
}

# dsmip_dual_b: B (AR2) dual-stack, 10.0.3.0/24 beside 2001:db8:b::/64
# (the node's IPv4 address there is the test's to give)
dsmip_dual_b() {
	ip -n "$R" addr add 10.0.242.1/24 dev f2
	ip -n "$AR2" addr add 10.0.242.2/24 dev up0
	ip -n "$AR2" route add default via 10.0.242.1
	ip -n "$AR2" addr add 10.0.3.1/24 dev br-b
	ip -n "$R" route add 10.0.3.0/24 via 10.0.242.2
}

# dsmip_rec HOA: the care-of record of a home address (IPv6 or IPv4) at
# the home agent: "ADDR PORT" (PORT 0: not UDP)
dsmip_rec() {
	"$IPMOB" -n "$HA" -j binding show 2>/dev/null | jq -r --arg h "$1" '
		first(.[] | select(.hoa == $h and (.peer | not) and
		                   ((.coas // []) | length > 0)) |
		      .coas[0] | "\(.addr // .addr4 // "") \(.udp_port // 0)")' 2>/dev/null || true
}
# cn_pings ADDR N: ping -c N from the correspondent to ADDR: how many
# replies
cn_pings() {
	# (ping fails when one is lost: a count, not an error)
	ip netns exec "$CN" ping -c "$2" -i 0.2 -W 1 "$1" 2>/dev/null |
		sed -n 's/.* \([0-9]*\) received.*/\1/p' || true
}

# ---- IPsec-protected registrations (RFC 4877): what the home agent refuses ----

# xfrm_stat NS COUNTER: a counter of the namespace's /proc/net/xfrm_stat.
xfrm_stat() {
	ip netns exec "$1" awk -v k="$2" '$1 == k { print $2 }' /proc/net/xfrm_stat
}

# ipsec_refuse_clear NS IFACE ADDR COA: a peer in NS (ADDR, added on
# IFACE) sends a BU in clear for the home address (a Home Address option,
# a good checksum, ipsec_mh.py); the home agent's inbound policy must
# refuse it (XfrmInTmplMismatch), ipmobd must not see it ($T/ha.log), the
# binding must stay at COA. One ktap result.
ipsec_refuse_clear() {
	local ns=$1 ifc=$2 att=$3 coa=$4 m0 m1 b0 b1 now d
	d=$(dirname -- "${BASH_SOURCE[0]}")
	ip -n "$ns" -6 addr add "$att/64" dev "$ifc" nodad
	m0=$(xfrm_stat "$HA" XfrmInTmplMismatch)
	b0=$(grep -c 'BU from' "$T/ha.log" || true)
	ns_exec "$ns" /usr/bin/python3 "$d/ipsec_mh.py" clear "$att" $M_HA $M_HOA 30000
	wait_for "[ \$(xfrm_stat \"\$HA\" XfrmInTmplMismatch) -gt $m0 ]" 5 || true
	sleep 1
	m1=$(xfrm_stat "$HA" XfrmInTmplMismatch)
	b1=$(grep -c 'BU from' "$T/ha.log" || true)
	now=$(ha_coa)
	ktap_print_msg "HA XfrmInTmplMismatch $m0 -> $m1, BUs ipmobd saw $b0 -> $b1, binding at the HA: $now"
	ktap_result $([ $((m1 - m0)) -ge 1 ] && [ "$b1" -eq "$b0" ] &&
		[ "$now" = "$coa" ]; echo $?) \
		"a BU in clear for the home address is refused by the home agent's policy"
}

# ipsec_refuse_replay NS PCAP COA: a peer in NS sends again, byte for byte,
# the ESP BUs of the capture from COA to the home agent; the SA's
# anti-replay window must refuse them (XfrmInStateSeqError), unseen by
# ipmobd, the binding unchanged. One ktap result.
# _bu_seqs: the sequence numbers of the BUs ipmobd at the home agent took
# in ($T/ha.log), one a line, in order
_bu_seqs() {
	sed -n 's/.*BU from .* care-of .*: seq \([0-9]*\),.*/\1/p' "$T/ha.log"
}

ipsec_refuse_replay() {
	local ns=$1 pcap=$2 coa=$3 s0 s1 b0 b1 n now d old q again=0
	d=$(dirname -- "${BASH_SOURCE[0]}")
	s0=$(xfrm_stat "$HA" XfrmInStateSeqError)
	old=$(_bu_seqs)
	b0=$(grep -c . <<<"$old" || true)
	n=$(ns_exec "$ns" /usr/bin/python3 "$d/ipsec_mh.py" replay "$pcap" "$coa" $M_HA)
	wait_for "[ \$(xfrm_stat \"\$HA\" XfrmInStateSeqError) -gt $s0 ]" 5 || true
	sleep 1
	s1=$(xfrm_stat "$HA" XfrmInStateSeqError)
	# a BU ipmobd took since with a number it had taken before is a
	# replay that got through (the mobile node's own refresh, which may
	# come meanwhile, has a new number)
	for q in $(_bu_seqs | tail -n +$((b0 + 1))); do
		grep -qx "$q" <<<"$old" && again=$((again + 1))
	done
	b1=$(_bu_seqs | grep -c . || true)
	now=$(ha_coa)
	ktap_print_msg "replayed $n packets; HA XfrmInStateSeqError $s0 -> $s1, BUs ipmobd took $b0 -> $b1, of them with an earlier number $again; binding: $now"
	ktap_result $([ "${n:-0}" -ge 1 ] && [ $((s1 - s0)) -ge 1 ] &&
		[ "$again" -eq 0 ] && [ "$now" = "$coa" ]; echo $?) \
		"a captured ESP BU replayed is refused by the anti-replay window"
}
