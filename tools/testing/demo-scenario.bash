# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The narrated demonstration, run inside the VM by tools/testing/demo.sh:
# a mobile node away from home, reached through its home agent, then
# route-optimised with a correspondent, all with static bindings.
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/selftests/ipmob/ipmob_lib.bash"

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
run() { printf '   $ %s\n' "$*"; "$@" 2>&1 | sed 's/^/     /'; }

ipmob_load
say "Topology: CN -- R -- HA (home 2001:db8:1::/64); MN on the foreign link 2001:db8:2::/64"
topo_mip6
say "MN is away from home: home address $HOA, care-of address $COA"
run ip -n "$MN" -6 addr show dev mob0
say "Without a binding the correspondent cannot reach the home address"
run ns_exec "$CN" ping -6 -c 1 -W 1 $HOA || true
say "Install the home registration on HA and MN (ipmob binding add ...)"
run ipmob_n "$HA" binding add hoa $HOA coa $COA local $HA_ADDR lifetime 600 dev mob0
run ipmob_n "$MN" binding add hoa $HOA coa $COA peer $HA_ADDR dev mob0
run ipmob_n "$HA" binding show
say "CN now reaches the home address through the home agent's tunnel"
T=$(test_tmpdir)
cap_start "$R" mn0 "$T/demo.pcap"
run ns_exec "$CN" ping -6 -c 3 -i 0.3 $HOA
cap_stop
say "What crossed the foreign link (tshark): IPv6-in-IPv6 between HA and the CoA"
run tshark -r "$T/demo.pcap" -Y icmpv6.type==128 -T fields -e ipv6.src -e ipv6.dst
say "Route optimisation: CN and MN learn each other's binding"
run ipmob_n "$CN" binding add hoa $HOA coa $COA mode ro dev mob0
run ipmob_n "$MN" binding add hoa $HOA coa $COA peer $CN_ADDR mode ro dev mob0
cap_start "$R" mn0 "$T/ro.pcap"
run ns_exec "$CN" ping -6 -c 3 -i 0.3 $HOA
cap_stop
say "Requests carry a type 2 routing header, replies a Home Address option"
run tshark -r "$T/ro.pcap" -Y 'icmpv6.type==128 || icmpv6.type==129' -T fields \
	-e ipv6.src -e ipv6.dst -e ipv6.routing.mipv6.home_address -e ipv6.opt.mipv6.home_address
say "Counters (one per event and drop reason)"
run ipmob_n "$CN" stats
say "Done."
