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
#   2. flow rules are in place and a buffering rule holds packets; the HA
#      has a UDP tunnel socket (ipmob udp listen)
#   3. rmmod succeeds while traffic runs
#   4. dmesg has no WARNING/BUG/leftover objects/refcount messages
#   5. the UDP socket outlives the module as a plain socket: a datagram to
#      it reaches its owner
#   6. the module loads again and works
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/ipmob_lib.bash"

require_root
require_cmd ip ping rmmod
ipmob_load

ktap_header
ktap_plan 6
topo_mip6
topo_tunnel
add_bindings "$HA" 200
T=$(test_tmpdir)

ktap_check "traffic flows before unload" ns_exec "$CN" ping -6 -c 2 -W 2 $HOA
# 2001:db8:1::3e9 is one of add_bindings' home addresses
ipmob_n "$HA" flow add hoa 2001:db8:1::3e9 dev mob0 fid 1 buffer
ipmob_n "$HA" flow add hoa $HOA dev mob0 fid 2 drop proto udp dport 9
ns_exec "$CN" ping -6 -c 20 -i 0.05 -W 1 2001:db8:1::3e9 >/dev/null 2>&1 || true
ipmob_n "$HA" udp listen port 4191 >"$T/listen" 2>&1 &
_IPMOB_BG_PIDS+=("$!")
listener=$!
wait_for "grep -q listening '$T/listen'" 20 || true
held=$(ipmob_n "$HA" binding show hoa 2001:db8:1::3e9 dev mob0)
udp=$(ipmob_n "$HA" udp show)
ktap_print_msg "$held" "$udp"
ktap_result $([[ $held == *"buffered 20"* ]] && [[ $udp == "port 4191"* ]]; echo $?) \
	"rules in place, 20 packets held, a UDP tunnel socket set"
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
ns_exec "$CN" /usr/bin/python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.sendto(b"after unload", (sys.argv[1], 4191))' "$HA_ADDR"
wait_for "grep -q '^from' '$T/listen'" 5 || true
ktap_print_msg "listener: $(grep '^from' "$T/listen" | tail -n 1)"
ktap_result $(grep -q "^from $CN_ADDR port" "$T/listen"; echo $?) \
	"the UDP socket outlives the module as a plain socket"
kill "$listener" 2>/dev/null || true
ipmob_load
ktap_check "module reloads and creates a device" ipmob_n "$HA" link add mob1
ktap_finish
