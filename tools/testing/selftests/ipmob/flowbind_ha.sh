#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# flowbind_ha.sh: home agent initiated flow bindings (RFC 7109) between
# ipmobd's home agent and a mobile node with two care-of addresses
# (RFC 5648): eth1 on A (BID 1, BID-PRI 1), eth2 on B (BID 2). The
# node's configuration has no flow; its security association at the
# home agent says "home-flow 30 udp dport 6000 bid 2". Topology:
# mip6_lib.bash.
#
#   1. the node registers A and B; the home agent sends a Flow Binding
#      Indication (A set, trigger 2, FID 30: Add, Binding Reference 2,
#      a traffic selector), authenticated; the node acknowledges it
#      (status 0) and sends a BU with FID 30 over BID 2, which the BA
#      accepts (decoded from the raw bytes, mh_flows.py: Wireshark 4.0
#      does not dissect them); both ends hold rule 30 over BID 2, the
#      home agent's mirrored (sport 6000)
#   2. UDP between the node and the correspondent's port 6000 goes over
#      B both ways, pings over A (captures on the node's links)
#   3. a node that does not take them (home-initiated-flows no, the
#      daemon restarted) answers status 129: the home agent asks it no
#      more, nothing installed
#   4. a node that never answers (nftables drops MH type 21 there): the
#      home agent sends the Indication MAX_FBI_RETRIES (3) more times,
#      MAX_FBA_TIMEOUT (3 s) apart, then gives up
# ipmob-timeout: 480
# ipmob-kernels: 6.12
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/mip6_lib.bash"

require_root
require_cmd ip ping radvd dumpcap tshark nft
ipmob_load

PY=/usr/bin/python3
ktap_header
ktap_plan 4
topo_mobility
T=$(test_tmpdir)
D=$(dirname -- "${BASH_SOURCE[0]}")

wait_for "ip -n $MN -6 addr show dev eth0 scope global | grep -q 2001:db8:1:" 20 || true
mip6_ha_conf "$T/ha.conf"
cat >>"$T/ha.conf" <<EOF
home-address $M_HOA
home-flow 30 udp dport 6000 bid 2
EOF
mip6_mcoa_conf "$T/mn.conf"
mip6_daemon "$HA" "$T/ha.conf" "$T/ha.log"
wait_for "grep -q 'home agent on br0' '$T/ha.log'" 20 || true
mip6_daemon "$MN" "$T/mn.conf" "$T/mn.log"
MNPID=$DPID
wait_for "grep -q 'movement: at home' '$T/mn.log'" 20 || true

# rules NS: the rules of the home address's session, "fid:bids:sel"
rules() {
	"$IPMOB" -n "$1" -j flow show 2>/dev/null | $PY -c '
import json, sys
out = []
for r in json.load(sys.stdin):
    if r.get("hoa") != sys.argv[1] or "prefix_len" in r:
        continue
    sel = ",".join("%s=%s" % (k, r[k]) for k in ("sport", "dport", "proto") if k in r)
    out.append("%s:%s:%s" % (r["fid"], "+".join(map(str, r.get("bids", []))), sel))
print(" ".join(out))' "$M_HOA"
}
WANT_HA="30:2:sport=6000,proto=17"
WANT_MN="30:2:dport=6000,proto=17"

# 1. home -> A and B, then the home agent's Indication
cap_start "$HA" up0 "$T/sig.pcap" "ip6"
SIGCAP=$CAP_PID
ip -n "$HA" link set h-mn down
ip -n "$AR1" link set a-mn up
ip -n "$AR2" link set b-mn up
wait_for "[ \"\$(rules $HA)\" = '$WANT_HA' ] && [ \"\$(rules $MN)\" = '$WANT_MN' ]" 40 || true
sleep 1
kill -INT "$SIGCAP" 2>/dev/null || true
wait "$SIGCAP" 2>/dev/null || true
sig=$($PY "$D/mh_flows.py" "$T/sig.pcap")
rh=$(rules "$HA") rm=$(rules "$MN")
ktap_print_msg "$(printf '%s\n' "$sig" | grep -E 'FB|fid=30' | head -n 6 | tr '\n' ';')"
ktap_print_msg "rules: home agent '$rh', mobile node '$rm'"
r1=0
grep -qE '^FBI seq=[0-9]+ trigger=2 a=1 fid=30/30/bref=2/st=0/ts=[12]/act=11$' <<<"$sig" || r1=1
grep -qE '^FBA seq=[0-9]+ status=0 fid=30/30/bref=2' <<<"$sig" || r1=1
grep -qE '^BU seq=[0-9]+ bids=.*fid=30/30/bref=2/st=0/ts=[12]' <<<"$sig" || r1=1
grep -qE '^BA seq=[0-9]+ status=0 .*fid=30/30/bref=2/st=0' <<<"$sig" || r1=1
# the Indication's and the Acknowledgement's sequence numbers agree
s_fbi=$(sed -n 's/^FBI seq=\([0-9]*\) .*/\1/p' <<<"$sig" | head -n 1)
s_fba=$(sed -n 's/^FBA seq=\([0-9]*\) .*/\1/p' <<<"$sig" | head -n 1)
[ -n "$s_fbi" ] && [ "$s_fbi" = "$s_fba" ] || r1=1
[ "$rh" = "$WANT_HA" ] && [ "$rm" = "$WANT_MN" ] || r1=1
grep -q "Flow Binding Acknowledgement from $M_HOA: status 0" "$T/ha.log" || r1=1
ktap_result $r1 "FBI (Add FID 30 over BID 2) from the home agent, FBA 0, then the node's BU with FID 30 and the BA; both ends hold rule 30 over BID 2"

# 2. UDP to port 6000 over B both ways, pings over A
ns_exec "$CN" $PY "$D/flow_udp.py" server $M_CN 6000 >/dev/null 2>&1 &
_IPMOB_BG_PIDS+=("$!")
sleep 1
for i in 1 2; do
	cap_start "$MN" "eth$i" "$T/t-$i.pcap" "ip6 proto 41"
	eval "C$i=\$CAP_PID"
done
ns_exec "$MN" $PY "$D/flow_udp.py" client $M_HOA $M_CN 6000 20 0.02 >"$T/udp.log" 2>&1 || true
ns_exec "$CN" ping -6 -c 10 -i 0.05 $M_HOA >/dev/null 2>&1 || true
sleep 1
kill -INT "$C1" "$C2" 2>/dev/null || true
wait "$C1" "$C2" 2>/dev/null || true
out=""
for i in 1 2; do
	u=$(decode "$T/t-$i.pcap" "udp.port == 6000" udp.srcport | grep -c . || true)
	e=$(decode "$T/t-$i.pcap" "icmpv6.type == 128 || icmpv6.type == 129" frame.number | grep -c . || true)
	out+="eth$i:udp=$u,ping=$e "
	eval "U$i=$u E$i=$e"
done
ktap_print_msg "tunnelled on the node's links: $out; UDP client: $(cat "$T/udp.log")"
# 20 requests and 20 replies (a few may be lost) on B only, pings on A
r2=0
[ "$U1" = 0 ] && [ "$U2" -ge 30 ] && [ "$E1" -ge 15 ] && [ "$E2" = 0 ] || r2=1
ktap_result $r2 "UDP with the correspondent's port 6000 on B both ways, pings on A"

# 3. a node that refuses them: 129, asked no more, nothing installed
kill -TERM "$MNPID"
wait "$MNPID" 2>/dev/null || true
wait_for "[ -z \"\$(ha_coa)\" ]" 10 || true
mip6_mcoa_conf "$T/mn2.conf" "home-initiated-flows no"
cap_start "$HA" up0 "$T/sig3.pcap" "ip6"
SIGCAP=$CAP_PID
mip6_daemon "$MN" "$T/mn2.conf" "$T/mn2.log"
MNPID=$DPID
wait_for "grep -q 'Flow Binding Acknowledgement from $M_HOA: status 129' '$T/ha.log'" 30 || true
sleep 4
kill -INT "$SIGCAP" 2>/dev/null || true
wait "$SIGCAP" 2>/dev/null || true
sig3=$($PY "$D/mh_flows.py" "$T/sig3.pcap")
nfbi=$(grep -c '^FBI ' <<<"$sig3" || true)
rh=$(rules "$HA") rm=$(rules "$MN")
ktap_print_msg "$(grep -E '^FB' <<<"$sig3" | tr '\n' ';') rules: home agent '$rh', node '$rm'"
r3=0
[ "$nfbi" = 1 ] || r3=1
grep -qE '^FBA seq=[0-9]+ status=129 fid=30/' <<<"$sig3" || r3=1
! grep -q 'fid=30/30/bref=2/st=0' <<<"$(grep -E '^B[UA] ' <<<"$sig3")" || r3=1
[ -z "$rh" ] && [ -z "$rm" ] || r3=1
ktap_result $r3 "home-initiated-flows no: FBA 129 (action not authorized), one FBI only, no rule at either end"

# 4. a node that never answers: 3 retransmissions 3 s apart, then none
kill -TERM "$MNPID"
wait "$MNPID" 2>/dev/null || true
wait_for "[ -z \"\$(ha_coa)\" ]" 10 || true
ip netns exec "$MN" nft -f - <<'EOF'
table ip6 fbi {
	chain in {
		type filter hook input priority 0;
		meta l4proto 135 @th,16,8 21 counter drop
	}
}
EOF
cap_start "$HA" up0 "$T/sig4.pcap" "ip6"
SIGCAP=$CAP_PID
n0=$(grep -c 'no Flow Binding Acknowledgement from' "$T/ha.log" || true)
mip6_daemon "$MN" "$T/mn.conf" "$T/mn3.log"
wait_for "[ \$(grep -c 'no Flow Binding Acknowledgement from $M_HOA' '$T/ha.log') -gt $n0 ]" 40 || true
sleep 4
kill -INT "$SIGCAP" 2>/dev/null || true
wait "$SIGCAP" 2>/dev/null || true
fbis=$($PY "$D/mh_flows.py" "$T/sig4.pcap" | grep -c '^FBI ' || true)
# the gaps between the Indications (tshark knows MH type 21, not its body)
gaps=$(decode "$T/sig4.pcap" "mip6.mhtype == 21 && ipv6.src == $M_HA" frame.time_relative |
	awk 'NR > 1 { printf "%.1f ", $1 - t } { t = $1 }')
dropped=$(ip netns exec "$MN" nft list chain ip6 fbi in | sed -n 's/.*packets \([0-9]*\).*/\1/p')
ktap_print_msg "FBIs sent $fbis (dropped at the node: ${dropped:-?}), gaps $gaps s; $(grep 'no Flow Binding Acknowledgement' "$T/ha.log" | sed 's/.*: //')"
r4=0
[ "$fbis" = 4 ] || r4=1
for g in $gaps; do
	$PY -c "import sys; sys.exit(0 if 2.5 <= $g <= 4.5 else 1)" || r4=1
done
[ "$(wc -w <<<"$gaps")" = 3 ] || r4=1
ktap_result $r4 "no answer: the FBI sent again MAX_FBI_RETRIES (3) times MAX_FBA_TIMEOUT (3 s) apart, then given up"
if [ "$KTAP_FAIL" -ne 0 ]; then
	ktap_print_msg "$(grep -E 'Flow Binding|flow|BA sent|warn|err' "$T/ha.log" | tail -n 20)"
	ktap_print_msg "$(grep -E 'Flow Binding|flow|BA rec|warn|err' "$T/mn.log" | tail -n 20)"
fi
ktap_finish
