#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# mcoa_ha.sh: multiple care-of addresses at ipmobd's home agent (RFC
# 5648, BID-PRI of RFC 6089), driven by Binding Updates that mip6_bu.py
# crafts and authenticates (RFC 4285) from a mobile node with links A and
# B up at once; the mobile node's end of the tunnel is a static session.
# Topology: mip6_lib.bash.
#
#   1. bulk registration of BID 1 (care-of on A, BID-PRI 1) and BID 2
#      (care-of on B, BID-PRI 2): BA 0 echoing both BIDs with status 0
#      (tshark); the home agent's session has both care-of records with
#      their BIDs and priorities (binding show -j)
#   2. the correspondent's pings to the home address go through A only
#      (the preferred record; capture on the mobile node's links)
#   3. BID 1 deregistered alone: BA 0 echoing BID 1; BID 2 stays and the
#      pings move to B
#   4. refusals change nothing: a BID without a care-of address that is
#      not bound (167); a bulk with a link-local care-of address (BA 4,
#      that BID 164, the other accepted)
#   5. a BU without BID replaces them all with one regular binding; a BID
#      beside it without O is 165, with O it replaces it
#   6. ipmobd restarted: the BIDs come back from the kernel; deregistering
#      the last BID removes the home address's session
# ipmob-kernels: 6.1
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/mip6_lib.bash"

require_root
require_cmd ip ping radvd dumpcap tshark
ipmob_load

ktap_header
ktap_plan 6
topo_mobility
T=$(test_tmpdir)
D=$(dirname -- "${BASH_SOURCE[0]}")

# the mobile node on A and B at once, no daemon of its own (none takes
# the home link's routes away: the link itself goes)
ip -n "$HA" link set h-mn down
ip -n "$MN" link set eth0 down
ip -n "$AR1" link set a-mn up
ip -n "$AR2" link set b-mn up
wait_for "ip -n $MN -6 addr show dev eth1 scope global | grep -q 2001:db8:a:" 20 || true
wait_for "ip -n $MN -6 addr show dev eth2 scope global | grep -q 2001:db8:b:" 20 || true
COA_A=$(ip -n "$MN" -6 -o addr show dev eth1 scope global | awk '{print $4}' | cut -d/ -f1 | head -n 1)
COA_B=$(ip -n "$MN" -6 -o addr show dev eth2 scope global | awk '{print $4}' | cut -d/ -f1 | head -n 1)
ktap_print_msg "care-of addresses: A $COA_A, B $COA_B"
ip -n "$MN" link add mob0 type ipmob
ip -n "$MN" link set mob0 up
ip -n "$MN" -6 addr add $M_HOA/128 dev mob0 home nodad
"$IPMOB" -n "$MN" binding add hoa $M_HOA coa "$COA_A" bid 1 prio 1 \
	coa "$COA_B" bid 2 prio 2 peer $M_HA dev mob0

mip6_ha_conf "$T/ha.conf" "dad off"
cat >>"$T/ha.conf" <<EOF
home-address $M_HOA
EOF
mip6_daemon "$HA" "$T/ha.conf" "$T/ha.log"
HAPID=$DPID
wait_for "grep -q 'home agent on br0' '$T/ha.log'" 20 || true

SEQ=0
# bu ARGS...: one crafted, authenticated BU for the home address, from
# the care-of address on A unless --coa comes first
bu() {
	local coa=$COA_A
	if [ "${1:-}" = --coa ]; then
		coa=$2
		shift 2
	fi
	SEQ=$((SEQ + 1))
	ns_exec "$MN" /usr/bin/python3 "$D/mip6_bu.py" --coa "$coa" --ha $M_HA \
		--hoa $M_HOA --nai $M_NAI --spi $M_SPI --key $M_KEY --seq $SEQ "$@"
	sleep 0.5
}
# recs: the care-of records of the home address's session, "bid:prio:addr"
recs() {
	"$IPMOB" -n "$HA" -j binding show 2>/dev/null | /usr/bin/python3 -c '
import json, sys
for b in json.load(sys.stdin):
    if b.get("hoa") == sys.argv[1] and "prefix_len" not in b:
        print(" ".join("%s:%s:%s" % (c.get("bid", 0), c.get("prio", 0), c["addr"])
                       for c in sorted(b.get("coas", []), key=lambda c: c.get("bid", 0))))' "$M_HOA"
}
# bas FILE: each BA's status and its BID options' BIDs and statuses
# (a BA the capture holds twice, as it may on the veth, once)
bas() {
	decode "$1" "mip6.mhtype == 6" mip6.ba.seqnr mip6.ba.status mip6.bi.bid \
		mip6.bi.status | uniq | cut -d'|' -f2-
}
# tunnelled IFACE FILE: echo requests to the home address tunnelled there
tunnelled() {
	decode "$2" "icmpv6.type == 128 && ipv6.dst == $M_HOA && ipv6.nxt == 41" \
		frame.number | grep -c . || true
}
pings() {
	cap_start "$MN" eth1 "$T/a$1.pcap" "ip6"
	local pa=$CAP_PID
	cap_start "$MN" eth2 "$T/b$1.pcap" "ip6"
	ns_exec "$CN" ping -6 -c 5 -i 0.2 -W 2 $M_HOA >"$T/ping$1" 2>&1 || true
	# a capture stopped at once can lose what the kernel has not yet
	# handed it (libpcap's TPACKET_V3 blocks retire on a timeout)
	sleep 1
	kill -INT "$pa" 2>/dev/null || true
	wait "$pa" 2>/dev/null || true
	cap_stop
	echo "$(tunnelled eth1 "$T/a$1.pcap") $(tunnelled eth2 "$T/b$1.pcap") $(grep -o '[0-9]* received' "$T/ping$1" | cut -d' ' -f1)"
}

# 1. bulk registration
cap_start "$HA" up0 "$T/s1.pcap" "ip6"
bu --bid "1:1=$COA_A" --bid "2:2=$COA_B"
cap_stop
b1=$(bas "$T/s1.pcap")
r1=$(recs)
ktap_print_msg "BA (status|BIDs|statuses): $b1; records: $r1"
ktap_result "$([ "$b1" = "0|1,2|0,0" ] && [ "$r1" = "1:1:$COA_A 2:2:$COA_B" ]; echo $?)" \
	"bulk registration of two BIDs: BA 0 echoes both; both care-of records with BID and BID-PRI"

# 2. traffic over the preferred record
p2=$(pings 2)
ktap_print_msg "tunnelled on A, on B, ping replies: $p2"
read -r ta tb rx <<<"$p2"
ktap_result "$([ "$ta" -ge 4 ] && [ "$tb" = 0 ] && [ "${rx:-0}" -ge 4 ]; echo $?)" \
	"the correspondent's pings go through A (BID-PRI 1) only"

# 3. one BID deregistered
cap_start "$HA" up0 "$T/s3.pcap" "ip6"
bu --coa "$COA_B" --lifetime 0 --bid 1
cap_stop
# the mobile node's end follows (its replies must come from a care-of
# address the home agent still binds)
"$IPMOB" -n "$MN" binding change hoa $M_HOA coa "$COA_B" bid 2 prio 2 \
	peer $M_HA dev mob0
b3=$(bas "$T/s3.pcap")
r3=$(recs)
p3=$(pings 3)
read -r ta tb rx <<<"$p3"
ktap_print_msg "BA: $b3; records: $r3; tunnelled on A, on B, replies: $p3"
ktap_result "$([ "$b3" = "0|1|0" ] && [ "$r3" = "2:2:$COA_B" ] && [ "$ta" = 0 ] &&
	[ "$tb" -ge 4 ] && [ "${rx:-0}" -ge 4 ]; echo $?)" \
	"BID 1 deregistered alone: BID 2 stays, the pings move to B"

# 4. refusals
cap_start "$HA" up0 "$T/s4.pcap" "ip6"
bu --bid 7
bu --bid "3:1=fe80::1" --bid "4:3=$COA_A"
cap_stop
b4=$(bas "$T/s4.pcap" | tr '\n' ' ')
r4=$(recs)
ktap_print_msg "BAs: $b4; records: $r4"
ktap_result "$([ "$b4" = "167|7|0 4|3,4|164,0 " ] &&
	[ "$r4" = "2:2:$COA_B 4:3:$COA_A" ]; echo $?)" \
	"unknown BID without care-of 167; bulk with a link-local care-of: BA 4, that BID 164, the other bound"

# 5. regular binding and the O flag
cap_start "$HA" up0 "$T/s5.pcap" "ip6"
bu
r5a=$(recs)
bu --bid "5:1=$COA_A"
bu --bid "5:1=$COA_A" --overwrite
cap_stop
b5=$(bas "$T/s5.pcap" | tr '\n' ' ')
r5=$(recs)
ktap_print_msg "BAs: $b5; records after the regular BU: $r5a, at the end: $r5"
ktap_result "$([ "$b5" = "0|| 165|5|0 0|5|0 " ] && [ "$r5a" = "0:0:$COA_A" ] &&
	[ "$r5" = "5:1:$COA_A" ]; echo $?)" \
	"a BU without BID makes one regular binding; a BID beside it 165, with O it replaces it"

# 6. restart, then the last BID goes
kill -TERM "$HAPID"
wait "$HAPID" 2>/dev/null || true
mip6_daemon "$HA" "$T/ha.conf" "$T/ha2.log"
wait_for "grep -q 'home agent on br0' '$T/ha2.log'" 20 || true
r6a=$(recs)
cap_start "$HA" up0 "$T/s6.pcap" "ip6"
bu --lifetime 0 --bid 5
cap_stop
b6=$(bas "$T/s6.pcap")
r6=$(recs)
ktap_print_msg "records after the restart: $r6a; BA: $b6; records: ${r6:-none}"
ktap_result "$([ "$r6a" = "5:1:$COA_A" ] && [ "$b6" = "0|5|0" ] && [ -z "$r6" ]; echo $?)" \
	"after a restart the BID is known; deregistering the last BID removes the session"

if [ "$KTAP_FAIL" -ne 0 ]; then
	ktap_print_msg "$(grep -E 'BU|BA|warn|err' "$T/ha.log" "$T/ha2.log" | tail -n 40)"
fi
ktap_finish
