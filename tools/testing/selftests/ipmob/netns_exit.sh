#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# netns_exit.sh: namespaces with ipmob state die cleanly under traffic.
# The tunnel receive handler is global and runs for a namespace until its
# last device is gone, after ipmob's own exit: a pre_exit "dead" flag
# keeps it off the table exit frees. Then the module unloads clean.
#
#   CN ---- R ---- HA (200 bindings) ; MN   floods both ways through the
#                                          tunnel, then HA and MN are
#                                          deleted while it runs
#
#   1. traffic flows through the tunnel
#   2. rmmod after deleting HA's and MN's namespaces under the flood
#      succeeds (it waits for their cleanup: pernet_ops_rwsem)
#   3. dmesg has no warning, leftover objects or refcount wait
#   4. the module loads again and works
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/ipmob_lib.bash"

require_root
require_cmd ip ping rmmod
ipmob_load

ktap_header
ktap_plan 4
topo_mip6
topo_tunnel
add_bindings "$HA" 200
ktap_check "traffic flows through the tunnel" ns_exec "$CN" ping -6 -c 2 -W 2 $HOA

# A third namespace with an ipmob device keeps ipmob's netfilter hooks
# registered while HA and MN go: their static keys do not flip under the
# flood (run-time code patching, which multi-threaded TCG guests do not
# always see whole: "Oops: int3" in __ip6_local_out). It goes once the
# flood has stopped.
KEEP=$(ns_name keep)
ns_create "$KEEP"
ipmob_n "$KEEP" link add mob0
ip -n "$KEEP" link set mob0 up

# CN's flood keeps arriving at R, which keeps tunnelled packets coming to
# MN's veth (R is not deleted) until MN's devices are gone.
ns_exec "$CN" ping -6 -i 0.002 -q $HOA >/dev/null 2>&1 &
_IPMOB_BG_PIDS+=("$!")
ns_exec "$MN" ping -6 -i 0.002 -q -I $HOA $CN_ADDR >/dev/null 2>&1 &
MNPING=$!
sleep 1
dmesg -c >/dev/null 2>&1 || true
kill "$MNPING" 2>/dev/null || true
wait "$MNPING" 2>/dev/null || true
ip netns del "$MN"
ip netns del "$HA"
sleep 1
for pid in "${_IPMOB_BG_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
wait 2>/dev/null || true
ip netns del "$KEEP"
sleep 1
ktap_check "rmmod after deleting namespaces under traffic" rmmod ipmob
sleep 1
msgs=$(dmesg_problems)
ktap_print_msg "${msgs:-dmesg clean}"
ktap_result $([ -z "$msgs" ]; echo $?) "no warning or leak in dmesg"
ipmob_load
ktap_check "module reloads and creates a device" ipmob_n "$CN" link add mob1
ktap_finish
