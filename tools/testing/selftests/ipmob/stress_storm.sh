#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# stress_storm.sh: a storm of hostile packets (stress_storm.py, scapy)
# at the module, every one of them accounted for under the drop reason
# it must land in, with no warning and no object left behind.
#
#   CN (binding cache HoA -> CoA, ro) ---- R (scapy) ---- HA (HoA -> CoA)
#                                          |
#                                          MN (binding: HoA, peer CN, ro)
#
# Classes, $(stress_n 40 10000) packets each (IPMOB_STRESS=long: make
# stress): Home Address options truncated, oversized, twice in one
# header, multicast, and truncated in every fragment of fragmented
# packets (CN drop_hao_malformed); type 2 routing headers with segments
# left 0 or 2, or two addresses (MN drop_rh2_malformed), or an address
# that is not a home address (MN drop_rh2_not_hoa); tunnel packets from
# a wrong outer source, or nested twice (the inner tunnel comes from the
# home address: HA drop_bad_outer_src), or whose inner header claims more
# than it carries (decapsulated, then dropped by the kernel on mob0: HA
# Ip6InTruncatedPkts).
#   1. every drop reason: frames sent of the classes that must land in
#      it = its growth; no other drop reason moved in any namespace
#   2. no echo reply was sent to any of them
#   3. ipmob's slab caches back to their baseline; kmemleak (where the
#      kernel has it) reports nothing; dmesg has no warning (run.sh)
#
# IPMOB_STORM_EXTRA=CLASS sends one more packet of CLASS, unannounced:
# check 1 must fail (the accounting's own check).
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/ipmob_lib.bash"

require_root
require_cmd ip
ipmob_load

N=$(stress_n 40 10000)
ktap_header
ktap_plan 3
kmemleak_begin
slab0=$(slab_ipmob)
topo_mip6
T=$(test_tmpdir)
D=$(dirname -- "${BASH_SOURCE[0]}")
ipmob_n "$CN" binding add hoa $HOA coa $COA mode ro dev mob0
ipmob_n "$MN" binding add hoa $HOA coa $COA peer $CN_ADDR mode ro dev mob0
ipmob_n "$HA" binding add hoa $HOA coa $COA local $HA_ADDR dev mob0
slab1=$(slab_ipmob)

start=$(date +%s)
ns_exec "$R" /usr/bin/python3 "$D/stress_storm.py" "$IPMOB" "$CN" "$MN" "$HA" \
	$CN_ADDR $HOA $COA $HA_ADDR "$N" ${IPMOB_STORM_EXTRA:-} >"$T/storm" 2>&1 || true
ktap_print_msg "$(grep -v '^WARNING: No route found' "$T/storm")" "storm of $N per class in $(($(date +%s) - start)) s"
rc=0
grep -q '^SENT' "$T/storm" || rc=1
grep -v ' echo replies' "$T/storm" | grep -q '^FAIL' && rc=1
ktap_result $rc "every hostile packet counted under its drop reason, no other"
ktap_result $(grep -q '^ok echo replies' "$T/storm"; echo $?) "no echo reply to any of them"

rc=0
slab2=$(slab_ipmob)
[ "$slab2" = "$slab1" ] || rc=1
ns_cleanup
slab_settle "$slab0" || rc=1
ktap_print_msg "ipmob slab objects: before $(echo "$slab0" | tr '\n' ' ')/ with bindings $(echo "$slab1" | tr '\n' ' ')/ after the storm $(echo "$slab2" | tr '\n' ' ')/ namespaces gone $(slab_ipmob | tr '\n' ' ')"
kmemleak_check || rc=1
ktap_result $rc "slab back to baseline, no kmemleak report"
ktap_finish
