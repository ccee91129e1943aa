#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# unload.sh: removing the module with live bindings and traffic leaves no
# leak or warning: devices and bindings go, the binding slab cache is
# destroyed empty (the kernel reports leftover objects), no refcount wait.
#
#   CN ---- R ---- HA ; MN   (ping flood CN -> HoA through the tunnel)
#
#   1. traffic flows before unload
#   2. rmmod succeeds while traffic runs
#   3. dmesg has no WARNING/BUG/leftover objects/refcount messages
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

ktap_check "traffic flows before unload" ns_exec "$CN" ping -6 -c 2 -W 2 $HOA
ns_exec "$CN" ping -6 -i 0.01 -q $HOA >/dev/null 2>&1 &
_IPMOB_BG_PIDS+=("$!")
ns_exec "$MN" ping -6 -i 0.01 -q -I $HOA $CN_ADDR >/dev/null 2>&1 &
_IPMOB_BG_PIDS+=("$!")
sleep 1
dmesg -c >/dev/null 2>&1 || true
ktap_check "rmmod with live bindings and traffic" rmmod ipmob
sleep 1
msgs=$(dmesg_problems)
ktap_print_msg "${msgs:-dmesg clean}"
ktap_result $([ -z "$msgs" ]; echo $?) "no warning or leak in dmesg"
ipmob_load
ktap_check "module reloads and creates a device" ipmob_n "$HA" link add mob1
ktap_finish
