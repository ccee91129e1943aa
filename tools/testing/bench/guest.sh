#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# guest.sh: the forwarding benchmark, run inside the test VM by run.sh
# (as root, module not loaded yet, $IPMOB_KO set). Writes raw figures to
# $IPMOB_VM_OUT (run.sh turns them into the report):
#
#   meta.tsv     key<TAB>value (kernel, settings, set-up times, tunnel count)
#   runs.tsv     round<TAB>seq<TAB>contender<TAB>sent<TAB>forwarded<TAB>usec<TAB>
#                pktgen_pps<TAB>errors<TAB>out0_bytes (round 0: warm-up)
#   memory.tsv   what<TAB>count<TAB>key<TAB>bytes_before<TAB>bytes_after
#   tcp.tsv      round<TAB>seq<TAB>contender<TAB>bits_per_s<TAB>retransmits
#                (iperf3 through the forwarding node; round 0: warm-up)
#   health.txt   problems seen (dmesg warnings, drop counters, lost packets)
#
# Topology: one network namespace per contender, all alike but for what
# the contender needs.  pktgen injects 64-byte UDP/IPv6 packets (78-byte
# frames, the smallest pktgen makes for IPv6) into the receive path of a
# dummy device in0 (xmit_mode netif_receive); the namespace forwards
# them out of a second dummy device out0, whose
# tx_packets is what counts.  No second stack receives the packets, so
# the figure is the forwarding node's own cost per packet, on one CPU
# (pktgen's thread kpktgend_0 is bound to CPU 0 and the forwarding runs
# in its context).
#
#        pktgen --netif_receive--> in0 [ namespace under test ] out0 --> (dummy: freed)
#        src 2001:db8:4::2         2001:db8:4::1/64          2001:db8:5::1/64
#                                                  route 2001:db8:f::/48 via 2001:db8:5::2
#
# Contenders, each with 1 and with $BENCH_BINDINGS mobile nodes:
#   plain   routes 2001:db8:1::/64 (the home prefix) out of out0: the ceiling
#   tunnel  ipmob home agent: binding cache entries hoa H coa C, tunnel mode;
#           the PRE_ROUTING hook encapsulates toward C (IPv6-in-IPv6)
#   ro      ipmob binding cache entries in RO mode: the packet gets a type 2
#           routing header and goes to C (forwarded route optimisation)
#   ip6tnl  the kernel's ip6_tunnel, one ip6ip6 device per mobile node
#           (local L remote C, encaplimit none) and a /128 route for each
#           home address into its device, the way UMIP's home agent does it
#   flows   (configuration 1 only) tunnel's binding, its care-of record
#           named BID 1, with $BENCH_FLOWS flow rules of which only the
#           last in order (prio 255, fid $BENCH_FLOWS) matches pktgen's
#           packets (proto udp dport 9, forward to BID 1); the others are
#           proto udp dport 10001.. : every packet walks them all.  Set
#           up with one "ipmob -batch"; slab and vmalloc around it give
#           the memory per rule (memory.tsv "flow-rules")
#   udp     (configuration 1 only) tunnel's binding with "encap udp port
#           4191" (RFC 5555 4.1): IPv6 in UDP/IPv6 toward C port 4191,
#           from the namespace's UDP tunnel socket, which "ipmob udp
#           listen port 4191" holds for the whole run
#   prefix  (configuration N only) $BENCH_BINDINGS /64 prefix bindings
#           (hoa 2001:db8:P:Q::/64, P:Q = 0x1000:0000 + i), tunnel mode,
#           care-of addresses as tunnel's; pktgen spreads its packets over
#           $BENCH_HOT of the prefixes (::1 in each) as over tunnel's
#           home addresses: prefix against exact (/128) lookups
# Mobile routers (configuration R): $BENCH_ROUTERS mobile routers, each a
# /64 mobile network prefix binding as prefix's (its care-of record
# named BID 1), all traffic to ::1 in the last router's prefix:
#   plain   routes 2001:db8:1000::/36 (the prefixes) out of out0
#   mr      no flow rules: the prefix lookup among $BENCH_ROUTERS
#   mrflows the last router's session carries $BENCH_ROUTER_FLOWS flow
#           rules, of which only the last in order (prio 255) matches
#           pktgen's packets (proto udp dport 9, forward to BID 1), as
#           flows' (issue 11: "1,000 flow rules on one router and
#           100,000 routers"); mrflows/mr is the rules' cost
# IPv4, configuration 1 only, with their own plain reference (plain4):
#   plain4  routes 10.1.0.0/16 out of out0: the IPv4 ceiling
#   tunnel4 ipmob home agent with one IPv4 binding, "hoa 10.1.0.1 coa
#           10.15.2.1 encap ipip local 10.0.5.1" (RFC 2003)
#   udp4    ipmob with one IPv4 binding in UDP over IPv4, "hoa 10.1.0.1
#           coa 10.15.2.1 encap udp port 4191 local 10.0.5.1": a DSMIPv6
#           home agent's path to a node behind a NAT (RFC 5555 4.1), from
#           the namespace's IPv4 UDP tunnel socket ("ipmob udp listen
#           address 10.0.5.1 port 4191", held for the whole run)
#   4in6    ipmob with one IPv4 binding through an IPv6 care-of address,
#           "hoa 10.1.0.1 coa 2001:db8:f:2::1:0": a DSMIPv6 home agent's
#           IPv4 home address on an IPv6 link (IPv4 in IPv6)
#   ipip    the kernel's ipip device (local 10.0.5.1 remote 10.15.2.1)
#           and a /32 route for the home address into it
# pktgen sends IPv4 packets of 44 bytes (58-byte frames, the smallest
# pktgen makes for IPv4: 20 + UDP 8 + its 16-byte header) from
# 10.0.4.2 on in0 (10.0.4.1/24); out0 is 10.0.5.1/24, route
# 10.15.0.0/16 via 10.0.5.2.
# Session scaling, for each size S of $BENCH_SIZES (between 1 and
# $BENCH_BINDINGS): plain-S, tunnel-S (S bindings, traffic to $BENCH_HOT
# of them) and ip6tnl-S (S devices, only when fewer than the ip6tnl-N
# namespace got: the report says so), alternated like configuration N.
# The correspondent's own send path (configuration L, no pktgen): udpsend
# ($BENCH_UDPSEND, sendmmsg of 16-byte UDP payloads, 78-byte frames) from
# the namespace's own stack to home address 0 out of out0:
#   plain   no binding (routes 2001:db8:1::/64 out of out0)
#   ro      an ipmob binding "hoa H coa C mode ro": the LOCAL_OUT hook adds
#           the type 2 routing header (102-byte frames)
#   xfrm    the kernel's own route optimisation, as UMIP's correspondent
#           sets it up: an xfrm state "proto route2 mode ro coa C" and an
#           out policy with a route2 template (net/ipv6/mip6.c, 102 bytes)
# TCP (tcp.tsv): iperf3 -c from a correspondent through a forwarding node
# to the mobile node's home address over veth links, $BENCH_TCP_SECS s a
# run, contenders alternated per round (plain tunnel plain ip6tnl plain):
#   CN eth0 2001:db8:c::2 -- cn0 [HA] mn0 2001:db8:2::1 -- eth0 [MN] CoA 2001:db8:2::100
#   plain   HA routes the home address to the MN, which holds it on lo
#   tunnel  HA is an ipmob home agent with a binding hoa H coa C local
#           2001:db8:2::1; the MN decapsulates with an ip6tnl device
#           (local C remote 2001:db8:2::1) holding H
#   ip6tnl  HA has an ip6tnl device (local 2001:db8:2::1 remote C) and a
#           /128 route for H into it; the MN as for tunnel
# In tunnel and ip6tnl the MN sends its ACKs back through its ip6tnl device
# (reverse tunnelling, RFC 6275 10.4.5), which the HA decapsulates.
# Home address i (0-based) is 2001:db8:1::X:Y, care-of 2001:db8:f:2::X:Y
# with X = i / 65536 + 1, Y = i % 65536.  With one mobile node pktgen sends
# to home address 0; with many, to $BENCH_HOT home addresses (0 .. HOT-1)
# picked at random per packet (pktgen's dst6_min/dst6_max).
#
# Settings (environment): BENCH_BINDINGS (1000000), BENCH_ROUNDS (15),
# BENCH_SECS (0.5: length of one run), BENCH_HOT (256, a power of two),
# BENCH_ROUTERS (100000: mobile routers of configuration R),
# BENCH_ROUTER_FLOWS (1000: flow rules of mrflows, at most 16384),
# BENCH_TNL_SECS (120: time allowed to create ip6tnl devices),
# BENCH_TNL_MAX (1000000: most ip6tnl devices to create), BENCH_FLOWS
# (10000: flow rules of the flows contender, at most 16384), BENCH_SIZES
# (session counts of the scaling curve between 1 and BENCH_BINDINGS, "" for
# none), BENCH_UDPSEND (the udpsend binary; without it configuration L is
# not measured), BENCH_TCP_SECS (1: length of one iperf3 run, 0: no TCP).
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=../selftests/ipmob/ipmob_lib.bash
. "$here/../selftests/ipmob/ipmob_lib.bash"

OUT=${IPMOB_VM_OUT:?not in the VM}
N=${BENCH_BINDINGS:-1000000}
ROUNDS=${BENCH_ROUNDS:-15}
SECS=${BENCH_SECS:-0.5}
HOT=${BENCH_HOT:-256}
TNL_SECS=${BENCH_TNL_SECS:-120}
TNL_MAX=${BENCH_TNL_MAX:-1000000}
FLOWS=${BENCH_FLOWS:-10000}
ROUTERS=${BENCH_ROUTERS:-100000}
RFLOWS=${BENCH_ROUTER_FLOWS:-1000}
SIZES=${BENCH_SIZES-}
UDPSEND=${BENCH_UDPSEND:-}
TCP_SECS=${BENCH_TCP_SECS:-1}
CHUNK=250		# ip6tnl devices created per ip -batch call

mkdir -p "$OUT"
: >"$OUT/meta.tsv"
: >"$OUT/runs.tsv"
: >"$OUT/memory.tsv"
: >"$OUT/health.txt"
T=$(mktemp -d)

log() { printf '[bench %7.1f] %s\n' "$(cut -d' ' -f1 /proc/uptime)" "$*"; }
meta() { printf '%s\t%s\n' "$1" "$2" >>"$OUT/meta.tsv"; }
problem() { log "PROBLEM: $*"; printf '%s\n' "$*" >>"$OUT/health.txt"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

# hoa I / coa I: the addresses of mobile node I.
hoa() { printf '2001:db8:1::%x:%x' $(($1 / 65536 + 1)) $(($1 % 65536)); }
coa() { printf '2001:db8:f:2::%x:%x' $(($1 / 65536 + 1)) $(($1 % 65536)); }
# pfx I: home prefix I of the prefix contender (without "/64").
pfx() { printf '2001:db8:%x:%x::' $((0x1000 + $1 / 65536)) $(($1 % 65536)); }
LOCAL=2001:db8:5::1
SRC=2001:db8:4::2
IN_MAC=02:00:00:00:00:01
# IPv4: the one mobile node of tunnel4 and ipip
LOCAL4=10.0.5.1
SRC4=10.0.4.2
HOA4=10.1.0.1
COA4=10.15.2.1
UDP_PORT=4191

# -------------------------------------------------------------- helpers

# meminfo: "Slab SUnreclaim VmallocUsed Percpu MemFree MemAvailable" in bytes.
# printf "%.0f": mawk prints a number past 2^31 as 3.79249e+09 (and %d
# clamps it), which MemFree of a 4 GiB guest is.
meminfo() {
	awk '{ v[$1] = $2 * 1024 } END {
		printf "%.0f %.0f %.0f %.0f %.0f %.0f\n", v["Slab:"], v["SUnreclaim:"], v["VmallocUsed:"], v["Percpu:"], v["MemFree:"], v["MemAvailable:"] }' /proc/meminfo
}

# slab NAME: "active_objs num_objs objsize pages" of a slab cache.
slab() {
	awk -v n="$1" '$1 == n { print $2, $3, $4, $15 * $6 }' /proc/slabinfo
}

# settle: wait 6 s, then until Slab + VmallocUsed has stopped falling
# for 2 s (at most 36 s in all): what a batch replaced is freed after
# RCU, and kvfree_rcu holds it for up to 5 s (6.1) before that (each
# message of a flow rule batch replaces the session's whole rule array).
settle() {
	local prev now i
	sleep 6
	prev=$(awk '$1 == "Slab:" || $1 == "VmallocUsed:" { kb += $2 } END { print kb }' /proc/meminfo)
	for i in $(seq 1 15); do
		sleep 2
		now=$(awk '$1 == "Slab:" || $1 == "VmallocUsed:" { kb += $2 } END { print kb }' /proc/meminfo)
		[ "$now" -lt "$prev" ] || break
		prev=$now
	done
}

# mem_snapshot: settle (RCU frees, per-CPU caches), then print meminfo.
mem_snapshot() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
	sleep 1
	meminfo
}

# mem_record WHAT COUNT BEFORE AFTER: one memory.tsv row per meminfo key.
mem_record() {
	local what=$1 count=$2 keys=(slab sunreclaim vmalloc percpu memfree memavailable)
	local -a b a
	read -r -a b <<<"$3"
	read -r -a a <<<"$4"
	local i
	for i in "${!keys[@]}"; do
		printf '%s\t%s\t%s\t%s\t%s\n' "$what" "$count" "${keys[$i]}" "${b[$i]}" "${a[$i]}" >>"$OUT/memory.tsv"
	done
}

# dut NAME: a namespace with in0 and out0, forwarding on; the IPv4
# contenders' (NAME *4-1, ipip-1 or 4in6-1) have IPv4 addresses too.
dut() {
	local ns=$1
	ns_create "$ns"
	ns_forwarding "$ns" 1
	ip -n "$ns" -batch - <<-EOF
		link add in0 address $IN_MAC type dummy
		link add out0 type dummy
		link set in0 up
		link set out0 up
		addr add 2001:db8:4::1/64 dev in0 nodad
		addr add $LOCAL/64 dev out0 nodad
		route add 2001:db8:f::/48 via 2001:db8:5::2 dev out0
	EOF
	case "$ns" in
	*4-1|*-ipip-1|*-4in6-1)
		ip -n "$ns" -batch - <<-EOF
			addr add 10.0.4.1/24 dev in0
			addr add $LOCAL4/24 dev out0
			route add 10.15.0.0/16 via 10.0.5.2 dev out0
		EOF
		;;
	esac
}

# pktgen_setup NS KIND: pktgen on in0 of NS, toward home address 0
# (KIND one), HOT random home addresses (hot), ::1 in HOT random home
# prefixes of the prefix contender (prefix), or the IPv4 home address (v4).
# pktgen's IPv6 minimum is a 78-byte frame: a 64-byte IPv6 packet (40 +
# UDP 8 + its 16-byte header); its IPv4 minimum a 58-byte frame (44-byte
# packet).  The source address is set: pktgen's default, in0's own
# address, would be a martian for IPv4.
pktgen_setup() {
	local ns=$1 kind=$2 dst
	# pktgen: address = (random | min) & max, 32-bit word by word.
	case "$kind" in
	hot)
		dst="pkt_size 78
src6 $SRC
dst6_min $(hoa 0)
dst6_max $(hoa $((HOT - 1)))" ;;
	prefix)
		dst="pkt_size 78
src6 $SRC
dst6_min $(pfx 0)1
dst6_max $(pfx $((HOT - 1)))1" ;;
	router)
		dst="pkt_size 78
src6 $SRC
dst6 $(pfx $((ROUTERS - 1)))1" ;;
	v4)
		dst="pkt_size 58
src_min $SRC4
src_max $SRC4
dst $HOA4" ;;
	*)
		dst="pkt_size 78
src6 $SRC
dst6 $(hoa 0)" ;;
	esac
	# shellcheck disable=SC2016 # expanded in the namespace
	ip netns exec "$ns" bash -c '
		P=/proc/net/pktgen
		pg() {
			printf "%s\n" "$2" >"$P/$1" ||
				{ echo "pktgen: \"$2\" refused: $(tail -n 1 "$P/$1")"; exit 1; }
		}
		pg kpktgend_0 rem_device_all
		pg kpktgend_0 "add_device in0"
		while IFS= read -r l; do
			pg in0 "$l"
		done
	' <<-EOF || problem "$ns: pktgen set-up failed"
		xmit_mode netif_receive
		clone_skb 0
		burst 1
		delay 0
		count 1000
		$dst
		dst_mac $IN_MAC
		udp_src_min 4000
		udp_src_max 4000
		udp_dst_min 9
		udp_dst_max 9
	EOF
}

# A worker per namespace runs pktgen there: it reads a packet count per
# line and answers "sent forwarded usec pps errors bytes" (bytes: out0).  It stays in its
# namespace for the whole benchmark and uses bash builtins only, so that
# successive runs follow each other within a fraction of a second (every
# exec is slow under emulation, and host load drifts in seconds).
# shellcheck disable=SC2016 # expanded by the worker
WORKER='
	P=/proc/net/pktgen
	re="sofar: ([0-9]+).*Result: OK: ([0-9]+)\\(.* ([0-9]+)pps .*errors: ([0-9]+)"
	while read -r count; do
		echo "count $count" >$P/in0
		read -r b </sys/class/net/out0/statistics/tx_packets
		read -r bb </sys/class/net/out0/statistics/tx_bytes
		echo start >$P/pgctrl
		read -r a </sys/class/net/out0/statistics/tx_packets
		read -r ab </sys/class/net/out0/statistics/tx_bytes
		read -r -d "" r <$P/in0 || true
		# seen once in 1,000 runs under load: the result not there
		# yet when pgctrl returned; look again (rarely: sleep execs)
		for i in 1 2 3 4 5; do
			[[ $r =~ $re ]] && break
			sleep 0.1
			read -r -d "" r <$P/in0 || true
		done
		if [[ $r =~ $re ]]; then
			echo "${BASH_REMATCH[1]} $((a - b)) ${BASH_REMATCH[2]} ${BASH_REMATCH[3]} ${BASH_REMATCH[4]} $((ab - bb))"
		else
			echo "0 $((a - b)) 0 0 0 $((ab - bb))"
		fi
	done
'
declare -A W_IN W_OUT

# worker_start CONTENDER [CMD...]: start the worker of bench-CONTENDER,
# the pktgen worker or CMD (which answers in the same way: udpsend).
worker_start() {
	local c=$1 fd
	shift
	[ $# -gt 0 ] || set -- bash -c "$WORKER"
	mkfifo "$T/$c.in" "$T/$c.out"
	ip netns exec "bench-$c" "$@" <"$T/$c.in" >"$T/$c.out" &
	exec {fd}>"$T/$c.in"
	W_IN[$c]=$fd
	exec {fd}<"$T/$c.out"
	W_OUT[$c]=$fd
}

# run_one CONTENDER COUNT: one pktgen run; sets RUN to
# "sent forwarded usec pps errors bytes".
RUN=""
run_one() {
	echo "$2" >&"${W_IN[$1]}"
	read -r RUN <&"${W_OUT[$1]}" || RUN="0 0 0 0 0 0"
}

# Frame size each contender must put on out0 for a 78-byte frame in:
# + 40 (outer IPv6 header) for the tunnels, + 24 (type 2 routing header),
# + 48 (IPv6 and UDP headers) for udp; for a 58-byte IPv4 frame in, + 20
# (outer IPv4 header) for tunnel4 and ipip, + 28 (IPv4 and UDP headers)
# for udp4, + 40 (IPv6 header) for 4in6.
# The correspondent's sends (configuration L) are the same 78-byte frames,
# 102 bytes with the routing header (ro, xfrm).
declare -A FRAME=([plain]=78 [tunnel]=118 [ro]=102 [ip6tnl]=118 [flows]=118
	[udp]=126 [prefix]=118 [plain4]=58 [tunnel4]=78 [ipip]=78 [udp4]=86
	[4in6]=98 [xfrm]=102
	[mr]=118 [mrflows]=118)
SEQ=0

# measure ROUND CONTENDER COUNT: one run, recorded in runs.tsv; sets PPS
# (forwarded per second) and FWD/USEC for the caller.
PPS=0 FWD=0 USEC=0
measure() {
	local r=$1 c=$2 sent fwd usec pps err bytes
	run_one "$c" "$3"
	read -r sent fwd usec pps err bytes <<<"$RUN"
	SEQ=$((SEQ + 1))
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$SEQ" "$c" "$sent" "$fwd" "$usec" "$pps" "$err" "$bytes" >>"$OUT/runs.tsv"
	FWD=$fwd USEC=$usec PPS=0
	[ "$usec" -eq 0 ] || PPS=$((fwd * 1000000 / usec))
	if [ "$usec" -eq 0 ]; then
		problem "round $r $c: pktgen did not run"
	elif [ "$fwd" -ne "$sent" ]; then
		problem "round $r $c: pktgen sent $sent, out0 forwarded $fwd"
	elif [ "$fwd" -gt 0 ] && [ $((bytes / fwd)) -ne "${FRAME[${c%-*}]}" ]; then
		problem "round $r $c: $((bytes / fwd))-byte frames on out0, expected ${FRAME[${c%-*}]}"
	fi
}

# ---------------------------------------------------------------- set-up

log "kernel $(uname -r); $N bindings, $ROUNDS rounds of ${SECS}s, $HOT hot destinations"
meta kernel "$(uname -r)"
meta bindings "$N"
meta rounds "$ROUNDS"
meta secs "$SECS"
meta hot "$HOT"
meta flows "$FLOWS"
meta routers "$ROUTERS"
meta router_flows "$RFLOWS"
meta cpus "$(nproc)"
meta mem_kb "$(awk '$1 == "MemTotal:" { print $2 }' /proc/meminfo)"

modprobe pktgen
modprobe dummy
modprobe ip6_tunnel
modprobe ipip
modprobe tunnel6 || true
ipmob_load
dmesg_before=$(dmesg | wc -l)

# Batch files first, so that they are not in the memory figures.
awk -v n="$N" -v mode=tunnel -v local=$LOCAL 'BEGIN { for (i = 0; i < n; i++) {
	x = sprintf("%x:%x", int(i / 65536) + 1, i % 65536)
	printf "binding add hoa 2001:db8:1::%s coa 2001:db8:f:2::%s local %s dev mob0\n", x, x, local } }' >"$T/tunnel.batch"
awk -v n="$N" 'BEGIN { for (i = 0; i < n; i++) {
	x = sprintf("%x:%x", int(i / 65536) + 1, i % 65536)
	printf "binding add hoa 2001:db8:1::%s coa 2001:db8:f:2::%s mode ro dev mob0\n", x, x } }' >"$T/ro.batch"
# prefix: home prefix i is 2001:db8:P:Q::/64 with P:Q = 0x10000000 + i (pfx),
# its care-of address tunnel's i-th.
awk -v n="$N" -v local=$LOCAL 'BEGIN { for (i = 0; i < n; i++) {
	x = sprintf("%x:%x", int(i / 65536) + 1, i % 65536)
	printf "binding add hoa 2001:db8:%x:%x::/64 coa 2001:db8:f:2::%s local %s dev mob0\n", 4096 + int(i / 65536), i % 65536, x, local } }' >"$T/prefix.batch"
# flows: rules 1 .. FLOWS-1 (prio rising to 249) miss pktgen's port 9,
# the last one (prio 255) takes it.
# rules_batch N SESSION: N rules on SESSION, only the last takes port 9
rules_batch() {
	awk -v n="$1" -v h="$2" 'BEGIN { for (i = 1; i < n; i++)
		printf "flow add hoa %s dev mob0 fid %d prio %d bid 1 proto udp dport %d\n", h, i, int((i - 1) * 250 / n), 10000 + i
		printf "flow add hoa %s dev mob0 fid %d prio 255 bid 1 proto udp dport 9\n", h, n }'
}
rules_batch "$FLOWS" "$(hoa 0)" >"$T/flows.batch"
# mobile routers: prefix's first ROUTERS bindings, their records BID 1;
# the last router's rules as flows' (RFLOWS of them, the last matching)
awk -v n="$ROUTERS" -v local=$LOCAL 'BEGIN { for (i = 0; i < n; i++) {
	x = sprintf("%x:%x", int(i / 65536) + 1, i % 65536)
	printf "binding add hoa 2001:db8:%x:%x::/64 coa 2001:db8:f:2::%s bid 1 local %s dev mob0\n", 4096 + int(i / 65536), i % 65536, x, local } }' >"$T/router.batch"
rules_batch "$RFLOWS" "$(pfx $((ROUTERS - 1)))/64" >"$T/rflows.batch"

# the session counts of the scaling curve: below N, above 1
SIZE_LIST=()
for z in $SIZES; do
	if [ "$z" -gt 1 ] && [ "$z" -lt "$N" ] && [ "$z" -ge "$HOT" ]; then
		SIZE_LIST+=("$z")
	else
		problem "size $z left out of the scaling curve (must lie between $HOT and $N)"
	fi
done
meta sizes "${SIZE_LIST[*]}"
CONTENDERS=(plain-1 tunnel-1 ro-1 ip6tnl-1 flows-1 udp-1 plain4-1 tunnel4-1 ipip-1
	udp4-1 4in6-1
	plain-N tunnel-N ro-N ip6tnl-N prefix-N plain-R mr-R mrflows-R plain-L ro-L xfrm-L)
# the namespaces that hold ipmob state
IPMOB_NS=(tunnel-1 ro-1 flows-1 udp-1 tunnel4-1 udp4-1 4in6-1 tunnel-N ro-N prefix-N mr-R mrflows-R ro-L)
for z in ${SIZE_LIST[@]+"${SIZE_LIST[@]}"}; do
	CONTENDERS+=("plain-$z" "tunnel-$z" "ip6tnl-$z")
	IPMOB_NS+=("tunnel-$z")
done
for c in "${CONTENDERS[@]}"; do
	dut "bench-$c"
done
for c in plain-1 plain-N plain-L ro-L xfrm-L ${SIZE_LIST[@]+"${SIZE_LIST[@]/#/plain-}"}; do
	ip -n "bench-$c" -6 route add 2001:db8:1::/64 via 2001:db8:5::2 dev out0
done
ip -n bench-plain4-1 route add 10.1.0.0/16 via 10.0.5.2 dev out0
ip -n bench-plain-R -6 route add 2001:db8:1000::/36 via 2001:db8:5::2 dev out0

# drop_contender C: leave C out of the runs (its set-up failed).
drop_contender() {
	local c keep=()
	for c in "${CONTENDERS[@]}"; do
		[ "$c" = "$1" ] || keep+=("$c")
	done
	CONTENDERS=("${keep[@]}")
}

# ipmob with one binding.
ipmob_n bench-tunnel-1 link add mob0
ip -n bench-tunnel-1 link set mob0 up
ipmob_n bench-tunnel-1 binding add hoa "$(hoa 0)" coa "$(coa 0)" local $LOCAL dev mob0
ipmob_n bench-ro-1 link add mob0
ip -n bench-ro-1 link set mob0 up
ipmob_n bench-ro-1 binding add hoa "$(hoa 0)" coa "$(coa 0)" mode ro dev mob0

# The correspondent's send path (configuration L): an ipmob RO binding
# (the LOCAL_OUT hook adds the routing header); the kernel's RO: an xfrm
# state and policy with proto route2, mode ro, as UMIP's correspondent
# installs them after the return routability procedure.
CN_L=$LOCAL
if ! { ipmob_n bench-ro-L link add mob0 && ip -n bench-ro-L link set mob0 up &&
	ipmob_n bench-ro-L binding add hoa "$(hoa 0)" coa "$(coa 0)" mode ro dev mob0; }; then
	problem "ro-L: the RO binding was refused; ro-L not measured"
	drop_contender ro-L
fi
if ! ip -n bench-xfrm-L -batch - <<EOF
xfrm state add src $CN_L dst $(hoa 0) proto route2 mode ro coa $(coa 0) sel src $CN_L/128 dst $(hoa 0)/128
xfrm policy add src $CN_L/128 dst $(hoa 0)/128 dir out tmpl src $CN_L dst $(hoa 0) proto route2 mode ro level use
EOF
then
	problem "xfrm-L: the route2 xfrm state or policy was refused (CONFIG_IPV6_MIP6?); xfrm-L not measured"
	drop_contender xfrm-L
fi
ip -n bench-xfrm-L xfrm state >"$OUT/xfrm-state.txt" 2>&1 || true
if [ -z "$UDPSEND" ] || ! [ -x "$UDPSEND" ]; then
	problem "no udpsend binary (BENCH_UDPSEND '$UDPSEND'); plain-L, ro-L, xfrm-L not measured"
	drop_contender plain-L
	drop_contender ro-L
	drop_contender xfrm-L
fi

# ipmob with one IPv4 binding, IPv4 in IPv4; the ipip device and its route.
ipmob_n bench-tunnel4-1 link add mob0
ip -n bench-tunnel4-1 link set mob0 up
ipmob_n bench-tunnel4-1 binding add hoa $HOA4 coa $COA4 encap ipip local $LOCAL4 dev mob0
ip -n bench-ipip-1 -batch - <<EOF
link add t0 type ipip local $LOCAL4 remote $COA4
link set t0 up
route add $HOA4/32 dev t0
EOF

# ipmob with one binding in UDP (port 4191): the namespace's UDP tunnel
# socket is the listener's, kept for the whole run.
ipmob_n bench-udp-1 link add mob0
ip -n bench-udp-1 link set mob0 up
# (the binary itself in the background, so that $! is its pid)
"$IPMOB" -n bench-udp-1 udp listen port $UDP_PORT >"$T/udp.listen" 2>&1 &
UDP_PID=$!
_IPMOB_BG_PIDS+=("$UDP_PID")
if ! wait_for "grep -q listening '$T/udp.listen'" 30; then
	problem "udp-1: \"ipmob udp listen port $UDP_PORT\" did not listen ($(head -c 300 "$T/udp.listen" | tr '\n' ' ')); udp left out"
	drop_contender udp-1
elif ! ipmob_n bench-udp-1 binding add hoa "$(hoa 0)" coa "$(coa 0)" encap udp port $UDP_PORT local $LOCAL dev mob0; then
	problem "udp-1: the binding with encap udp was refused; udp left out"
	drop_contender udp-1
fi
meta udp_listen "$(head -n 1 "$T/udp.listen")"

# DSMIPv6's paths (RFC 5555): an IPv4 home address in UDP over IPv4, from
# the namespace's IPv4 UDP tunnel socket (a listener of its own, kept for
# the whole run), and one through an IPv6 care-of address (IPv4 in IPv6).
ipmob_n bench-udp4-1 link add mob0
ip -n bench-udp4-1 link set mob0 up
"$IPMOB" -n bench-udp4-1 udp listen address $LOCAL4 port $UDP_PORT >"$T/udp4.listen" 2>&1 &
UDP4_PID=$!
_IPMOB_BG_PIDS+=("$UDP4_PID")
if ! wait_for "grep -q listening '$T/udp4.listen'" 30; then
	problem "udp4-1: \"ipmob udp listen address $LOCAL4 port $UDP_PORT\" did not listen ($(head -c 300 "$T/udp4.listen" | tr '\n' ' ')); udp4 left out"
	drop_contender udp4-1
elif ! ipmob_n bench-udp4-1 binding add hoa $HOA4 coa $COA4 encap udp port $UDP_PORT local $LOCAL4 dev mob0; then
	problem "udp4-1: the IPv4 binding with encap udp was refused; udp4 left out"
	drop_contender udp4-1
fi
ipmob_n bench-4in6-1 link add mob0
ip -n bench-4in6-1 link set mob0 up
if ! ipmob_n bench-4in6-1 binding add hoa $HOA4 coa "$(coa 0)" local $LOCAL dev mob0; then
	problem "4in6-1: the IPv4 binding with an IPv6 care-of address was refused; 4in6 left out"
	drop_contender 4in6-1
fi

# ipmob with one binding and FLOWS flow rules; meminfo around the batch.
ipmob_n bench-flows-1 link add mob0
ip -n bench-flows-1 link set mob0 up
ipmob_n bench-flows-1 binding add hoa "$(hoa 0)" coa "$(coa 0)" bid 1 local $LOCAL dev mob0
mb=$(mem_snapshot)
t0=$(now)
ipmob_n bench-flows-1 -batch "$T/flows.batch" || problem "ipmob -batch: adding $FLOWS flow rules failed"
t=$(elapsed "$t0")
settle
ma=$(mem_snapshot)
got=$(ipmob_n bench-flows-1 -j flow show | /usr/bin/python3 -c 'import json, sys; print(len(json.load(sys.stdin)))' || echo 0)
[ "$got" = "$FLOWS" ] || problem "bench-flows-1: flow show lists $got rules, $FLOWS added"
log "$FLOWS flow rules added in ${t}s"
meta add_secs_flows "$t"
mem_record flow-rules "$FLOWS" "$mb" "$ma"
rm -f "$T/flows.batch"

# ipmob with N bindings; the slab cache and meminfo around each batch.
for m in tunnel ro prefix; do
	ns=bench-$m-N
	ipmob_n "$ns" link add mob0
	ip -n "$ns" link set mob0 up
	read -r sa_b _ so_b sp_b <<<"$(slab ipmob_binding)"
	mb=$(mem_snapshot)
	t0=$(now)
	ipmob_n "$ns" -b "$T/$m.batch" || problem "ipmob -b: adding $N $m bindings failed"
	t=$(elapsed "$t0")
	ma=$(mem_snapshot)
	read -r sa_a _ so_a sp_a <<<"$(slab ipmob_binding)"
	got=$(ipmob_n "$ns" binding show | wc -l)
	[ "$got" -eq "$N" ] || problem "$ns: $got bindings shown, $N added"
	log "$N $m bindings added in ${t}s"
	meta "add_secs_$m" "$t"
	mem_record "ipmob-$m" "$N" "$mb" "$ma"
	{
		printf '%s\t%s\t%s\t%s\t%s\n' "ipmob-$m" "$N" slab_objs "${sa_b:-0}" "${sa_a:-0}"
		printf '%s\t%s\t%s\t%s\t%s\n' "ipmob-$m" "$N" slab_objsize "${so_b:-0}" "${so_a:-0}"
		printf '%s\t%s\t%s\t%s\t%s\n' "ipmob-$m" "$N" slab_pages "${sp_b:-0}" "${sp_a:-0}"
	} >>"$OUT/memory.tsv"
done
# the scaling curve: tunnel-S with the first S of tunnel's bindings
for z in ${SIZE_LIST[@]+"${SIZE_LIST[@]}"}; do
	ns=bench-tunnel-$z
	ipmob_n "$ns" link add mob0
	ip -n "$ns" link set mob0 up
	head -n "$z" "$T/tunnel.batch" >"$T/size.batch"
	t0=$(now)
	ipmob_n "$ns" -b "$T/size.batch" || problem "ipmob -b: adding $z tunnel bindings failed"
	log "$z tunnel bindings added in $(elapsed "$t0")s"
	got=$(ipmob_n "$ns" binding show | wc -l)
	[ "$got" -eq "$z" ] || problem "$ns: $got bindings shown, $z added"
done
rm -f "$T/tunnel.batch" "$T/ro.batch" "$T/prefix.batch" "$T/size.batch"

# mobile routers: ROUTERS prefix bindings in mr-R and mrflows-R, then the
# last router's RFLOWS rules in mrflows-R
for m in mr mrflows; do
	ns=bench-$m-R
	ipmob_n "$ns" link add mob0
	ip -n "$ns" link set mob0 up
	t0=$(now)
	ipmob_n "$ns" -b "$T/router.batch" || problem "ipmob -b: adding $ROUTERS router bindings to $ns failed"
	log "$ns: $ROUTERS router bindings added in $(elapsed "$t0")s"
	got=$(ipmob_n "$ns" binding show | wc -l)
	[ "$got" -eq "$ROUTERS" ] || problem "$ns: $got bindings shown, $ROUTERS added"
done
t0=$(now)
ipmob_n bench-mrflows-R -batch "$T/rflows.batch" || problem "ipmob -batch: adding $RFLOWS flow rules to a router failed"
t=$(elapsed "$t0")
got=$(ipmob_n bench-mrflows-R -j flow show | /usr/bin/python3 -c 'import json, sys; print(len(json.load(sys.stdin)))' || echo 0)
[ "$got" = "$RFLOWS" ] || problem "bench-mrflows-R: flow show lists $got rules, $RFLOWS added"
log "$RFLOWS flow rules added to router $((ROUTERS - 1)) in ${t}s"
meta add_secs_router_flows "$t"
rm -f "$T/router.batch" "$T/rflows.batch"

# ip6tnl: one device per mobile node.
# tnl_batch FIRST COUNT: ip -batch lines for devices FIRST .. FIRST+COUNT-1.
tnl_batch() {
	awk -v f="$1" -v n="$2" -v local=$LOCAL 'BEGIN { for (i = f; i < f + n; i++) {
		x = sprintf("%x:%x", int(i / 65536) + 1, i % 65536)
		printf "link add t%d type ip6tnl mode ip6ip6 local %s remote 2001:db8:f:2::%s encaplimit none\n", i, local, x
		printf "link set t%d up\n", i
		printf "route add 2001:db8:1::%s/128 dev t%d\n", x, i } }'
}
tnl_batch 0 1 | ip -n bench-ip6tnl-1 -batch -
mb=$(mem_snapshot)
t0=$(now)
k=0 last_rate=""
while [ "$k" -lt "$TNL_MAX" ]; do
	c=$CHUNK
	[ $((k + c)) -le "$TNL_MAX" ] || c=$((TNL_MAX - k))
	tc0=$(now)
	tnl_batch "$k" "$c" | ip -n bench-ip6tnl-N -batch - || { problem "creating ip6tnl devices $k.. failed"; break; }
	k=$((k + c))
	last_rate=$(awk -v a="$tc0" -v b="$(now)" -v c="$c" 'BEGIN { printf "%.1f", c / (b - a) }')
	if awk -v a="$t0" -v b="$(now)" -v s="$TNL_SECS" 'BEGIN { exit !(b - a > s) }'; then
		break
	fi
done
t=$(elapsed "$t0")
ma=$(mem_snapshot)
log "$k ip6tnl devices created in ${t}s (last $CHUNK at $last_rate/s)"
meta tnl_devices "$k"
meta tnl_secs "$t"
meta tnl_last_rate "$last_rate"
mem_record ip6tnl "$k" "$mb" "$ma"
if [ "$k" -lt "$HOT" ]; then
	problem "only $k ip6tnl devices, fewer than the $HOT hot destinations"
fi
# ip6tnl on the scaling curve: S devices where fewer than ip6tnl-N's k
# (which took at most TNL_SECS); larger sizes are left out, the report
# shows ip6tnl-N's k as the end of the ip6tnl curve.
for z in ${SIZE_LIST[@]+"${SIZE_LIST[@]}"}; do
	if [ "$z" -ge "$k" ]; then
		drop_contender "ip6tnl-$z"
		meta "tnl_skipped_$z" "$k"
		continue
	fi
	j=0
	while [ "$j" -lt "$z" ]; do
		c=$CHUNK
		[ $((j + c)) -le "$z" ] || c=$((z - j))
		tnl_batch "$j" "$c" | ip -n "bench-ip6tnl-$z" -batch - || { problem "ip6tnl-$z: creating devices $j.. failed"; break; }
		j=$((j + c))
	done
	log "ip6tnl-$z: $j devices"
	meta "tnl_devices_$z" "$j"
done

for c in "${CONTENDERS[@]}"; do
	case "$c" in
	prefix-N) pktgen_setup "bench-$c" prefix ;;
	*-R) pktgen_setup "bench-$c" router ;;
	*-L)
		worker_start "$c" "$UDPSEND" "$(hoa 0)" 16 out0
		continue ;;
	*4-1|ipip-1|4in6-1) pktgen_setup "bench-$c" v4 ;;
	*-1) pktgen_setup "bench-$c" one ;;
	*) pktgen_setup "bench-$c" hot ;;
	esac
	worker_start "$c"
done

# ---------------------------------------------------------------- runs

# Warm-up and calibration: a short run of each contender sets its packet
# count so that one run lasts about $SECS seconds, then one full-length
# round is run, discarded (round 0 in runs.tsv, like the short runs) and
# used to calibrate again.
declare -A COUNT
calibrate() {
	local n=$((FWD * 1000000 / (USEC > 0 ? USEC : 1)))
	n=$(awk -v p="$n" -v s="$SECS" 'BEGIN { print int(p * s) }')
	[ "$n" -ge 1000 ] || n=1000
	COUNT[$1]=$n
}
for c in "${CONTENDERS[@]}"; do
	measure 0 "$c" 20000
	calibrate "$c"
done
for c in "${CONTENDERS[@]}"; do
	measure 0 "$c" "${COUNT[$c]}"
	calibrate "$c"
done
log "warmed up; packets per run: $(for c in "${CONTENDERS[@]}"; do printf '%s %s ' "$c" "${COUNT[$c]}"; done)"

# A round: each contender right after and right before a plain run of its
# configuration (A B A C A D A), so that the reference is measured within
# a second of it; report.py divides by the mean of the two.  flows comes
# right after tunnel (A B A E A), whose binding it shares: flows/tunnel
# is the quotient of two ratios measured within seconds; so do udp
# (udp/tunnel) and, with N bindings, prefix (prefix/exact).  The IPv4
# contenders have their own plain run, plain4 (IPv4 forwarding).
ORDER=()
# order_add REF C...: REF C1 REF C2 REF ..., the contenders still in the run.
order_add() {
	local ref=$1 c k
	shift
	ORDER+=("$ref")
	for c in "$@"; do
		for k in "${CONTENDERS[@]}"; do
			if [ "$k" = "$c" ]; then
				ORDER+=("$c" "$ref")
				break
			fi
		done
	done
}
order_add plain-1 tunnel-1 flows-1 udp-1 ro-1 ip6tnl-1
order_add plain4-1 tunnel4-1 udp4-1 4in6-1 ipip-1
order_add plain-N tunnel-N prefix-N ro-N ip6tnl-N
order_add plain-R mr-R mrflows-R
for z in ${SIZE_LIST[@]+"${SIZE_LIST[@]}"}; do
	order_add "plain-$z" "tunnel-$z" "ip6tnl-$z"
done
order_add plain-L ro-L xfrm-L
meta order "${ORDER[*]}"
for r in $(seq 1 "$ROUNDS"); do
	line="round $r:"
	for c in "${ORDER[@]}"; do
		measure "$r" "$c" "${COUNT[$c]}"
		line+=" $c $PPS"
	done
	log "$line"
done

# ------------------------------------------------------------------ TCP

# tcp_topo C: namespaces bench-tcp-C-{cn,ha,mn} (see the header), the
# forwarding node and the mobile node set up as contender C needs.
TCP_HOA=2001:db8:1::100
TCP_COA=2001:db8:2::100
TCP_HA=2001:db8:2::1
tcp_topo() {
	local c=$1 cn=bench-tcp-$1-cn ha=bench-tcp-$1-ha mn=bench-tcp-$1-mn
	ns_create "$cn" "$ha" "$mn"
	ns_forwarding "$ha" 1
	veth_pair "$cn" eth0 "$ha" cn0
	veth_pair "$ha" mn0 "$mn" eth0
	ip -n "$cn" -batch - <<-EOF
		addr add 2001:db8:c::2/64 dev eth0 nodad
		route add default via 2001:db8:c::1
	EOF
	ip -n "$ha" -batch - <<-EOF
		addr add 2001:db8:c::1/64 dev cn0 nodad
		addr add $TCP_HA/64 dev mn0 nodad
	EOF
	ip -n "$mn" -batch - <<-EOF
		addr add $TCP_COA/64 dev eth0 nodad
		route add default via $TCP_HA
	EOF
	case "$c" in
	plain)
		ip -n "$ha" route add $TCP_HOA/128 via $TCP_COA dev mn0
		ip -n "$mn" addr add $TCP_HOA/128 dev lo nodad
		return ;;
	tunnel)
		ipmob_n "$ha" link add mob0 &&
		ip -n "$ha" link set mob0 up &&
		ipmob_n "$ha" binding add hoa $TCP_HOA coa $TCP_COA local $TCP_HA dev mob0 || return 1 ;;
	ip6tnl)
		ip -n "$ha" -batch - <<-EOF || return 1
			link add t0 type ip6tnl mode ip6ip6 local $TCP_HA remote $TCP_COA encaplimit none
			link set t0 up
			route add $TCP_HOA/128 dev t0
		EOF
		;;
	esac
	# the mobile node decapsulates with an ip6tnl device and sends back
	# through it
	ip -n "$mn" -batch - <<-EOF
		link add tnl0 type ip6tnl mode ip6ip6 local $TCP_COA remote $TCP_HA encaplimit none
		link set tnl0 up
		addr add $TCP_HOA/128 dev tnl0 nodad
		route add 2001:db8:c::/64 dev tnl0
	EOF
}

# tcp_run ROUND C: one iperf3 run, a tcp.tsv row; TCP_BPS for the log.
TCP_BPS=0 TCP_SEQ=0
tcp_run() {
	local r=$1 c=$2 res bps retr
	res=$(ip netns exec "bench-tcp-$c-cn" timeout $((${TCP_SECS%.*} + 20)) \
		iperf3 -c $TCP_HOA -t "$TCP_SECS" -f k 2>&1) || true
	bps=$(awk '/receiver/ { for (i = 2; i <= NF; i++) if ($i == "Kbits/sec") print $(i - 1) * 1000 }' <<<"$res")
	retr=$(awk '/sender/ { for (i = 2; i <= NF; i++) if ($i == "Kbits/sec") print $(i + 1) }' <<<"$res")
	TCP_SEQ=$((TCP_SEQ + 1))
	if [ -z "$bps" ]; then
		problem "round $r tcp-$c: iperf3 gave no result: $(tail -n 2 <<<"$res" | tr '\n' ' ')"
		bps=0
	fi
	TCP_BPS=$bps
	printf '%s\t%s\t%s\t%s\t%s\n' "$r" "$TCP_SEQ" "$c" "$bps" "${retr:-0}" >>"$OUT/tcp.tsv"
}

: >"$OUT/tcp.tsv"
TCP_C=()
if [ "$TCP_SECS" != 0 ]; then
	if ! command -v iperf3 >/dev/null; then
		problem "no iperf3: TCP not measured"
	else
		for c in plain tunnel ip6tnl; do
			if tcp_topo "$c"; then
				TCP_C+=("$c")
				ip netns exec "bench-tcp-$c-mn" iperf3 -s -B $TCP_HOA >/dev/null 2>&1 &
				_IPMOB_BG_PIDS+=("$!")
			else
				problem "tcp-$c: set-up failed; not measured"
			fi
		done
		[ "${TCP_C[*]}" != "${TCP_C[*]#plain}" ] || { problem "tcp-plain: set-up failed; TCP not measured"; TCP_C=(); }
	fi
fi
meta tcp_contenders "${TCP_C[*]}"
meta tcp_secs "$TCP_SECS"
if [ "${#TCP_C[@]}" -gt 0 ]; then
	for c in "${TCP_C[@]}"; do
		wait_for "ip netns exec bench-tcp-$c-mn ss -Hltn 'sport = :5201' | grep -q ." 20 ||
			problem "tcp-$c: iperf3 server not listening"
		tcp_run 0 "$c"
	done
	TORDER=(plain)
	for c in "${TCP_C[@]}"; do
		[ "$c" = plain ] || TORDER+=("$c" plain)
	done
	meta tcp_order "${TORDER[*]}"
	for r in $(seq 1 "$ROUNDS"); do
		line="tcp round $r:"
		for c in "${TORDER[@]}"; do
			tcp_run "$r" "$c"
			line+=" $c $((TCP_BPS / 1000000))Mb/s"
		done
		log "$line"
	done
	# the tunnels carried the stream: the HA's binding / ip6tnl device sent
	# packets, and the ipmob HA took the ACKs from the MN's reverse tunnel
	if [[ " ${TCP_C[*]} " == *" tunnel "* ]]; then
		ipmob_n bench-tcp-tunnel-ha -j binding show hoa $TCP_HOA >"$OUT/tcp-tunnel-binding.json" 2>&1 || true
		ipmob_n bench-tcp-tunnel-ha -j stats >"$OUT/stats-tcp-tunnel-ha.json" 2>&1 || true
		IPMOB_NS+=(tcp-tunnel-ha)
		tx=$(/usr/bin/python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); d = d[0] if isinstance(d, list) else d; print(d.get("tx_packets", 0), d.get("rx_packets", 0))' "$OUT/tcp-tunnel-binding.json" 2>/dev/null || echo "0 0")
		meta tcp_tunnel_binding "tx/rx packets $tx"
		read -r tx_p rx_p <<<"$tx"
		{ [ "${tx_p:-0}" != 0 ] && [ "${rx_p:-0}" != 0 ]; } ||
			problem "tcp-tunnel: the HA's binding shows tx/rx packets $tx: not through the tunnel"
	fi
	if [[ " ${TCP_C[*]} " == *" ip6tnl "* ]]; then
		tx=$(ip netns exec bench-tcp-ip6tnl-ha cat /sys/class/net/t0/statistics/tx_packets)
		meta tcp_ip6tnl_tx "$tx"
		[ "$tx" -gt 0 ] || problem "tcp-ip6tnl: t0 sent nothing"
	fi
fi

# ---------------------------------------------------------------- health

for c in "${IPMOB_NS[@]}"; do
	ipmob_n "bench-$c" -j stats >"$OUT/stats-$c.json"
	drops=$(/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(" ".join("%s=%d" % (k, v) for k, v in sorted(d.items()) if k.startswith("drop_") and v))' "$OUT/stats-$c.json")
	[ -z "$drops" ] || problem "$c: ipmob counters: $drops"
done
for c in "${CONTENDERS[@]}"; do
	ip -n "bench-$c" -s -s link show dev out0 >"$OUT/out0-$c.txt" 2>&1 || true
done
# last_rule_check C KEY: in contender C's namespace the last rule took
# every packet, the others none, and tx_flow equals it (meta KEY).
last_rule_check() {
	local c=$1 pk last others tx
	ipmob_n "bench-$c" -j flow show >"$OUT/$c.json" || true
	pk=$(/usr/bin/python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))
last = max(r, key=lambda x: x["fid"]) if r else {}
print(last.get("packets", 0), sum(x.get("packets", 0) for x in r) - last.get("packets", 0))' "$OUT/$c.json" 2>/dev/null || echo "? ?")
	read -r last others <<<"$pk"
	tx=$(/usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1])).get("tx_flow", "?"))' "$OUT/stats-$c.json" 2>/dev/null || echo "?")
	meta "$2" "last=$last others=$others tx_flow=$tx"
	if [ "$last" = "?" ] || [ "$last" = 0 ] || [ "$others" != 0 ] || [ "$tx" != "$last" ]; then
		problem "$c: the last rule did not take every packet (packets: last $last, others $others; tx_flow $tx)"
	fi
}
last_rule_check flows-1 flow_packets
last_rule_check mrflows-R router_flow_packets

# pktgen's random destinations: the first and last hot home addresses were
# used, the next one was not; the same for the hot home prefixes.
hot_tx() {
	ipmob_n "$1" -j binding show hoa "$2" 2>/dev/null |
		/usr/bin/python3 -c 'import json, sys; d = json.load(sys.stdin); d = d[0] if isinstance(d, list) else d; print(d.get("tx_packets", 0))' 2>/dev/null || echo "?"
}
h_first=$(hot_tx bench-tunnel-N "$(hoa 0)") h_last=$(hot_tx bench-tunnel-N "$(hoa $((HOT - 1)))")
h_next=$(hot_tx bench-tunnel-N "$(hoa "$HOT")")
meta hot_tx "first=$h_first last=$h_last next=$h_next"
if [ "$h_first" = 0 ] || [ "$h_last" = 0 ] || { [ "$h_next" != 0 ] && [ "$HOT" -lt "$N" ]; }; then
	problem "tunnel-N: hot home addresses not used as expected (tx_packets $h_first/$h_last/$h_next)"
fi
h_first=$(hot_tx bench-prefix-N "$(pfx 0)/64") h_last=$(hot_tx bench-prefix-N "$(pfx $((HOT - 1)))/64")
h_next=$(hot_tx bench-prefix-N "$(pfx "$HOT")/64")
meta hot_tx_prefix "first=$h_first last=$h_last next=$h_next"
if [ "$h_first" = 0 ] || [ "$h_last" = 0 ] || { [ "$h_next" != 0 ] && [ "$HOT" -lt "$N" ]; }; then
	problem "prefix-N: hot home prefixes not used as expected (tx_packets $h_first/$h_last/$h_next)"
fi

# Tear down what holds ipmob state (a namespace of a million bindings
# going away is a test of its own), then unload.  The other namespaces
# stay: deleting thousands of ip6tnl devices only costs time, and the VM
# powers off.  The UDP listener goes first: its socket holds its namespace.
log "tearing down the ipmob namespaces, then the module"
kill "$UDP_PID" "$UDP4_PID" 2>/dev/null || true
wait "$UDP_PID" "$UDP4_PID" 2>/dev/null || true
for p in "${_IPMOB_BG_PIDS[@]}"; do
	[ "$p" = "$UDP_PID" ] || [ "$p" = "$UDP4_PID" ] || kill "$p" 2>/dev/null || true
done
meta ipmob_namespaces "${#IPMOB_NS[@]}"
nb=$((3 * N + 8))
for z in ${SIZE_LIST[@]+"${SIZE_LIST[@]}"}; do
	nb=$((nb + z))
done
[[ " ${IPMOB_NS[*]} " != *" tcp-tunnel-ha "* ]] || nb=$((nb + 1))
meta ipmob_bindings "$nb"
t0=$(now)
for c in "${CONTENDERS[@]}"; do
	eval "exec ${W_IN[$c]}>&- ${W_OUT[$c]}<&-"
done
for c in "${IPMOB_NS[@]}"; do
	ip netns del "bench-$c"
done
_IPMOB_NAMESPACES=()
# Namespaces are destroyed in the background; rmmod waits for that, and
# kmem_cache_destroy() would report bindings that were never freed.
rmmod ipmob || problem "rmmod ipmob failed"
meta teardown_secs "$(elapsed "$t0")"
dmesg | tail -n +"$((dmesg_before + 1))" >"$OUT/dmesg.txt"
if grep -E 'WARNING:|BUG:|Oops|general protection|KASAN|UBSAN|refcount_t:|list_(add|del) corruption|INFO: task .* blocked|Objects remaining|kmem_cache_destroy' "$OUT/dmesg.txt" |
	sed 's/^/dmesg: /' >>"$OUT/health.txt"; then
	log "dmesg has notes: see health.txt"
fi
rm -rf "$T"
log "done"
