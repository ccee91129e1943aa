#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [--series "6.1 6.12"] [--krel REL]... [--rounds N] [--secs S]
#        [--bindings N] [--hot N] [--tnl-secs S] [--tnl-max N] [--flows N]
#        [--routers N] [--router-flows N] [--sizes LIST] [--tcp-secs S]
#        [--mem SIZE] [--timeout SECS]
#
# make bench: the forwarding benchmark (Documentation/performance.md).
# For each kernel: resolve the release (kversions.sh), fetch it, build
# ipmob.ko (build-module.sh) and keep a copy in build/bench/REL/, boot one
# VM (slab_nomerge, so ipmob_binding has a slab cache of its own) and run
# guest.sh in it, then report.py.  Per kernel, build/bench/REL/ holds the
# console log, the raw figures (out/), report.txt and summary.json; all
# kernels together: build/bench/summary.txt, build/bench/summary.json and
# the plots (plot.py): build/bench/scaling.png, build/bench/ratios.png.
#
#   --series LIST   kernel series (default "6.1 6.12")
#   --krel REL      exactly this kernel release (repeatable)
#   --rounds N      measured rounds, each running every contender once (15)
#   --secs S        length of one pktgen run in seconds (0.5)
#   --bindings N    bindings of the "many" configuration (1000000; as
#                   many /128 tunnel, RO and /64 prefix bindings each)
#   --hot N         destinations the traffic is spread over there (256)
#   --tnl-secs S    time allowed for creating ip6tnl devices (120)
#   --tnl-max N     most ip6tnl devices to create (--bindings)
#   --flows N       flow rules of the flows contender, the last matching
#                   (10000, at most 16384)
#   --routers N     mobile routers (/64 prefix bindings) of the router
#                   configuration (100000)
#   --router-flows N  flow rules on the measured router's session, the
#                   last matching (1000, at most 16384)
#   --sizes LIST    session counts of the scaling curve between --hot and
#                   --bindings (those of "10000 100000" below --bindings;
#                   "" for none): tunnel with that many bindings, ip6tnl
#                   with that many devices where fewer than --tnl-secs made
#   --tcp-secs S    length of one iperf3 run of the TCP contenders (1;
#                   0: no TCP)
#   --mem SIZE      guest memory (4G: three namespaces of 1,000,000
#                   bindings, their batch files and the ip6tnl devices)
#   --timeout SECS  limit for each VM (2400)
#
# Exit status: non-zero when a build or a VM failed, or when the guest saw
# a problem (lost packets, ipmob drop counters, kernel warnings); the
# report lists them under PROBLEMS.
#
# Then the signalling and handover figures, one more VM per kernel
# (sig_run.sh; its settings are BENCH_SIG* variables, BENCH_SIG=0 skips
# it): build/bench/sig_summary.txt and sig_summary.json.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=../vm/common.sh
. "$here/../vm/common.sh"

usage() { sed -n '4,/^set -euo/{/^set -euo/d;/^# shellcheck/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}" >&2; exit 2; }

series_list="6.1 6.12" krels=() rounds=15 secs=0.5 bindings=1000000 hot=256
tnl_secs=120 tnl_max="" vm_timeout=2400 flows=10000 vm_mem=4G
routers=100000 router_flows=1000
sizes=unset tcp_secs=1
while [ $# -gt 0 ]; do
	case "$1" in
	--series) series_list=$2; shift ;;
	--krel) krels+=("$2"); shift ;;
	--rounds) rounds=$2; shift ;;
	--secs) secs=$2; shift ;;
	--bindings) bindings=$2; shift ;;
	--hot) hot=$2; shift ;;
	--tnl-secs) tnl_secs=$2; shift ;;
	--tnl-max) tnl_max=$2; shift ;;
	--flows) flows=$2; shift ;;
	--routers) routers=$2; shift ;;
	--router-flows) router_flows=$2; shift ;;
	--mem) vm_mem=$2; shift ;;
	--sizes) sizes=$2; shift ;;
	--tcp-secs) tcp_secs=$2; shift ;;
	--timeout) vm_timeout=$2; shift ;;
	-h|--help) usage ;;
	*) usage ;;
	esac
	shift
done
[ -n "$tnl_max" ] || tnl_max=$bindings
if [ "$sizes" = unset ]; then
	# the default sizes that lie below --bindings
	sizes=""
	for z in 10000 100000; do
		[ "$z" -ge "$bindings" ] || [ "$z" -lt "$hot" ] || sizes+=" $z"
	done
fi
for v in "$rounds" "$bindings" "$hot" "$tnl_secs" "$tnl_max" "$vm_timeout" "$flows" \
	"$routers" "$router_flows" $sizes "$tcp_secs"; do
	[[ "$v" =~ ^[0-9]+$ ]] || vm_die "not a number: $v"
done
[[ "$secs" =~ ^[0-9]+(\.[0-9]+)?$ ]] || vm_die "not a number: $secs"
[[ "$vm_mem" =~ ^[0-9]+[MG]$ ]] || vm_die "--mem: a size such as 4G or 3072M, not $vm_mem"
if [ "$rounds" -lt 1 ] || [ "$bindings" -lt 1 ]; then
	vm_die "--rounds and --bindings must be >= 1"
fi
# the flows contender's rules: one session holds at most 16384
# (IPMOB_MAX_FLOWS); their ports 10001.. stay below 65536
if [ "$flows" -lt 1 ] || [ "$flows" -gt 16384 ]; then
	vm_die "--flows must be 1-16384"
fi
if [ "$router_flows" -lt 1 ] || [ "$router_flows" -gt 16384 ]; then
	vm_die "--router-flows must be 1-16384"
fi
# the routers' prefixes are 2001:db8:1000::/36's /64s
if [ "$routers" -lt 1 ] || [ "$routers" -gt 16777216 ]; then
	vm_die "--routers must be 1-16777216"
fi
# pktgen spreads the destinations with a bit mask: a power of two that the
# bindings cover.
if [ "$hot" -lt 1 ] || [ $((hot & (hot - 1))) -ne 0 ] || [ "$hot" -gt 65536 ]; then
	vm_die "--hot must be a power of two, at most 65536"
fi
[ "$hot" -le "$bindings" ] || vm_die "--hot must not exceed --bindings"
for z in $sizes; do
	if [ "$z" -lt "$hot" ] || [ "$z" -ge "$bindings" ]; then
		vm_die "--sizes: $z is not between --hot ($hot) and --bindings ($bindings)"
	fi
done

vm_host_deps
# What guest.sh uses comes from the host root.
vm_apt_install iproute2 kmod procps python3 iperf3 python3-matplotlib gcc libc6-dev
[ -x "$IPMOB_REPO/agent/ipmob" ] || make -C "$IPMOB_REPO/agent" >/dev/null

vm_resolve_krels "$series_list"

top="$IPMOB_REPO/build/bench"
mkdir -p "$top"
# the correspondent's sender (configuration L)
udpsend="$here/udpsend"
if ! make -s -C "$here" udpsend; then
	vm_log "udpsend did not build: the correspondent's send path is not measured"
	udpsend=""
fi
failed=0 dirs=()
for rel in "${krels[@]}"; do
	vm_log "=== bench on $rel ==="
	d="$top/$rel"
	rm -rf "$d"
	mkdir -p "$d"
	dirs+=("$d")
	"$IPMOB_VMDIR/fetch-kernel.sh" "$rel" >/dev/null
	if ! bash "$IPMOB_VMDIR/build-module.sh" "$rel" >"$d/build.log" 2>&1; then
		cat "$d/build.log" >&2
		vm_log "$rel: MODULE BUILD FAILED"
		failed=1
		continue
	fi
	# A private copy, so a concurrent rebuild cannot change it under the VM.
	cp "$IPMOB_REPO/build/$rel/ipmob.ko" "$d/ipmob.ko"
	vrc=0
	"$IPMOB_VMDIR/run-vm.sh" --krel "$rel" --mem "$vm_mem" --timeout "$vm_timeout" \
		--append slab_nomerge --out "$d" --log "$d/console.log" \
		--env "IPMOB_KO=$d/ipmob.ko" --env "BENCH_ROUNDS=$rounds" \
		--env "BENCH_SECS=$secs" --env "BENCH_BINDINGS=$bindings" \
		--env "BENCH_HOT=$hot" --env "BENCH_TNL_SECS=$tnl_secs" \
		--env "BENCH_TNL_MAX=$tnl_max" --env "BENCH_FLOWS=$flows" \
		--env "BENCH_SIZES=$sizes" --env "BENCH_UDPSEND=$udpsend" \
		--env "BENCH_TCP_SECS=$tcp_secs" --env "BENCH_ROUTERS=$routers" \
		--env "BENCH_ROUTER_FLOWS=$router_flows" \
		-- bash tools/testing/bench/guest.sh || vrc=$?
	if [ "$vrc" -ne 0 ]; then
		vm_log "$rel: the benchmark VM exited $vrc (console: build/bench/$rel/console.log)"
		failed=1
	fi
	if [ -s "$d/out/runs.tsv" ]; then
		/usr/bin/python3 "$here/report.py" "$d" >/dev/null || failed=1
	fi
done

/usr/bin/python3 "$here/report.py" --combine "$top" ${dirs[@]+"${dirs[@]}"}
# the plots: a failure is reported, not fatal (the tables are the figures)
/usr/bin/python3 "$here/plot.py" "$top" || vm_log "plot.py failed: no plots"
echo
cat "$top/summary.txt"
echo "(raw figures: build/bench/REL/out/; summary: build/bench/summary.json)"

# signalling and handover gaps: a VM of their own per kernel
bash "$here/sig_run.sh" "${krels[@]}" || failed=1
exit "$failed"
