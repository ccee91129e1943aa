# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# ipmob-specific helpers for the selftests, on top of lib.sh: loading the
# module, the standard Mobile IPv6 topology, counters and captures.

# shellcheck source=lib.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

IPMOB_BIN=${IPMOB_BIN:-$IPMOB_REPO/agent}
IPMOB=$IPMOB_BIN/ipmob

# ipmob_load: load ipmob.ko ($IPMOB_KO) and its dependencies once.
ipmob_load() {
	[ -d /sys/module/ipmob ] && return 0
	[ -n "${IPMOB_KO:-}" ] && [ -f "$IPMOB_KO" ] || ktap_skip_all "IPMOB_KO not set"
	modprobe tunnel6 || true
	modprobe tunnel4 || true
	insmod "$IPMOB_KO"
}

# ipmob NS ARGS...: the CLI in a namespace (exercises -n).
ipmob_n() {
	local ns=$1
	shift
	"$IPMOB" -n "$ns" "$@"
}

# stat_get NS NAME: one counter from "ipmob stats" ("name value" lines;
# awk, as python takes a second to start under TCG); nothing and a
# non-zero exit for a name it does not print. (The JSON form is
# checked by agent/tests/test_output.c and read by daemon.sh.)
stat_get() {
	"$IPMOB" -n "$1" stats | awk -v k="$2" '$1 == k { print $2; f = 1 } END { exit !f }'
}

# add_bindings NS N: N binding cache entries (lifetime 60 s) on NS's
# mob0 in one batch, home addresses 2001:db8:1::3e9.., not the test's own.
add_bindings() {
	local ns=$1 n=$2 i
	for i in $(seq 1 "$n"); do
		echo "binding add hoa 2001:db8:1::$(printf %x $((i + 1000))) coa 2001:db8:2::$(printf %x "$i") lifetime 60 dev mob0"
	done | ipmob_n "$ns" -b -
}

# dmesg_problems: the kernel log lines that mean a warning, an oops, leftover
# slab objects or a reference that is never dropped (empty when clean).
dmesg_problems() {
	# not the kernel's command line, which names kmemleak=on
	dmesg | grep -viE "command line|kmemleak=on" |
		grep -E "WARNING|BUG|Oops|leak|Objects remaining|refcount|waiting for .* to become free|cache .* still has objects" || true
}

# The standard topology (addresses used by every scenario):
#
#            home link (dummy)                      foreign link
#        2001:db8:1::/64                          2001:db8:2::/64
#   HoA 2001:db8:1::100 (on MN's mob0)
#
#   +------+  2001:db8:c::/64   +------+  2001:db8:f0::/64  +------+
#   |  CN  |--------------------|  R   |--------------------|  HA  | home0: 2001:db8:1::1
#   +------+ ::2            ::1 +------+ ::1            ::2 +------+ mob0 (ipmob)
#   mob0 (ipmob)                    | ::1
#                                   | 2001:db8:2::/64 (MTU $FOREIGN_MTU)
#                               +------+
#                               |  MN  | eth0: CoA 2001:db8:2::100
#                               +------+ mob0: HoA 2001:db8:1::100 (home)
#
# R routes the home prefix to HA. Forwarding on R and HA.
HOA=2001:db8:1::100
COA=2001:db8:2::100
COA2=2001:db8:2::200
HA_ADDR=2001:db8:1::1
CN_ADDR=2001:db8:c::2

topo_mip6() {
	CN=$(ns_name cn) R=$(ns_name r) HA=$(ns_name ha) MN=$(ns_name mn)
	ns_create "$CN" "$R" "$HA" "$MN"
	ns_forwarding "$R" 1
	ns_forwarding "$HA" 1
	veth_pair "$CN" eth0 "$R" cn0
	veth_pair "$R" ha0 "$HA" eth0
	veth_pair "$R" mn0 "$MN" eth0
	if [ -n "${FOREIGN_MTU:-}" ]; then
		ip -n "$R" link set mn0 mtu "$FOREIGN_MTU"
		ip -n "$MN" link set eth0 mtu "$FOREIGN_MTU"
	fi
	ip -n "$CN" -6 addr add $CN_ADDR/64 dev eth0 nodad
	ip -n "$R" -6 addr add 2001:db8:c::1/64 dev cn0 nodad
	ip -n "$R" -6 addr add 2001:db8:f0::1/64 dev ha0 nodad
	ip -n "$R" -6 addr add 2001:db8:2::1/64 dev mn0 nodad
	ip -n "$HA" -6 addr add 2001:db8:f0::2/64 dev eth0 nodad
	ip -n "$HA" link add home0 type dummy
	ip -n "$HA" link set home0 up
	ip -n "$HA" -6 addr add $HA_ADDR/64 dev home0 nodad
	ip -n "$MN" -6 addr add $COA/64 dev eth0 nodad
	ip -n "$CN" -6 route add default via 2001:db8:c::1
	ip -n "$HA" -6 route add default via 2001:db8:f0::1
	ip -n "$MN" -6 route add default via 2001:db8:2::1
	ip -n "$R" -6 route add 2001:db8:1::/64 via 2001:db8:f0::2
	# ipmob devices: one through the CLI, the others through ip link.
	ipmob_n "$HA" link add mob0
	ip -n "$HA" link set mob0 up
	ip -n "$MN" link add mob0 type ipmob
	ip -n "$MN" link set mob0 up
	ip -n "$MN" -6 addr add $HOA/128 dev mob0 home nodad
	ip -n "$CN" link add mob0 type ipmob
	ip -n "$CN" link set mob0 up
}

# IPv4 on the standard topology (DSMIPv6 IPv4 home addresses and care-of
# addresses, Mobile IPv4):
#   CN eth0 10.0.12.2/24 -- R cn0 10.0.12.1; R ha0 10.0.240.1/24 -- HA eth0
#   10.0.240.2; HA home0 10.0.1.1/24 (home network); R mn0 10.0.2.1/24 --
#   MN eth0 CoA 10.0.2.100; HoA 10.0.1.100/32 on MN's mob0.
HOA4=10.0.1.100
COA4=10.0.2.100
HA4=10.0.1.1
CN4=10.0.12.2

topo_ipv4() {
	ip -n "$CN" addr add $CN4/24 dev eth0
	ip -n "$R" addr add 10.0.12.1/24 dev cn0
	ip -n "$R" addr add 10.0.240.1/24 dev ha0
	ip -n "$R" addr add 10.0.2.1/24 dev mn0
	ip -n "$HA" addr add 10.0.240.2/24 dev eth0
	ip -n "$HA" addr add $HA4/24 dev home0
	ip -n "$MN" addr add $COA4/24 dev eth0
	ip -n "$MN" addr add $HOA4/32 dev mob0
	ip -n "$CN" route add default via 10.0.12.1
	ip -n "$HA" route add default via 10.0.240.1
	ip -n "$MN" route add default via 10.0.2.1
	ip -n "$R" route add 10.0.1.0/24 via 10.0.240.2
}

# bindings_refused NS ARGS...: each ARGS (one string, words split) given to
# "ipmob binding add ARGS dev mob0" in NS must fail with one line of error;
# prints each answer, returns non-zero if one was accepted or said more.
bindings_refused() {
	local ns=$1 args out bad=0
	shift
	for args in "$@"; do
		# shellcheck disable=SC2086 # the words of ARGS
		if out=$(ipmob_n "$ns" binding add $args dev mob0 2>&1); then
			ktap_print_msg "accepted: $args"
			bad=1
		elif [ "$(grep -c . <<<"$out")" -ne 1 ]; then
			ktap_print_msg "not one line: $args: $out"
			bad=1
		else
			ktap_print_msg "$args: $out"
		fi
	done
	return $bad
}

# topo_tunnel: home registration of HoA at CoA (bidirectional tunnel).
topo_tunnel() {
	ipmob_n "$HA" binding add hoa $HOA coa $COA local $HA_ADDR dev mob0
	ipmob_n "$MN" binding add hoa $HOA coa $COA peer $HA_ADDR dev mob0
}

# tcp_transfer FROM_NS TO_NS TO_ADDR PORT BYTES [FROM_ADDR]: send BYTES
# random bytes with nc over TCP from FROM_NS (bound to FROM_ADDR) to
# TO_ADDR:PORT, a listener in TO_NS bound to TO_ADDR; succeeds when they
# arrive intact.
tcp_transfer() {
	local from=$1 to=$2 addr=$3 port=$4 bytes=$5 src=${6:-} fam=-6 t nc
	local s=()
	[[ $addr == *:* ]] || fam=-4
	t=$(test_tmpdir)
	head -c "$bytes" /dev/urandom >"$t/tx.$port"
	ns_exec "$to" timeout 90 nc $fam -l -s "$addr" -p "$port" \
		>"$t/rx.$port" 2>/dev/null &
	_IPMOB_BG_PIDS+=("$!")
	nc=$!
	wait_for "ns_exec \"$to\" ss -Hltn 'sport = :$port' | grep -q ." 20 ||
		ktap_print_msg "listener on port $port not up"
	[ -n "$src" ] && s=(-s "$src")
	ns_exec "$from" timeout 60 nc $fam -N "${s[@]}" "$addr" "$port" \
		<"$t/tx.$port" 2>"$t/nc.$port" ||
		ktap_print_msg "nc: $(cat "$t/nc.$port")"
	wait "$nc" || true
	cmp -s "$t/tx.$port" "$t/rx.$port" && return 0
	ktap_print_msg "sent $bytes bytes to $addr port $port, received $(stat -c %s "$t/rx.$port")"
	return 1
}

# cap_start NS IF FILE [BPF]: start dumpcap on IF (with a capture
# filter); returns when it captures. CAP_PID is its pid.
cap_start() {
	cap_begin "$@"
	cap_ready "$3"
}

# cap_begin NS IF FILE [BPF]: cap_start without the wait (CAP_PID);
# cap_ready FILE... then waits for each capture begun. Captures begun
# together open in parallel: a dumpcap takes seconds to start in the
# emulated VM.
cap_begin() {
	local ns=$1 ifc=$2 file=$3 f=()
	[ -n "${4:-}" ] && f=(-f "$4")
	ip netns exec "$ns" dumpcap -q -i "$ifc" "${f[@]}" -w "$file" >"$file.log" 2>&1 &
	_IPMOB_BG_PIDS+=("$!")
	CAP_PID=$!
}

cap_ready() {
	local file
	# "Capturing on" comes before the capture is open; the file header
	# comes after.
	for file in "$@"; do
		wait_for "grep -q 'Capturing on' '$file.log' && [ -s '$file' ]" 30 ||
			{ cat "$file.log"; return 1; }
	done
	sleep 0.2
}

# cap_stop: stop the last capture and wait until the file is complete.
cap_stop() {
	kill -INT "$CAP_PID" 2>/dev/null || true
	wait "$CAP_PID" 2>/dev/null || true
}

# decode FILE FILTER FIELDS...: tshark fields of the matching packets.
decode() {
	local file=$1 filter=$2
	shift 2
	local args=()
	local f
	for f in "$@"; do args+=(-e "$f"); done
	tshark -r "$file" -Y "$filter" -T fields -E separator='|' "${args[@]}" 2>/dev/null
}

# counts [-d DECODE-AS | -o PREF]... FILE FILTER...: how many packets of the
# capture match each display filter, printed on one line in the filters'
# order. One tshark pass counts them all (its io,stat tap): tshark takes
# seconds to start under TCG, so a test counts what one capture shows at
# once. A filter may not hold a comma (io,stat's separator); a filter
# tshark refuses fails the call with tshark's message.
counts() {
	local -a opts=()
	while [ "${1:-}" = -d ] || [ "${1:-}" = -o ]; do
		opts+=("$1" "$2")
		shift 2
	done
	local file=$1 spec="io,stat,0" f out rc=0
	shift
	for f in "$@"; do
		case "$f" in
		*,*) echo "counts: a filter holds a comma: $f" >&2; return 1 ;;
		esac
		spec+=",$f"
	done
	out=$(tshark -r "$file" ${opts[@]+"${opts[@]}"} -q -z "$spec" 2>&1) || rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "counts: tshark failed on $file: $(grep -v '^Running as' <<<"$out" | tr '\n' ' ')" >&2
		return 1
	fi
	# the one interval's row: "| 0.000 <> 1.234 | frames | bytes | ..."
	# (none when the capture is empty, nor when it spans no time: one
	# packet, or several with one timestamp; then each filter is counted
	# on its own)
	out=$(awk -F'|' -v n=$# '
		/<>/ && !seen { for (i = 1; i <= n; i++) c[i] = $(2 * i + 1) + 0; seen = 1 }
		END { if (!seen) { print "none"; exit }
		      for (i = 1; i <= n; i++) printf "%s%d", (i > 1 ? " " : ""), c[i]; print "" }' <<<"$out")
	if [ "$out" != none ]; then
		echo "$out"
		return 0
	fi
	out=""
	for f in "$@"; do
		out+="${out:+ }$(tshark -r "$file" ${opts[@]+"${opts[@]}"} -Y "$f" 2>/dev/null | wc -l)"
	done
	echo "$out"
}

# drops_of NS...: where packets were dropped in each namespace, one line
# per namespace of the nonzero counters that say so: the interfaces' rx
# and tx drops, the IPv6 MIB's discards and no-routes, and ipmob's drop
# reasons (a diagnostic for a test that lost packets).
drops_of() {
	local ns
	for ns in "$@"; do
		printf '%s: %s\n' "$ns" "$( {
			ip -n "$ns" -s -j link show | /usr/bin/python3 -c '
import json, sys
for l in json.load(sys.stdin):
    s = l.get("stats64", {})
    for d in ("rx", "tx"):
        n = s.get(d, {}).get("dropped", 0)
        if n:
            print("%s %s_dropped %d" % (l["ifname"], d, n))'
			ip netns exec "$ns" awk '$2 != 0 && $1 ~ /Discards|NoRoutes|TooBig|Truncated|InHdrErrors|InAddrErrors|UnknownProtos/ { print $1, $2 }' /proc/net/snmp6
			"$IPMOB" -n "$ns" -j stats 2>/dev/null | /usr/bin/python3 -c '
import json, sys
try:
    st = json.load(sys.stdin)
except ValueError:
    sys.exit()
for k, v in (st.items() if isinstance(st, dict) else []):
    if k.startswith("drop") and v:
        print(k, v)' || true
		} | tr '\n' ' ')"
	done
}

# ---- stress tests (stress_*.sh) ----
# stress_n SHORT LONG: the scale of a stress test, SHORT in make check,
# LONG under make stress (IPMOB_STRESS=long).
stress_n() {
	if [ "${IPMOB_STRESS:-}" = long ]; then echo "$2"; else echo "$1"; fi
}

# slab_ipmob: the objects in use in ipmob's own slab caches, one
# "NAME ACTIVE" line each (the VM boots with slab_nomerge, so they are
# not merged into a kernel cache and counted with its objects). The
# caches are shrunk first: SLUB counts a CPU's current slab as all in
# use until then.
slab_ipmob() {
	local c
	for c in /sys/kernel/slab/ipmob*; do
		[ -e "$c/shrink" ] && echo 1 >"$c/shrink" 2>/dev/null
	done
	awk '$1 ~ /^ipmob/ { print $1, $2 }' /proc/slabinfo
}

# slab_settle BASELINE [TIMEOUT]: wait until slab_ipmob prints BASELINE
# again (objects are freed after an RCU grace period); false if not.
slab_settle() {
	wait_for "[ \"\$(slab_ipmob)\" = '$1' ]" "${2:-20}"
}

# kmemleak_begin: forget what kmemleak found so far (a no-op where the
# kernel has no kmemleak: Debian's kernels are built without it).
KMEMLEAK=/sys/kernel/debug/kmemleak
kmemleak_begin() {
	[ -d /sys/kernel/debug/tracing ] || [ -e $KMEMLEAK ] ||
		mount -t debugfs none /sys/kernel/debug 2>/dev/null || true
	if [ -e $KMEMLEAK ]; then echo clear >$KMEMLEAK; fi
}

# kmemleak_check: scan for leaks; prints the reports and fails if there
# are any; where the kernel has no kmemleak, says so once.
kmemleak_check() {
	if [ ! -e $KMEMLEAK ]; then
		ktap_print_msg "kmemleak: not in this kernel"
		return 0
	fi
	echo scan >$KMEMLEAK
	sleep 1
	echo scan >$KMEMLEAK
	local rep
	rep=$(cat $KMEMLEAK)
	[ -z "$rep" ] && return 0
	ktap_print_msg "$rep"
	return 1
}
