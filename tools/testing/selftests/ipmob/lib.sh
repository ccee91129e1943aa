# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers for the ipmob selftests: KTAP output and network namespaces.
# Source it from a test script (bash, "set -euo pipefail" is fine):
#
#	. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
#	require_cmd ip ping
#	ktap_header
#	ktap_plan 2
#	NS1=$(ns_name a) NS2=$(ns_name b)
#	ns_create "$NS1" "$NS2"
#	veth_pair "$NS1" veth0 "$NS2" veth1
#	if ns_exec "$NS1" ping -c1 ...; then ktap_ok "ping"; else ktap_fail "ping"; fi
#	ktap_check "something" some_command args...
#	ktap_finish
#
# Namespaces made with ns_create and processes started with bg_start are
# removed/killed on exit (EXIT trap -> ns_cleanup); more clean-up commands
# can be added with cleanup_add.  A test that cannot run here (missing tool,
# module, ...) ends with ktap_skip_all, exit status 4 (KSFT_SKIP).

KSFT_PASS=0
KSFT_FAIL=1
KSFT_SKIP=4

IPMOB_SELFTEST_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
IPMOB_REPO=${IPMOB_REPO:-$(cd -- "$IPMOB_SELFTEST_DIR/../../../.." && pwd -P)}

# Unique per test run, so tests (and parallel runs) never share a namespace.
NS_SUFFIX=${NS_SUFFIX:-$$}

KTAP_NUM=0
KTAP_PASS=0
KTAP_FAIL=0
KTAP_SKIP=0
KTAP_PLANNED=""
KTAP_HEADER_DONE=0

# ---------------------------------------------------------------- KTAP

ktap_header() {
	KTAP_HEADER_DONE=1
	echo "TAP version 13"
}

ktap_plan() {
	KTAP_PLANNED=$1
	echo "1..$1"
}

ktap_print_msg() {
	local line
	while IFS= read -r line; do
		echo "# $line"
	done <<<"$*"
}

# ktap_elapsed: how long the test has run when a result is printed, to
# show where a slow test spends its time (make check has a time budget)
ktap_elapsed() {
	echo "# at ${SECONDS}s"
}

ktap_ok() {
	KTAP_NUM=$((KTAP_NUM + 1))
	KTAP_PASS=$((KTAP_PASS + 1))
	echo "ok $KTAP_NUM $1"
	ktap_elapsed
}

ktap_fail() {
	KTAP_NUM=$((KTAP_NUM + 1))
	KTAP_FAIL=$((KTAP_FAIL + 1))
	echo "not ok $KTAP_NUM $1"
	ktap_elapsed
}

# ktap_skip DESC [REASON]
ktap_skip() {
	KTAP_NUM=$((KTAP_NUM + 1))
	KTAP_SKIP=$((KTAP_SKIP + 1))
	echo "ok $KTAP_NUM $1 # SKIP${2:+ $2}"
}

# ktap_result RC DESC: ok when RC is 0.
ktap_result() {
	if [ "$1" -eq 0 ]; then ktap_ok "$2"; else ktap_fail "$2"; fi
}

# ktap_check DESC CMD...: run CMD, ok when it succeeds; its output is
# printed as KTAP diagnostics when it fails.
ktap_check() {
	local desc=$1 out rc=0
	shift
	out=$("$@" 2>&1) || rc=$?
	if [ "$rc" -eq 0 ]; then
		ktap_ok "$desc"
	else
		[ -z "$out" ] || ktap_print_msg "$out"
		ktap_print_msg "'$*' exited $rc"
		ktap_fail "$desc"
	fi
	return 0
}

# ktap_skip_all REASON: the whole test cannot run here; exits KSFT_SKIP
# (or KSFT_FAIL if something already failed).
ktap_skip_all() {
	if [ "$KTAP_NUM" -eq 0 ] && [ -z "$KTAP_PLANNED" ]; then
		[ "$KTAP_HEADER_DONE" -eq 1 ] || ktap_header
		echo "1..0 # SKIP $*"
	else
		ktap_print_msg "SKIP: $*"
	fi
	[ "$KTAP_FAIL" -eq 0 ] || exit "$KSFT_FAIL"
	exit "$KSFT_SKIP"
}

# ktap_finish: totals; exit 1 if anything failed (or the plan was not
# met), 4 if everything was skipped, else 0.
ktap_finish() {
	if [ -n "$KTAP_PLANNED" ] && [ "$KTAP_NUM" -ne "$KTAP_PLANNED" ]; then
		ktap_print_msg "planned $KTAP_PLANNED tests but ran $KTAP_NUM"
		KTAP_FAIL=$((KTAP_FAIL + 1))
	fi
	echo "# Totals: pass:$KTAP_PASS fail:$KTAP_FAIL skip:$KTAP_SKIP"
	if [ "$KTAP_FAIL" -gt 0 ]; then
		exit "$KSFT_FAIL"
	elif [ "$KTAP_PASS" -eq 0 ] && [ "$KTAP_SKIP" -gt 0 ]; then
		exit "$KSFT_SKIP"
	fi
	exit "$KSFT_PASS"
}

# ---------------------------------------------------------------- checks

# require_cmd CMD...: skip the whole test if a command is missing.
require_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || ktap_skip_all "required command '$c' not found"
	done
}

require_root() {
	[ "$(id -u)" -eq 0 ] || ktap_skip_all "must be run as root"
}

# require_module MOD...: skip unless the modules can be loaded.
require_module() {
	local m
	for m in "$@"; do
		modprobe -q "$m" 2>/dev/null || [ -d "/sys/module/${m//-/_}" ] ||
			ktap_skip_all "kernel module '$m' not available"
	done
}

# wait_for CMD [TIMEOUT_SECS=5]: poll (every 0.1 s) until the shell command
# string CMD succeeds; returns 1 on timeout.
wait_for() {
	local cmd=$1 timeout=${2:-5} deadline
	deadline=$(( $(date +%s%N) + timeout * 1000000000 ))
	while :; do
		if eval "$cmd" >/dev/null 2>&1; then
			return 0
		fi
		[ "$(date +%s%N)" -lt "$deadline" ] || return 1
		sleep 0.1
	done
}

# ---------------------------------------------------------------- clean-up

_IPMOB_NAMESPACES=()
_IPMOB_BG_PIDS=()
_IPMOB_CLEANUP=()
_IPMOB_TMPDIR=""

# cleanup_add CMD: run the shell command string CMD at exit (last added
# runs first), before namespaces are removed.
cleanup_add() {
	_IPMOB_CLEANUP+=("$1")
}

# test_tmpdir: print (and create once) a temporary directory removed at exit.
test_tmpdir() {
	if [ -z "$_IPMOB_TMPDIR" ]; then
		_IPMOB_TMPDIR=$(mktemp -d "${TMPDIR:-/tmp}/ipmob-test.XXXXXX")
	fi
	echo "$_IPMOB_TMPDIR"
}

# bg_start CMD...: start CMD in the background (redirect the bg_start call
# itself for its output); its pid is left in BG_PID.  Killed at exit if
# still running.
BG_PID=""
bg_start() {
	"$@" &
	BG_PID=$!
	_IPMOB_BG_PIDS+=("$BG_PID")
}

ns_cleanup() {
	local i ns pid
	set +e
	for ((i = ${#_IPMOB_CLEANUP[@]} - 1; i >= 0; i--)); do
		eval "${_IPMOB_CLEANUP[$i]}" >/dev/null 2>&1
	done
	_IPMOB_CLEANUP=()
	for pid in ${_IPMOB_BG_PIDS[@]+"${_IPMOB_BG_PIDS[@]}"}; do
		kill "$pid" 2>/dev/null
	done
	for pid in ${_IPMOB_BG_PIDS[@]+"${_IPMOB_BG_PIDS[@]}"}; do
		wait "$pid" 2>/dev/null
	done
	_IPMOB_BG_PIDS=()
	for ns in ${_IPMOB_NAMESPACES[@]+"${_IPMOB_NAMESPACES[@]}"}; do
		for pid in $(ip netns pids "$ns" 2>/dev/null); do
			kill -9 "$pid" 2>/dev/null
		done
		ip netns del "$ns" 2>/dev/null
	done
	_IPMOB_NAMESPACES=()
	[ -z "$_IPMOB_TMPDIR" ] || rm -rf "$_IPMOB_TMPDIR"
	_IPMOB_TMPDIR=""
}
trap ns_cleanup EXIT
# Make the EXIT trap run when the runner's timeout (SIGTERM) or ^C hits.
trap 'exit 143' TERM
trap 'exit 130' INT

# ---------------------------------------------------------------- netns

# ns_name BASE: a namespace name unique to this test run.
ns_name() {
	echo "ipmob-$1-$NS_SUFFIX"
}

# ns_create NAME...: new network namespaces, lo up, removed at exit.
# Forwarding is off; see ns_forwarding and ns_sysctl.
ns_create() {
	local ns
	for ns in "$@"; do
		ip netns add "$ns"
		_IPMOB_NAMESPACES+=("$ns")
		ip -n "$ns" link set lo up
	done
}

# ns_exec NS CMD...
ns_exec() {
	local ns=$1
	shift
	ip netns exec "$ns" "$@"
}

# ns_sysctl NS KEY=VALUE...
ns_sysctl() {
	local ns=$1
	shift
	[ "$#" -gt 0 ] || return 0
	# one sysctl for all of them: an "ip netns exec" costs about a second
	# in the emulated VM. It sets them in order and fails (after trying
	# the rest) if one cannot be set.
	ip netns exec "$ns" sysctl -q -w "$@" >/dev/null
}

# ns_ip NS LINE...: "ip -n NS LINE" for each LINE in order, from one ip
# process (ip -batch: an ip process costs about a second in the emulated
# VM); fails at the first that fails. A LINE has no global options (-6):
# the addresses give the family.
ns_ip() {
	local ns=$1
	shift
	printf '%s\n' "$@" | ip -n "$ns" -batch -
}

# ns_forwarding NS 0|1 [KEY=VALUE...]: IPv4 and IPv6 forwarding in NS
# (and the other settings given, in the same ns_sysctl).
ns_forwarding() {
	ns_sysctl "$1" "net.ipv4.ip_forward=$2" "net.ipv6.conf.all.forwarding=$2" "${@:3}"
}

# veth_pair NS1 IF1 NS2 IF2: a veth link IF1 (in NS1) <-> IF2 (in NS2), up.
#
# The two ends never share an interface index. The kernel takes a link
# event of a device whose index equals its iflink (for a veth, the
# peer's index) as not urgent (linkwatch_urgent_event(),
# net/core/link_watch.c) and handles it up to a second later. Until
# then the end's operational state stays down: a bridge does not
# forward on it, so a mobile node arriving on such a link lost its
# first Router Solicitation and Binding Update (the demo's B -> A
# retransmission, about 1 s on every arrival on link A).
veth_pair() {
	local ns1=$1 if1=$2 ns2=$3 if2=$4 i1 i2 l
	ip -n "$ns1" link add "$if1" type veth peer name "$if2" netns "$ns2"
	# both indexes from one ip call (each costs about a second in the
	# emulated VM): "I1: IF1@ifI2: ... link-netns NS2", the peer named by
	# its index when it is in another namespace
	l=$(ip -n "$ns1" -o link show dev "$if1")
	if [[ $l =~ ^([0-9]+):\ [^@:]+@if([0-9]+):.*\ link-netns\  ]]; then
		i1=${BASH_REMATCH[1]} i2=${BASH_REMATCH[2]}
	else
		i1=${l%%:*}
		i2=$(ip -n "$ns2" -o link show dev "$if2" | cut -d: -f1)
	fi
	if [ "$i1" = "$i2" ]; then
		# the kernel takes the peer's index only when the first
		# end has one too (veth_newlink())
		ip -n "$ns1" link del "$if1"
		ip -n "$ns1" link add "$if1" index $((i1 + 1000)) type veth \
			peer name "$if2" netns "$ns2" index $((i1 + 2000))
	fi
	ip -n "$ns1" link set "$if1" up
	ip -n "$ns2" link set "$if2" up
}
