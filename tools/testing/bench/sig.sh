#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# sig.sh: the signalling and handover benchmark, run inside the test VM
# by run.sh (as root, $IPMOB_KO set), one VM per kernel. Writes raw
# figures to $IPMOB_VM_OUT (sig_report.py turns them into the report):
#
#   sig_meta.tsv   key<TAB>value: kernel, settings, the home agent's
#                  limits for the load
#   sig_bu.tsv     key<TAB>value: bugen's output (sent, accepted,
#                  status_S, secs, bu_per_s, p50_ms, p99_ms, max_ms,
#                  rate_1 .. rate_10)
#   sig_bu_lat.txt the BU -> BA latency of each home address, ms
#   sig_bu1.tsv    as sig_bu.tsv, for $SIG_LAT1 more home addresses
#                  registered one at a time (window 1): the latency
#                  without queueing, with the binding cache full
#   sig_gap.tsv    rep<TAB>movement<TAB>direction<TAB>gap_ms<TAB>lost<TAB>sent
#   sig_health.txt what could not be measured, and why
#
# 1. Registrations: ipmobd as home agent (namespace sig-ha, home link a
#    dummy device, home prefix 2001:db8:1::/64, one security
#    association without home-address, so that it may register any home
#    address in the prefix) and bugen (namespace sig-mn, care-of
#    address 2001:db8:a::2 on a veth link to the home agent) registering
#    $SIG_HOAS home addresses, $SIG_WINDOW Binding Updates outstanding.
#    The home agent's limits set for this load (everything else is the
#    default): max-bindings $SIG_HOAS + $SIG_LAT1 (default 1024); dad off (with DAD,
#    at most 64 probes are pending, one second each: beyond 64 new home
#    addresses a second the BU gets 130); max-lifetime 600 (nothing
#    expires or refreshes during the run); log-level notice (not a line
#    per registration). reply-rate stays at its default: it limits only
#    refusals.
# 2. Handover gaps: the Mobile IPv6 topology of the selftests
#    (mip6_lib.bash: home agent, mobile node, correspondent, radvd on
#    three links), ipmobd's home agent and mobile node as in mip6_gap.sh
#    (dad optimistic, optimistic-dad on, foreign links with DAD), and two
#    UDP streams of one datagram every $SIG_INTERVAL s (udpseq.py):
#    correspondent -> home address ("cn-mn") and mobile node (from its
#    home address) -> correspondent ("mn-cn"). Each of $SIG_REPS
#    repetitions: link loss (A dies while B is up), link switch (A comes
#    back while the node is on B, both up), return home (A -> home), and
#    a cold movement home -> A. The gap of a movement is the longest run
#    of lost datagrams sent after it, times the interval.
#
# Settings (environment): SIG_HOAS (100000), SIG_WINDOW (64), SIG_LAT1
# (500), SIG_BU_SECS (1500: no new home address after this; the figures
# are then over fewer, "reduced" in sig_health.txt), SIG_REPS
# (5), SIG_INTERVAL (0.01), SIG_PARTS ("bu gap").
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=../selftests/ipmob/mip6_lib.bash
. "$here/../selftests/ipmob/mip6_lib.bash"

OUT=${IPMOB_VM_OUT:?not in the VM}
NHOA=${SIG_HOAS:-100000}
WINDOW=${SIG_WINDOW:-64}
LAT1=${SIG_LAT1:-500}
BU_SECS=${SIG_BU_SECS:-1500}
REPS=${SIG_REPS:-5}
IVL=${SIG_INTERVAL:-0.01}
PARTS=${SIG_PARTS:-bu gap}
BUGEN=$here/bugen

mkdir -p "$OUT"
: >"$OUT/sig_meta.tsv"
: >"$OUT/sig_bu.tsv"
: >"$OUT/sig_gap.tsv"
: >"$OUT/sig_health.txt"

log() { printf '[sig %7.1f] %s\n' "$(cut -d' ' -f1 /proc/uptime)" "$*"; }
meta() { printf '%s\t%s\n' "$1" "$2" >>"$OUT/sig_meta.tsv"; }
problem() { log "PROBLEM: $*"; printf '%s\n' "$*" >>"$OUT/sig_health.txt"; }

log "kernel $(uname -r); $NHOA home addresses, window $WINDOW; $REPS repetitions, interval ${IVL}s"
meta kernel "$(uname -r)"
meta hoas "$NHOA"
meta window "$WINDOW"
meta reps "$REPS"
meta interval "$IVL"
ipmob_load

# ------------------------------------------------------ 1. registrations

bench_bu() {
	local T ha mn rc=0
	T=$(test_tmpdir)
	if [ ! -x "$BUGEN" ]; then
		problem "bu: $BUGEN not built (make -C tools/testing/bench)"
		return 0
	fi
	ha=sig-ha mn=sig-mn
	ns_create "$ha" "$mn"
	ns_forwarding "$ha" 1
	for n in "$ha" "$mn"; do
		ns_sysctl "$n" net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
	done
	ip -n "$ha" link add home0 type dummy
	ip -n "$ha" link set home0 up
	ip -n "$ha" -6 addr add $M_HA/64 dev home0 nodad
	veth_pair "$ha" up0 "$mn" eth0
	ip -n "$ha" -6 addr add 2001:db8:a::1/64 dev up0 nodad
	ip -n "$mn" -6 addr add 2001:db8:a::2/64 dev eth0 nodad
	ip -n "$mn" -6 route add 2001:db8:1::/64 via 2001:db8:a::1
	local max=$((NHOA + LAT1))
	[ "$max" -ge 1024 ] || max=1024
	: >"$T/ha.conf"
	chmod 600 "$T/ha.conf"
	cat >"$T/ha.conf" <<-EOF
		log-level notice
		device mob0
		[home-agent]
		home-link home0
		home-prefix 2001:db8:1::/64
		max-bindings $max
		max-lifetime 600
		dad off
		[security-association $M_NAI]
		spi $M_SPI
		key $M_KEY
	EOF
	meta ha_limits "max-bindings $max; dad off; max-lifetime 600; log-level notice; reply-rate default (200/s, burst 100: refusals only); authentication required; replay-window 7"
	"$IPMOB_BIN/ipmobd" -f -n "$ha" -c "$T/ha.conf" >"$T/ha.log" 2>&1 &
	local hapid=$!
	_IPMOB_BG_PIDS+=("$hapid")
	wait_for "grep -q 'home agent on home0' '$T/ha.log'" 30 || true
	if ! kill -0 "$hapid" 2>/dev/null; then
		problem "bu: ipmobd (home agent) did not start: $(tail -n 3 "$T/ha.log" | tr '\n' ' ')"
		return 0
	fi
	log "bu: registering $NHOA home addresses, window $WINDOW"
	ns_exec "$mn" "$BUGEN" -i eth0 -c 2001:db8:a::2 -a $M_HA -p 2001:db8:1:: \
		-n "$NHOA" -N $M_NAI -s $M_SPI -k $M_KEY -w "$WINDOW" -t 3000 -r 3 \
		-L 600 -d "$BU_SECS" -l "$OUT/sig_bu_lat.txt" >"$T/bugen.out" 2>"$T/bugen.err" || rc=$?
	sed 's/ /\t/' "$T/bugen.out" >"$OUT/sig_bu.tsv"
	log "bu: $(tr '\n' ' ' <"$T/bugen.out")"
	[ ! -s "$T/bugen.err" ] || problem "bu: bugen: $(head -c 300 "$T/bugen.err" | tr '\n' ' ')"
	local started
	started=$(awk '$1 == "count" { print $2 }' "$T/bugen.out")
	if grep -q '^complete 0' "$T/bugen.out"; then
		problem "bu: reduced: $started of $NHOA home addresses started within ${BU_SECS}s"
	elif [ "$rc" -ne 0 ]; then
		problem "bu: bugen exited $rc (not every home address accepted)"
	fi
	# the latency without queueing: one BU at a time, $LAT1 more home
	# addresses, the binding cache holding the $NHOA of the load
	rc=0
	log "bu: $LAT1 more home addresses, one at a time"
	ns_exec "$mn" "$BUGEN" -i eth0 -c 2001:db8:a::2 -a $M_HA -p 2001:db8:1:: \
		-n "$LAT1" -o "${started:-$NHOA}" -N $M_NAI -s $M_SPI -k $M_KEY -w 1 -t 3000 -r 3 \
		-L 600 >"$T/bugen1.out" 2>"$T/bugen1.err" || rc=$?
	sed 's/ /\t/' "$T/bugen1.out" >"$OUT/sig_bu1.tsv"
	log "bu: $(tr '\n' ' ' <"$T/bugen1.out")"
	[ "$rc" -eq 0 ] || problem "bu: bugen -w 1 exited $rc (not every home address accepted)"
	local n
	n=$(ipmob_n "$ha" binding show | wc -l)
	meta bu_kernel_bindings "$n"
	[ "$n" -eq $((${started:-$NHOA} + LAT1)) ] || problem "bu: the home agent's kernel holds $n bindings, $((${started:-$NHOA} + LAT1)) registered"
	kill -0 "$hapid" 2>/dev/null || problem "bu: ipmobd (home agent) died: $(tail -n 3 "$T/ha.log" | tr '\n' ' ')"
	cp "$T/ha.log" "$OUT/sig_ha.log"
	kill "$hapid" 2>/dev/null || true
	wait "$hapid" 2>/dev/null || true
	ip netns del "$ha"
	ip netns del "$mn"
	_IPMOB_NAMESPACES=()
}

# ------------------------------------------------------ 2. handover gaps

bench_gap() {
	local T rep
	T=$(test_tmpdir)
	topo_mobility
	ns_sysctl "$MN" net.ipv6.conf.eth1.accept_dad=1 net.ipv6.conf.eth2.accept_dad=1
	wait_for "ip -n $MN -6 addr show dev eth0 scope global | grep -q 2001:db8:1:" 20 || true
	mip6_ha_conf "$T/ha.conf" "dad optimistic"
	mip6_mn_conf "$T/mn.conf" "home-agent $M_HA
optimistic-dad on"
	mip6_daemon "$HA" "$T/ha.conf" "$T/ha.log"
	wait_for "grep -q 'home agent on br0' '$T/ha.log'" 20 || true
	mip6_daemon "$MN" "$T/mn.conf" "$T/mn.log"
	if ! wait_for "grep -q 'movement: at home' '$T/mn.log'" 30; then
		problem "gap: the mobile node did not start: $(tail -n 3 "$T/mn.log" | tr '\n' ' ')"
		return 0
	fi

	local U=$here/udpseq.py
	ns_exec "$MN" /usr/bin/python3 "$U" recv $M_HOA 5002 "$T/cn-mn.recv" &
	_IPMOB_BG_PIDS+=("$!")
	ns_exec "$CN" /usr/bin/python3 "$U" recv :: 5003 "$T/mn-cn.recv" &
	_IPMOB_BG_PIDS+=("$!")
	sleep 2
	ns_exec "$CN" /usr/bin/python3 "$U" send $M_HOA 5002 "$IVL" "$T/cn-mn.send" &
	local s1=$!
	_IPMOB_BG_PIDS+=("$s1")
	ns_exec "$MN" /usr/bin/python3 "$U" send $M_CN 5003 "$IVL" "$T/mn-cn.send" $M_HOA &
	local s2=$!
	_IPMOB_BG_PIDS+=("$s2")
	sleep 2

	move() { echo "$(date +%s.%N) $1" >>"$T/moves"; }
	link() { ip -n "$1" link set "$2" "$3"; }
	settle() { sleep 1.5; }
	# leave home (not measured), B joins
	move "setup"
	link "$HA" h-mn down
	link "$AR1" a-mn up
	mip6_wait_registered 2001:db8:a: 30 || problem "gap: no registration on A"
	link "$AR2" b-mn up
	wait_for "ip -n $MN -6 route show default dev eth2 | grep -v -q linkdown" 10 || true
	settle
	for rep in $(seq 1 "$REPS"); do
		log "gap: repetition $rep"
		move "$rep:loss"
		link "$AR1" a-mn down
		mip6_wait_registered 2001:db8:b: 30 || problem "gap $rep: link loss: no registration on B"
		settle
		move "$rep:switch"
		link "$AR1" a-mn up
		mip6_wait_registered 2001:db8:a: 30 || problem "gap $rep: link switch: no registration on A"
		settle
		move "$rep:setup"
		link "$AR2" b-mn down
		settle
		move "$rep:home"
		link "$AR1" a-mn down
		link "$HA" h-mn up
		mip6_wait_home 30 || problem "gap $rep: return home: bindings left"
		settle
		move "$rep:cold"
		link "$HA" h-mn down
		link "$AR1" a-mn up
		mip6_wait_registered 2001:db8:a: 30 || problem "gap $rep: home -> A: no registration on A"
		settle
		move "$rep:setup"
		link "$AR2" b-mn up
		wait_for "ip -n $MN -6 route show default dev eth2 | grep -v -q linkdown" 10 || true
		settle
	done
	move "end"
	sleep 0.5
	kill -TERM "$s1" "$s2" 2>/dev/null || true
	wait "$s1" "$s2" 2>/dev/null || true
	sleep 0.5
	local dir
	for dir in cn-mn mn-cn; do
		/usr/bin/python3 "$U" gaps "$T/$dir.send" "$T/$dir.recv" "$T/moves" "$IVL" |
			awk -F'\t' -v d="$dir" '$1 ~ /^[0-9]+:(loss|switch|home|cold)$/ {
				split($1, a, ":"); printf "%s\t%s\t%s\t%s\t%s\t%s\n", a[1], a[2], d, $2, $3, $4 }' \
			>>"$OUT/sig_gap.tsv" || problem "gap: $dir: no figures"
		cp "$T/$dir.send" "$T/$dir.recv" "$OUT/" 2>/dev/null || true
	done
	cp "$T/moves" "$OUT/sig_moves.txt"
	grep -E 'BU sent|BA received|movement:' "$T/mn.log" >"$OUT/sig_mn.log" || true
	grep -E 'BU from|BA sent|deregist|DAD' "$T/ha.log" >"$OUT/sig_ha_gap.log" || true
	[ -s "$OUT/sig_gap.tsv" ] || problem "gap: no movement measured"
}

for p in $PARTS; do
	case $p in
	bu) bench_bu || problem "bu: the set-up failed" ;;
	gap) bench_gap || problem "gap: the set-up failed" ;;
	*) problem "unknown part $p" ;;
	esac
done
log "done"
