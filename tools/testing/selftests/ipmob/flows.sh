#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# flows.sh: flow rules (RFC 6089 flow bindings, RFC 6088 traffic
# selectors; "ipmob flow", IPMOB_CMD_FLOW_*) at a home agent with static
# bindings (no daemon). The home agent's binding for the home address has
# two care-of records, BID 1 on foreign link A and BID 2 on foreign link
# B, both of priority 0, so that without a rule a flow hash spreads the
# flows over both. The correspondent sends UDP from many source ports
# (many flows: a rule must move every one of them, which chance does not);
# dumpcap on R captures both links and tshark decodes each tunnelled
# packet (outer IPv6 destination = the care-of address = the path, inner
# protocol and ports).
#
#   CN ---- R ---- HA  hoa 2001:db8:1::100: coa A bid 1 prio 0,
#          |  \            coa B bid 2 prio 0 (and 10.0.1.100, 2001:db8:1::200)
#   link A |   \ link B (2001:db8:3::/64)
#          |    \
#          +- MN -+   eth0 CoA A 2001:db8:2::100, eth1 CoA B 2001:db8:3::100
#
#   1. no rule: each flow stays on one care-of record, the flows use both;
#      no flow counter moves
#   2. fid 1 bid 2 proto udp dport 5001: every UDP/5001 flow on B only
#   3. fid 2 bid 1 proto tcp: 8 TCP transfers intact, all of it on A only
#   4. ping and UDP to another port (no rule) still the default: spread,
#      tx_flow grew by exactly the packets the rules took
#   5. fid 3 drop dport 5002: nothing on either link, drop_flow and the
#      rule's packets counter ("ipmob -j flow show") grew by the number sent
#   6. fid 4 bid 1 bid 2 (n-cast): every packet on both links, tx_copy
#      grew by the number sent
#   7. order: of two overlapping rules the lower prio wins though added
#      last; at the same prio the lower fid wins though added last; flow
#      show lists (prio, fid) order
#   8. flow del of the winner: the other rule takes over
#   9. bad input (a BID the session lacks, a duplicate fid, an unknown
#      session, fid 0, dscp 64, a del naming a missing fid, a batch with
#      one bad line): non-zero exit, one line, the rules unchanged
#  10. binding change (new lifetime, same records) keeps the rules and
#      the traffic follows them
#  11. binding change without BID 2: its rule is skipped (default path);
#      BID 2 back: the rule applies again
#  12. IPv4 home address (IPv4 in IPv6, ip4ip6): rules by IPv4 source
#      range and DSCP range pick the path; a non-matching source range drops
#      nothing
#  13. 10,000 rules on one session by "ipmob -batch" (timed; the kernel
#      memory per rule is printed), flow show lists 10,000 in order
#  14. traffic matching only the last of the 10,000 goes to its BID (2),
#      traffic matching the 5th to its BID (1); their packets counters
#  15. flow del without fid deletes all 10,000
#  16. binding del removes the session's rules; added again it has none
# ipmob-timeout: 420
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/ipmob_lib.bash"

require_root
require_cmd ip ping tshark dumpcap ss
ipmob_load

ktap_header
ktap_plan 16
topo_mip6
topo_ipv4
T=$(test_tmpdir)
PY=/usr/bin/python3
COAB=2001:db8:3::100
HOA2=2001:db8:1::200
veth_pair "$R" mn1 "$MN" eth1
ip -n "$R" -6 addr add 2001:db8:3::1/64 dev mn1 nodad
ip -n "$MN" -6 addr add $COAB/64 dev eth1 nodad

S=(hoa "$HOA" dev mob0)		# the IPv6 session (SESSION words)
# the home agent's binding: both records preferred (prio 0)
# shellcheck disable=SC2086 # $3: words of the records (encap ...)
ha_binding() {
	ipmob_n "$HA" binding "$1" hoa "$2" coa $COA bid 1 prio 0 ${3:-} \
		coa $COAB bid 2 prio 0 ${3:-} local $HA_ADDR lifetime "${4:-600}" dev mob0
}
ha_binding add $HOA
ipmob_n "$MN" binding add hoa $HOA coa $COA peer $HA_ADDR dev mob0
# neighbours resolved before anything is counted
ns_exec "$CN" ping -6 -c 2 -i 0.2 -W 2 $HOA >/dev/null 2>&1 || true
ns_exec "$R" ping -6 -c 1 -W 2 $COA >/dev/null 2>&1 || true
ns_exec "$R" ping -6 -c 1 -W 2 $COAB >/dev/null 2>&1 || true

# udp_send [DST DPORT SPORT0 NFLOWS PER DSCP]...: from CN, NFLOWS UDP
# flows (source ports SPORT0..) of PER packets each, with DSCP, to
# DST:DPORT, for each group of six arguments.
udp_send() {
	ns_exec "$CN" $PY - "$@" <<'EOF'
import socket, sys, time
a = sys.argv[1:]
for g in range(0, len(a), 6):
    dst, dport, sp0, nf, per, dscp = a[g:g + 6]
    fam = socket.AF_INET6 if ":" in dst else socket.AF_INET
    for i in range(int(nf)):
        s = socket.socket(fam, socket.SOCK_DGRAM)
        if fam == socket.AF_INET6:
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_TCLASS, int(dscp) << 2)
        else:
            s.setsockopt(socket.IPPROTO_IP, socket.IP_TOS, int(dscp) << 2)
        s.bind(("", int(sp0) + i))
        for k in range(int(per)):
            s.sendto(b"ipmob flow rules", (dst, int(dport)))
            time.sleep(0.002)
        s.close()
EOF
}

# tcp_flows PORT N BYTES: N TCP connections CN -> HoA:PORT, BYTES each;
# succeeds when the listener on MN got N * BYTES.
tcp_flows() {
	local port=$1 n=$2 bytes=$3 srv got
	ns_exec "$MN" timeout 120 $PY - $HOA "$port" "$n" >"$T/tcp.srv" 2>&1 <<'EOF' &
import socket, sys
addr, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((addr, port))
s.listen(n)
total = 0
for i in range(n):
    c, _ = s.accept()
    while True:
        b = c.recv(65536)
        if not b:
            break
        total += len(b)
    c.close()
print(total)
EOF
	srv=$!
	_IPMOB_BG_PIDS+=("$srv")
	wait_for "ns_exec \"\$MN\" ss -Hltn 'sport = :$port' | grep -q ." 20 ||
		ktap_print_msg "listener on port $port not up"
	ns_exec "$CN" timeout 100 $PY - $HOA "$port" "$n" "$bytes" <<'EOF' ||
import socket, sys
addr, port, n, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
for i in range(n):
    c = socket.create_connection((addr, port), timeout=30)
    c.sendall(b"f" * size)
    c.shutdown(socket.SHUT_WR)
    c.recv(1)
    c.close()
EOF
		ktap_print_msg "TCP client failed"
	wait "$srv" || true
	got=$(cat "$T/tcp.srv")
	[ "$got" = $((n * bytes)) ] && return 0
	ktap_print_msg "TCP: sent $n x $bytes bytes, the listener got: $got"
	return 1
}

# cap_ab FILE: capture both foreign links at R (what HA tunnelled only).
cap_ab() {
	ip netns exec "$R" dumpcap -q -f "ip6 src $HA_ADDR" -i mn0 -i mn1 \
		-w "$1" >"$1.log" 2>&1 &
	_IPMOB_BG_PIDS+=("$!")
	CAP_PID=$!
	wait_for "grep -q 'Capturing on' '$1.log' && [ -s '$1' ]" 30 ||
		{ cat "$1.log"; return 1; }
	sleep 0.2
}

# tally PCAP OUT: one line per tunnelled packet: "PATH L4 SPORT DPORT",
# PATH A or B by the outer destination (BID 1's or BID 2's care-of
# address), L4 udp, tcp, echo6, echo4 or other (the first of each field:
# the outer IPv6 header, the inner transport header).
tally() {
	sleep 0.3
	cap_stop
	tshark -r "$1" -Y "ipv6.src == $HA_ADDR" -T fields -E separator='|' \
		-E occurrence=f -e ipv6.dst -e udp.srcport -e udp.dstport \
		-e tcp.srcport -e tcp.dstport -e icmpv6.type -e icmp.type 2>/dev/null |
		awk -F'|' -v a=$COA -v b=$COAB '{
			p = ($1 == a) ? "A" : ($1 == b) ? "B" : "?"
			if ($3 != "") print p, "udp", $2, $3
			else if ($5 != "") print p, "tcp", $4, $5
			else if ($6 == "128") print p, "echo6", 0, 0
			else if ($7 == "8") print p, "echo4", 0, 0
			else print p, "other", 0, 0 }' >"$2"
}

# cnt FILE PATH L4 DPORT [SPORT_LO [SPORT_HI]]: packets of a tally (PATH
# or DPORT "*": any).
cnt() {
	awk -v p="$2" -v l="$3" -v d="$4" -v lo="${5:-0}" -v hi="${6:-${5:-65535}}" '
		(p == "*" || $1 == p) && $2 == l && (d == "*" || $4 == d) &&
		$3 >= lo && $3 <= hi { n++ } END { print n + 0 }' "$1"
}

# spread FILE DPORT: "A B MIXED": flows (source ports) to DPORT seen on A
# only, on B only, on both.
spread() {
	awk -v d="$2" '$2 == "udp" && $4 == d { s[$3] = s[$3] $1 }
		END { for (k in s) { if (s[k] ~ /A/ && s[k] ~ /B/) m++; else if (s[k] ~ /A/) a++; else b++ }
		      print a + 0, b + 0, m + 0 }' "$1"
}

# onpath FILE PATH L4 DPORT N [SPORT_LO SPORT_HI]: all N packets on PATH,
# none on the other; prints what it saw.
onpath() {
	local f=$1 p=$2 o=B a b
	[ "$p" = A ] || o=A
	a=$(cnt "$f" "$p" "$3" "$4" "${6:-0}" "${7:-65535}")
	b=$(cnt "$f" "$o" "$3" "$4" "${6:-0}" "${7:-65535}")
	ktap_print_msg "$3 to $4${6:+ from $6-$7}: $a on $p, $b on $o (sent $5)"
	[ "$a" -eq "$5" ] && [ "$b" -eq 0 ]
}

# counters: "drop_flow tx_flow tx_copy" at HA ("ipmob -j stats", one
# object; awk, as python starts slowly under emulation)
counters() {
	ipmob_n "$HA" -j stats | sed 's/[{},]/\n/g' | awk -F: '
		{ gsub("\"", "", $1); v[$1] = $2 }
		END { print v["drop_flow"], v["tx_flow"], v["tx_copy"] }'
}

# rules [SESSION]: "hoa fid prio action bids packets" per rule, in the
# order "flow show" gives them
rules() {
	ipmob_n "$HA" flow show "$@" | awk '{
		h = f = p = k = b = ""; a = "forward"
		for (i = 1; i <= NF; i++) {
			if ($i == "hoa") h = $(i + 1)
			else if ($i == "fid") f = $(i + 1)
			else if ($i == "prio") p = $(i + 1)
			else if ($i == "bid") b = b (b == "" ? "" : ",") $(i + 1)
			else if ($i == "drop") a = "drop"
			else if ($i == "packets") k = $(i + 1)
		}
		sub("/.*", "", h)
		print h, f, p, a, (b == "" ? "-" : b), k }'
}
# rule_list [SESSION]: the same without the counter
rule_list() { rules "$@" | awk '{ $6 = ""; print }'; }
# jpackets SESSION... -- FID...: the packets counters of rules FID...
# from "ipmob -j flow show SESSION"
jpackets() {
	local s=()
	while [ "$1" != -- ]; do s+=("$1"); shift; done
	shift
	ipmob_n "$HA" -j flow show "${s[@]}" | $PY -c 'import json, sys
r = {x["fid"]: x.get("packets") for x in json.load(sys.stdin)}
print(" ".join(str(r.get(int(f))) for f in sys.argv[1:]))' "$@"
}

# ---------------------------------------------------------------- 1
read -r d0 f0 c0 <<<"$(counters)"
cap_ab "$T/a.pcap"
udp_send $HOA 6000 20000 16 2 0
tally "$T/a.pcap" "$T/a"
read -r fa fb fm <<<"$(spread "$T/a" 6000)"
read -r d1 f1 c1 <<<"$(counters)"
tot=$(cnt "$T/a" "*" udp 6000)
ktap_print_msg "no rule: 16 flows to port 6000: $fa on A only, $fb on B only, $fm on both; $tot of 32 packets; drop_flow/tx_flow/tx_copy $d0/$f0/$c0 -> $d1/$f1/$c1"
ktap_result "$([ "$tot" -eq 32 ] && [ "$fm" -eq 0 ] && [ "$fa" -ge 1 ] &&
	[ "$fb" -ge 1 ] && [ "$d1$f1$c1" = "$d0$f0$c0" ]; echo $?)" \
	"no rule: each flow on one care-of record, the flows spread over both, no flow counter"

# ---------------------------------------------------------------- 2-4
ipmob_n "$HA" flow add "${S[@]}" fid 1 bid 2 proto udp dport 5001
ipmob_n "$HA" flow add "${S[@]}" fid 2 bid 1 proto tcp
ktap_print_msg "$(ipmob_n "$HA" flow show)"
read -r d0 f0 c0 <<<"$(counters)"
cap_ab "$T/b.pcap"
udp_send $HOA 5001 20100 16 2 0 $HOA 6000 20200 16 2 0
tcp_ok=0
tcp_flows 5010 8 20000 || tcp_ok=1
ping_ok=0
ns_exec "$CN" ping -6 -c 4 -i 0.2 -W 2 $HOA >/dev/null || ping_ok=1
tally "$T/b.pcap" "$T/b"
read -r d1 f1 c1 <<<"$(counters)"
ok=0
onpath "$T/b" B udp 5001 32 || ok=1
ktap_result $ok "fid 1 bid 2 proto udp dport 5001: every UDP/5001 flow on BID 2's path only"
tcpa=$(cnt "$T/b" A tcp 5010)
tcpb=$(cnt "$T/b" B tcp 5010)
ktap_print_msg "TCP to 5010: $tcpa packets on A, $tcpb on B"
ktap_result "$([ $tcp_ok -eq 0 ] && [ "$tcpa" -ge 8 ] && [ "$tcpb" -eq 0 ]; echo $?)" \
	"fid 2 bid 1 proto tcp: 8 TCP transfers intact, all on BID 1's path"
read -r fa fb fm <<<"$(spread "$T/b" 6000)"
e6=$(cnt "$T/b" "*" echo6 "*")
u5=$(cnt "$T/b" "*" udp 5001)
ktap_print_msg "no rule: UDP/6000 flows $fa on A, $fb on B, $fm on both; ping ok=$((1 - ping_ok)), $e6 echo requests; tx_flow $f0 -> $f1 (rules took $u5 + $((tcpa + tcpb)))"
ktap_result "$([ $ping_ok -eq 0 ] && [ "$e6" -eq 4 ] && [ "$fm" -eq 0 ] &&
	[ "$fa" -ge 1 ] && [ "$fb" -ge 1 ] &&
	[ $((f1 - f0)) -eq $((u5 + tcpa + tcpb)) ] && [ "$c1$d1" = "$c0$d0" ]; echo $?)" \
	"ping and other UDP (no rule) take the default; tx_flow counts only what the rules took"

# ---------------------------------------------------------------- 5-6
ipmob_n "$HA" flow add "${S[@]}" fid 3 drop proto udp dport 5002
ipmob_n "$HA" flow add "${S[@]}" fid 4 bid 1 bid 2 proto udp dport 5003
read -r d0 f0 c0 <<<"$(counters)"
cap_ab "$T/c.pcap"
udp_send $HOA 5002 20300 10 2 0 $HOA 5003 20400 10 2 0
tally "$T/c.pcap" "$T/c"
read -r d1 f1 c1 <<<"$(counters)"
read -r p3 p4 <<<"$(jpackets "${S[@]}" -- 3 4)"
seen=$(cnt "$T/c" "*" udp 5002)
ktap_print_msg "drop rule: UDP/5002 sent 20, on the links: $seen; drop_flow $d0 -> $d1; rule fid 3 packets (-j flow show): $p3"
ktap_result "$([ "$seen" -eq 0 ] && [ $((d1 - d0)) -eq 20 ] && [ "$p3" = 20 ]; echo $?)" \
	"fid 3 drop: nothing leaves, drop_flow and the rule's packets grow by the number sent"
na=$(cnt "$T/c" A udp 5003)
nb=$(cnt "$T/c" B udp 5003)
ktap_print_msg "n-cast: UDP/5003 sent 20: $na on A, $nb on B; tx_copy $c0 -> $c1, tx_flow $f0 -> $f1, rule fid 4 packets $p4"
ktap_result "$([ "$na" -eq 20 ] && [ "$nb" -eq 20 ] && [ $((c1 - c0)) -eq 20 ]; echo $?)" \
	"fid 4 bid 1 bid 2 (n-cast): every packet on both paths, tx_copy grows by the number sent"

# ---------------------------------------------------------------- 7-8
# added in the order 10, 11, 13, 12: the winners (11, 12) come last
ipmob_n "$HA" flow add "${S[@]}" fid 10 prio 20 bid 1 proto udp dport 5004
ipmob_n "$HA" flow add "${S[@]}" fid 11 prio 10 bid 2 proto udp dport 5004-5005
ipmob_n "$HA" flow add "${S[@]}" fid 13 prio 10 bid 2 proto udp dport 5006
ipmob_n "$HA" flow add "${S[@]}" fid 12 prio 10 bid 1 proto udp dport 5006
order=$(rules "${S[@]}" | awk '{ printf "%s/%s ", $3, $2 }')
sorted=$(rules "${S[@]}" | sort -k3,3n -k2,2n | awk '{ printf "%s/%s ", $3, $2 }')
cap_ab "$T/f.pcap"
udp_send $HOA 5004 21000 16 2 0 $HOA 5006 21000 16 2 0
ipmob_n "$HA" flow del "${S[@]}" fid 11
udp_send $HOA 5004 21100 16 2 0
tally "$T/f.pcap" "$T/f"
ktap_print_msg "flow show order (prio/fid): $order"
ok=0
onpath "$T/f" B udp 5004 32 21000 21015 || ok=1
onpath "$T/f" A udp 5006 32 21000 21015 || ok=1
ktap_result "$([ $ok -eq 0 ] && [ "$order" = "$sorted" ]; echo $?)" \
	"overlapping rules: lower prio wins, then lower fid, whatever the order added; shown in that order"
ok=0
onpath "$T/f" A udp 5004 32 21100 21115 || ok=1
ktap_result $ok "flow del fid 11: the overlapping rule fid 10 takes over"

# ---------------------------------------------------------------- 9
before=$(rule_list)
bad=""
# refused RC_CHECK ARGS...: the ipmob command must fail with one line
refused() {
	local rc=0 out
	out=$(ipmob_n "$HA" "$@" 2>&1 >/dev/null) || rc=$?
	ktap_print_msg "'$*': exit $rc: $out"
	if [ "$rc" -eq 0 ] || [ "$(grep -c . <<<"$out")" -ne 1 ]; then
		bad+=" [$*]"
	fi
}
refused flow add "${S[@]}" fid 30 bid 3 proto udp dport 9
refused flow add "${S[@]}" fid 1 bid 1 proto udp dport 9
refused flow add hoa 2001:db8:1::77 dev mob0 fid 30 bid 1 proto udp
refused flow add "${S[@]}" fid 0 bid 1 proto udp
refused flow add "${S[@]}" fid 30 bid 1 dscp 64
refused flow del "${S[@]}" fid 10 fid 99
printf 'flow add hoa %s dev mob0 fid 31 bid 1 proto udp dport 9\nflow add hoa %s dev mob0 fid 32 bid 3 proto udp dport 9\n' \
	$HOA $HOA >"$T/bad.batch"
rc=0
out=$(ipmob_n "$HA" -batch "$T/bad.batch" 2>&1) || rc=$?
ktap_print_msg "batch with a bad second line: exit $rc: $out"
[ "$rc" -ne 0 ] || bad+=" [batch]"
after=$(rule_list)
[ "$before" = "$after" ] || { bad+=" [rules changed]"; ktap_print_msg "before:" "$before" "after:" "$after"; }
ktap_result "$([ -z "$bad" ]; echo $?)" \
	"bad flow commands: non-zero exit, one line, nothing applied${bad:+ (wrong:$bad)}"

# ---------------------------------------------------------------- 10-11
before=$(rule_list "${S[@]}")
ha_binding change $HOA "" 900
after=$(rule_list "${S[@]}")
lt=$(ipmob_n "$HA" binding show "${S[@]}" | grep -o 'lifetime [0-9]*' | cut -d' ' -f2)
cap_ab "$T/i.pcap"
udp_send $HOA 5001 22000 16 2 0
ipmob_n "$HA" binding change hoa $HOA coa $COA bid 1 prio 0 local $HA_ADDR lifetime 900 dev mob0
udp_send $HOA 5001 22100 16 2 0
ha_binding change $HOA "" 900
udp_send $HOA 5001 22200 16 2 0
tally "$T/i.pcap" "$T/i"
ktap_print_msg "binding change: lifetime now $lt; $(wc -l <<<"$after") rules after, $(wc -l <<<"$before") before"
ok=0
[ "$before" = "$after" ] && [ "$lt" = 900 ] || ok=1
onpath "$T/i" B udp 5001 32 22000 22015 || ok=1
ktap_result $ok "binding change (new lifetime) keeps the rules; UDP/5001 still on BID 2"
ok=0
onpath "$T/i" A udp 5001 32 22100 22115 || ok=1
onpath "$T/i" B udp 5001 32 22200 22215 || ok=1
ktap_result $ok "BID 2 gone: its rule is skipped (default path); BID 2 back: the rule applies again"

# ---------------------------------------------------------------- 12
S4=(hoa "$HOA4" dev mob0)
ha_binding add $HOA4 "encap ip4ip6"
ipmob_n "$HA" flow add "${S4[@]}" fid 1 prio 0 drop src 10.9.0.0/16
ipmob_n "$HA" flow add "${S4[@]}" fid 2 prio 1 bid 2 src 10.0.12.0/24 dscp 10-12
ipmob_n "$HA" flow add "${S4[@]}" fid 3 prio 2 bid 1 src 10.0.12.1-10.0.12.9 proto udp
ktap_print_msg "$(ipmob_n "$HA" flow show "${S4[@]}")"
ns_exec "$CN" ping -4 -c 1 -W 2 $HOA4 >/dev/null 2>&1 || true	# ARP on the way
cap_ab "$T/e.pcap"
udp_send $HOA4 7000 30000 16 2 0 $HOA4 7000 30100 16 2 10 $HOA4 7000 30200 16 2 12 \
	$HOA4 7000 30300 16 2 13
tally "$T/e.pcap" "$T/e"
ok=0
onpath "$T/e" A udp 7000 32 30000 30015 || ok=1
onpath "$T/e" B udp 7000 32 30100 30115 || ok=1
onpath "$T/e" B udp 7000 32 30200 30215 || ok=1
onpath "$T/e" A udp 7000 32 30300 30315 || ok=1
ktap_result $ok "IPv4 home address: src 10.0.12.0/24 dscp 10-12 -> BID 2, src 10.0.12.1-10.0.12.9 -> BID 1, 10.9.0.0/16 drop matches nothing"

# ---------------------------------------------------------------- 13-15
S2=(hoa "$HOA2" dev mob0)
ha_binding add $HOA2
# fids 1..9999 (prio rising to 249) send UDP to ports 10001..19999 to BID
# 1; fid 10000, prio 255, the last in order, sends port 5999 to BID 2
awk -v h=$HOA2 'BEGIN { for (i = 1; i < 10000; i++)
	printf "flow add hoa %s dev mob0 fid %d prio %d bid 1 proto udp dport %d\n", h, i, int((i - 1) / 40), 10000 + i
	printf "flow add hoa %s dev mob0 fid 10000 prio 255 bid 2 proto udp dport 5999\n", h }' >"$T/10k.batch"
# kernel_kb: slab and vmalloc in use (kB), as scale.sh
kernel_kb() {
	awk '$1 == "Slab:" || $1 == "VmallocUsed:" { kb += $2 } END { print kb }' /proc/meminfo
}
# settled_kb: kernel_kb once it has stopped falling for 2 s, 6 s after
# the call at the earliest (at most 26 s): each message of a batch
# replaced the session's rule array, and the arrays replaced are freed
# after RCU; kvfree_rcu batches them for up to 5 s (6.1)
settled_kb() {
	local prev now i
	sleep 6
	prev=$(kernel_kb)
	for i in $(seq 1 10); do
		sleep 2
		now=$(kernel_kb)
		[ "$now" -lt "$prev" ] || break
		prev=$now
	done
	echo "$now"
}
sync
echo 2 >/proc/sys/vm/drop_caches
m0=$(kernel_kb)
t0=$(date +%s%N)
rc=0
ipmob_n "$HA" -batch "$T/10k.batch" || rc=$?
t1=$(date +%s%N)
m1=$(settled_kb)
ktap_print_msg "kernel memory (slab + vmalloc) $m0 kB -> $m1 kB: $(( (m1 - m0) * 1024 / 10000 )) bytes per rule"
rules "${S2[@]}" >"$T/10k"
n=$(wc -l <"$T/10k")
first=$(head -n 1 "$T/10k" | cut -d' ' -f2)
last=$(tail -n 1 "$T/10k" | cut -d' ' -f2)
ktap_print_msg "ipmob -batch: 10,000 flow add lines in $(( (t1 - t0) / 1000000 )) ms (exit $rc); flow show: $n rules, fid $first first, fid $last last"
ktap_result "$([ "$rc" -eq 0 ] && [ "$n" -eq 10000 ] && [ "$first" = 1 ] && [ "$last" = 10000 ]; echo $?)" \
	"10,000 rules added by one batch; flow show lists 10,000 in order"
cap_ab "$T/g.pcap"
udp_send $HOA2 5999 23000 16 2 0 $HOA2 10005 23100 16 2 0
tally "$T/g.pcap" "$T/g"
pk=$(jpackets "${S2[@]}" -- 5 10000)
ok=0
onpath "$T/g" B udp 5999 32 || ok=1
onpath "$T/g" A udp 10005 32 || ok=1
ktap_print_msg "packets of fid 5 and fid 10000: $pk"
ktap_result "$([ $ok -eq 0 ] && [ "$pk" = "32 32" ]; echo $?)" \
	"the last of 10,000 rules takes its traffic to BID 2, the 5th to BID 1; their counters"
t0=$(date +%s%N)
rc=0
ipmob_n "$HA" flow del "${S2[@]}" || rc=$?
t1=$(date +%s%N)
left=$(rules "${S2[@]}" | wc -l)
m2=$(settled_kb)
ktap_print_msg "flow del of all: exit $rc in $(( (t1 - t0) / 1000000 )) ms, $left left; kernel memory $m2 kB (before the batch: $m0 kB)"
ktap_result "$([ "$rc" -eq 0 ] && [ "$left" -eq 0 ]; echo $?)" "flow del without fid deletes all 10,000"

# ---------------------------------------------------------------- 16
n6=$(rules | grep -c "^$HOA " || true)
ipmob_n "$HA" binding del "${S[@]}"
left=$(rules | grep -c "^$HOA " || true)
ha_binding add $HOA
fresh=$(rules "${S[@]}" | wc -l)
n4=$(rules "${S4[@]}" | wc -l)
ktap_print_msg "rules of $HOA: $n6 before binding del, $left after; re-added binding: $fresh; the IPv4 session keeps $n4"
ktap_result "$([ "$n6" -eq 7 ] && [ "$left" -eq 0 ] && [ "$fresh" -eq 0 ] && [ "$n4" -eq 3 ]; echo $?)" \
	"binding del removes the session's rules (and only those); added again it has none"
ktap_finish
