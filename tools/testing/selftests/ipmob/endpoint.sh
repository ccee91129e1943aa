#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# endpoint.sh: shared tunnel endpoints (dataplane.md, "endpoint"). Care-of
# records that name the same outer addresses share one counted endpoint
# with a cached outer route; the cache follows FIB changes.
#
#   CN ---- R ---- HA (bindings)         (drawing: ipmob_lib.bash,
#           |                             topo_mip6 and topo_ipv4)
#           MN  CoA 10.0.2.100
#
#   1. DSMIPv6 home agent: the IPv6 and the IPv4 home address of one mobile
#      node, both at CoA 10.0.2.100, share one endpoint (users 2); a second
#      node's binding at another care-of address has its own (users 1)
#   2. traffic of both families through the shared endpoint caches a route
#      for each inner family
#   3. the cache follows the FIB: an unreachable route to the care-of address
#      stops the tunnel (drop_route counted), its removal restores it
#   4. deleting a binding gives its endpoint back (users 1, then none)
#   5. unprivileged users get EPERM for the endpoint dump
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/ipmob_lib.bash"

require_root
require_cmd ip ping setpriv
ipmob_load

ktap_header
ktap_plan 5
topo_mip6
topo_ipv4

# ep_json NS: the endpoint dump as "local remote encap users cached" lines
ep_lines() {
	ipmob_n "$1" -j endpoint show | /usr/bin/python3 -c '
import json, sys
for e in json.load(sys.stdin):
    print(e.get("local", "-"), e["remote"], e["encap"], e["users"], ",".join(e["cached"]) or "-")' | sort
}

ipmob_n "$HA" binding add hoa $HOA coa $COA4 local $HA4 dev mob0
ipmob_n "$HA" binding add hoa $HOA4 coa $COA4 local $HA4 dev mob0
ipmob_n "$HA" binding add hoa 2001:db8:1::200 coa 10.0.2.200 local $HA4 dev mob0
ipmob_n "$MN" binding add hoa $HOA coa $COA4 peer $HA4 dev mob0
ipmob_n "$MN" binding add hoa $HOA4 coa $COA4 peer $HA4 dev mob0
got=$(ep_lines "$HA")
ktap_print_msg "$(ipmob_n "$HA" endpoint show)"
want=$(printf '%s\n' "$HA4 $COA4 ip 2 -" "$HA4 10.0.2.200 ip 1 -" | sort)
ktap_result $([ "$got" = "$want" ]; echo $?) \
	"two home addresses at one care-of address share one endpoint; another has its own"

ok=1
ns_exec "$CN" ping -6 -c 2 -i 0.2 -W 2 $HOA >/dev/null || ok=0
ns_exec "$CN" ping -4 -c 2 -i 0.2 -W 2 $HOA4 >/dev/null || ok=0
got=$(ep_lines "$HA" | grep " $COA4 ")
mn=$(ep_lines "$MN")
ktap_print_msg "HA: $got" "MN: $mn"
ktap_result $([ $ok -eq 1 ] && [ "$got" = "$HA4 $COA4 ip 2 ip6,ip4" ] &&
	[ "$mn" = "$COA4 $HA4 ip 2 ip6,ip4" ]; echo $?) \
	"traffic of both families caches a route per inner family in the shared endpoint"

d0=$(stat_get "$HA" drop_route)
ip -n "$HA" route add unreachable $COA4/32
ns_exec "$CN" ping -4 -c 2 -i 0.2 -W 1 $HOA4 >/dev/null 2>&1 && blocked=0 || blocked=1
d1=$(stat_get "$HA" drop_route)
ip -n "$HA" route del unreachable $COA4/32
ok=0
ns_exec "$CN" ping -4 -c 2 -i 0.2 -W 2 $HOA4 >/dev/null && ok=1
ktap_print_msg "with an unreachable route: blocked=$blocked, drop_route $d0 -> $d1; after its removal ok=$ok"
ktap_result $([ $blocked -eq 1 ] && [ $((d1 - d0)) -ge 2 ] && [ $ok -eq 1 ]; echo $?) \
	"the cached route follows the FIB (unreachable: dropped and counted; removed: tunnel again)"

ipmob_n "$HA" binding del hoa $HOA dev mob0
a=$(ep_lines "$HA" | grep " $COA4 " || true)
ipmob_n "$HA" binding flush
b=$(ep_lines "$HA")
ktap_print_msg "after one delete: $a; after flush: '${b}'"
ktap_result $([ "$a" = "$HA4 $COA4 ip 1 ip6,ip4" ] && [ -z "$b" ]; echo $?) \
	"deleting bindings gives their endpoints back"

# the CLI as user nobody, from a copy it can execute (as nl_perm)
T=$(test_tmpdir)
install -m 0755 "$IPMOB" "$T/ipmob"
chmod 0755 "$T"
rc=0
out=$(ns_exec "$HA" setpriv --reuid=65534 --regid=65534 --clear-groups \
	--inh-caps=-all --no-new-privs "$T/ipmob" endpoint show 2>&1 </dev/null) || rc=$?
ktap_print_msg "nobody: ipmob endpoint show -> exit $rc: $out"
ktap_result $([ "$rc" -eq 2 ] && grep -qi "not permitted" <<<"$out"; echo $?) \
	"unprivileged endpoint dump refused (EPERM)"
ktap_finish
