#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# mip6_dereg.sh: a deregistration whose Binding Acknowledgement is lost.
# The home agent accepts the mobile node's deregistration at home and
# removes the binding, but its BA does not arrive (an nftables rule on
# the home agent drops it, as a lost address resolution does when the
# mobile node is just back on the home link, RFC 6275 11.5.5). The
# mobile node retransmits; the home agent, with no binding left, answers
# 133 (RFC 6275 10.3.2).
#   1. the BA 133 to the retransmission ends the deregistration: the
#      mobile node is deregistered, its home registration not stopped
#   2. tshark: the deregistration is retransmitted (its BAs are dropped:
#      none on the home link) until the rule goes; the next is answered
#      with 133, the only BA at home, and then the mobile node sends no
#      more BUs
#   3. the mobile node registers again on its next movement (to link A)
#      and the correspondent reaches it there
# ipmob-kernels: 6.12
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/mip6_lib.bash"

require_root
require_cmd ip ping radvd dumpcap tshark nft
ipmob_load

ktap_header
ktap_plan 3
topo_mobility
T=$(test_tmpdir)

wait_for "ip -n $MN -6 addr show dev eth0 scope global | grep -q 2001:db8:1:" 20 || true
mip6_ha_conf "$T/ha.conf"
mip6_mn_conf "$T/mn.conf"
mip6_daemon "$HA" "$T/ha.conf" "$T/ha.log"
wait_for "grep -q 'home agent on br0' '$T/ha.log'" 20 || true
mip6_daemon "$MN" "$T/mn.conf" "$T/mn.log"
wait_for "grep -q 'movement: at home' '$T/mn.log'" 20 || true
mip6_move A
mip6_wait_registered 2001:db8:a: 30 || ktap_print_msg "MN did not register"

# the home agent's Binding Acknowledgements (MH type 6) are dropped on
# their way out until the mobile node has retransmitted its BU
ip netns exec "$HA" nft -f - <<'EOF'
table ip6 lose {
	chain out {
		type filter hook output priority 0;
		meta l4proto 135 @th,16,8 6 counter drop
	}
}
EOF
cap_start "$HA" br0 "$T/home.pcap" "ip6 and host $M_HOA"
sent=$(grep -c 'BU sent' "$T/mn.log" || true)
mip6_move home
# the deregistration and its retransmission (initial-bindack-timeout: 500 ms)
wait_for "[ \$(grep -c 'BU sent' '$T/mn.log') -ge $((sent + 2)) ]" 20 ||
	ktap_print_msg "the mobile node did not retransmit its deregistration"
ip netns exec "$HA" nft delete table ip6 lose
rc=0
wait_for "grep -q 'deregistered' '$T/mn.log'" 10 || rc=1
grep -q 'registration stopped' "$T/mn.log" && rc=1
mip6_wait_home 10 || rc=1
ktap_print_msg "$(grep -E 'BU sent|BA received|stopped' "$T/mn.log" | tail -n 4)"
ktap_result $rc "a BA 133 to the retransmitted deregistration: deregistered, not stopped"

sleep 2
cap_stop
# the mobility messages at home, in order (time|type|BA status)
msgs=$(decode "$T/home.pcap" '(mip6.mhtype == 5 || mip6.mhtype == 6) && !icmpv6' \
	frame.time_relative mip6.mhtype mip6.ba.status)
ktap_print_msg "at home (time|MH type|BA status): $(echo $msgs)"
verdict=$(printf '%s\n' "$msgs" | /usr/bin/python3 -c '
import sys
m = [l.strip().split("|") for l in sys.stdin if l.strip()]
bus = [x for x in m if x[1] == "5"]
bas = [x for x in m if x[1] == "6"]
if len(bus) < 2:
    print("%d BUs: no retransmission" % len(bus))
elif len(bas) != 1 or bas[0][2] != "133":
    print("BAs at home: %s, not one with 133" % [b[2] for b in bas])
elif m[-1][1] != "6":
    print("BUs after the BA 133")
else:
    print("ok")')
ktap_print_msg "$verdict"
ktap_result $([ "$verdict" = ok ]; echo $?) \
	"tshark: the deregistration retransmitted, its BA lost, the retransmission answered with 133, then no BU"

mip6_move A
rc=0
mip6_wait_registered 2001:db8:a: 30 || rc=1
wait_for "ns_exec $CN ping -6 -c 1 -W 1 $M_HOA >/dev/null 2>&1" 10 || rc=1
ktap_result $rc "the next movement registers again; the correspondent reaches the MN on link A"
if [ "$KTAP_FAIL" -ne 0 ]; then
	ktap_print_msg "$(cat "$T/mn.log")"
fi
ktap_finish
