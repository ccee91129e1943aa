#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# flowbind.sh: flow bindings (RFC 6089, RFC 6088 selectors) between
# ipmobd's mobile router (RFC 3963) and home agent, over three links
# registered at once (RFC 5648). Topology: mip6_lib.bash with link C
# (mip6_link_c); the router's eth1 on A (BID 1), eth2 on B (BID 2), eth3
# on C (BID 3); behind it, on its inside link in0, the host H
# (2001:db8:100:1::11 of its prefix 2001:db8:100::/48, which R routes to
# the home agent). Its policy:
#
#   flow 10 udp dport 5001 via eth1,eth2   (A, else B)
#   flow 20 dscp ef via eth2,eth3          (B, else C)
#   flow default via eth3,eth1             (C, else A)
#
#   1. registration: a BU with BIDs 1, 2, 3 and three Flow Identification
#      options (decoded from the raw bytes by mh_flows.py), a BA 0 with
#      their statuses 0; the home agent's rules are the mirror images
#      (sport 5001) over BIDs 1, 2, 3, on the home address's session and
#      on the prefix's; the router's own over the same, on both
#   2. UDP to port 5001, UDP with DSCP EF and UDP to port 7000 between
#      the host H and the correspondent, each way (the correspondent
#      echoes): per-link captures at the router see 5001 only on A, EF
#      only on B, 7000 only on C, both directions; the prefix sessions'
#      rule counters at both ends grew
#   3. A unplugged: the next BU restates flow 10 over BID 2 (the others
#      in a Flow Summary); H's UDP 5001 then only on B, both ways
#   4. A plugged back: flow 10 over BID 1 again, H's UDP 5001 on A
#   5. a TCP stream between the correspondent and H (the default flow, C)
#      ran through it all without a reset; the home agent refuses what it
#      must (a crafted BU, R set as a mobile router's must be: a BID
#      not bound 131, an unknown FID in a Flow Summary 132, a new FID
#      without selector 130) and keeps the rest
# ipmob-timeout: 600
# ipmob-kernels: 6.1
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/mip6_lib.bash"

require_root
require_cmd ip ping radvd dumpcap tshark
ipmob_load

ktap_header
ktap_plan 5
topo_mobility
mip6_link_c
T=$(test_tmpdir)
D=$(dirname -- "${BASH_SOURCE[0]}")
PY=/usr/bin/python3

MNP=2001:db8:100::
HADDR=2001:db8:100:1::11
# the host behind the router; R routes the prefix to the home agent
H=$(ns_name h)
mip6_mobile_net "$H" $HADDR

# the router away on A, B and C at once, never home (its home link down)
ip -n "$HA" link set h-mn down
ip -n "$MN" link set eth0 down
ip -n "$AR1" link set a-mn up
ip -n "$AR2" link set b-mn up
ip -n "$AR3" link set c-mn up
mip6_ha_conf "$T/ha.conf"
cat >>"$T/ha.conf" <<EOF
home-address $M_HOA
mobile-router yes
mobile-network-prefix ${MNP}/48
EOF
: >"$T/mn.conf"
chmod 600 "$T/mn.conf"
cat >"$T/mn.conf" <<EOF
log-level debug
device mob0
[mobile-node]
home-address $M_HOA/64
home-agent $M_HA
identifier $M_NAI
spi $M_SPI
key $M_KEY
lifetime 60
mobile-router yes
mobile-network-prefix ${MNP}/48
mobile-network-link in0
multiple-care-of yes
link eth1 bid 1 priority 1
link eth2 bid 2 priority 2
link eth3 bid 3 priority 3
flow 10 udp dport 5001 via eth1,eth2
flow 20 dscp ef via eth2,eth3
flow default via eth3,eth1
initial-bindack-timeout 500
initial-bindack-timeout-first-reg 500
EOF
# the correspondent's echo servers; EF answers with EF
for p in 5001 7000; do
	ns_exec "$CN" $PY "$D/flow_udp.py" server $M_CN $p >/dev/null 2>&1 &
	_IPMOB_BG_PIDS+=("$!")
done
ns_exec "$CN" $PY "$D/flow_udp.py" server $M_CN 6000 184 >/dev/null 2>&1 &
_IPMOB_BG_PIDS+=("$!")

cap_start "$HA" up0 "$T/sig.pcap" "ip6"
SIGCAP=$CAP_PID
mip6_daemon "$HA" "$T/ha.conf" "$T/ha.log"
wait_for "grep -q 'home agent on br0' '$T/ha.log'" 20 || true
mip6_daemon "$MN" "$T/mn.conf" "$T/mn.log"

# rules NS [PREFIX]: the rules of the home address's session (of the
# mobile network prefix's with PREFIX), "fid:bids:sel"
rules() {
	"$IPMOB" -n "$1" -j flow show 2>/dev/null | $PY -c '
import json, sys
out = []
for r in json.load(sys.stdin):
    if r.get("hoa") != sys.argv[1] or ("prefix_len" in r) != (len(sys.argv) > 2):
        continue
    sel = ",".join("%s=%s" % (k, r[k]) for k in ("sport", "dport", "dscp", "proto") if k in r)
    out.append("%s:%s:%s" % (r["fid"], "+".join(map(str, r.get("bids", []))), sel))
print(" ".join(out))' "${2:-$M_HOA}" ${2:+prefix}
}
# packets NS FID: the packets counter of one rule of the prefix's session
packets() {
	"$IPMOB" -n "$1" -j flow show 2>/dev/null | $PY -c '
import json, sys
print(sum(r.get("packets", 0) for r in json.load(sys.stdin)
          if r.get("hoa") == sys.argv[1] and "prefix_len" in r and
          r["fid"] == int(sys.argv[2])))' "$MNP" "$2"
}
WANT_HA="10:1:sport=5001,proto=17 20:2:dscp=46 65535:3:"
WANT_MN="10:1:dport=5001,proto=17 20:2:dscp=46 65535:3:"
# rules1: the four rule sets as registered (r1h r1m p1h p1m), kept for
# the result when wait_for ends (a rules call costs seconds in the
# emulated VM: not read a second time)
# shellcheck disable=SC2317 # called by wait_for
rules1() {
	r1h=$(rules "$HA") r1m=$(rules "$MN") p1h=$(rules "$HA" "$MNP") p1m=$(rules "$MN" "$MNP")
	[ "$r1h" = "$WANT_HA" ] && [ "$r1m" = "$WANT_MN" ] &&
		[ "$p1h" = "$WANT_HA" ] && [ "$p1m" = "$WANT_MN" ]
}
wait_for rules1 40 || true
kill -INT "$SIGCAP" 2>/dev/null || true
wait "$SIGCAP" 2>/dev/null || true
$PY "$D/mh_flows.py" "$T/sig.pcap" >"$T/sig.txt" 2>&1 || true
# the last BU's BIDs; per FID, what the last BA answering it said; every
# FID option of a BU with an IPv6 selector (format 2)
sig1=$($PY -c '
import sys
bids, last, ts = "", {}, True
for line in open(sys.argv[1]):
    w = line.split()
    if not w:
        continue
    for x in w:
        if x.startswith("bids=") and w[0] == "BU":
            bids = x[5:]
        if x.startswith("fid="):
            f = x[4:].split("/")
            if w[0] == "BU":
                ts &= x.endswith("/ts=2")
            else:
                last[f[0]] = "%s:%s" % (f[2][5:], f[3][3:])
print("bids=%s %s ts=%d" % (bids, " ".join("%s=%s" % kv for kv in sorted(last.items())), ts))' "$T/sig.txt")
ktap_print_msg "signalling: $sig1" "home agent's rules: $r1h, prefix $p1h" "router's rules: $r1m, prefix $p1m"
ktap_result "$([ "$r1h" = "$WANT_HA" ] && [ "$r1m" = "$WANT_MN" ] &&
	[ "$p1h" = "$WANT_HA" ] && [ "$p1m" = "$WANT_MN" ] &&
	[ "$sig1" = "bids=1,2,3 10=1:0 20=2:0 65535=3:0 ts=1" ]; echo $?)" \
	"BIDs 1-3 and three flows registered (BU and BA options); mirrored rules at the home agent, the router's own, on the home address and the prefix"
if [ "$KTAP_FAIL" -ne 0 ]; then
	ktap_print_msg "node: $(tail -n 25 "$T/mn.log")" "home agent: $(tail -n 15 "$T/ha.log")" \
		"node's addresses: $(ip -n "$MN" -6 -br addr | tr '\n' ';')" \
		"node's routes: $(ip -n "$MN" -6 route show | tr '\n' ';')"
fi

# the TCP stream of the default flow, from here to the end: the
# correspondent to H, and a ping to the router's home address
ns_exec "$H" $PY "$D/tcpstream.py" server $HADDR 5001 >"$T/server.log" 2>&1 &
_IPMOB_BG_PIDS+=("$!")
wait_for "ip netns exec $H ss -Hltn 'sport = :5001' | grep -q 5001" 10 || true
ns_exec "$CN" $PY "$D/tcpstream.py" client $HADDR 5001 "$T/stop" 0.02 >"$T/client.log" 2>&1 &
CLIENT=$!
_IPMOB_BG_PIDS+=("$CLIENT")
ns_exec "$CN" stdbuf -oL ping -6 -D -O -i 0.1 $M_HOA >"$T/ping.log" 2>&1 &
PING=$!
_IPMOB_BG_PIDS+=("$PING")
sleep 1

# send TAG: UDP 5001, EF (port 6000) and 7000 from H, captured on
# its three links; prints per kind the frames seen on eth1 eth2 eth3
# (requests and replies, tunnelled) and the replies the client got
send() {
	local i pids=()
	# the three captures open in parallel (a dumpcap takes seconds to
	# start in the emulated VM)
	for i in 1 2 3; do
		cap_begin "$MN" "eth$i" "$T/$1-$i.pcap" "ip6 proto 41"
		pids+=("$CAP_PID")
	done
	cap_ready "$T/$1-1.pcap" "$T/$1-2.pcap" "$T/$1-3.pcap"
	ns_exec "$H" $PY "$D/flow_udp.py" client $HADDR $M_CN 5001 20 0.02 >"$T/$1-u5001" &
	local c1=$!
	ns_exec "$H" $PY "$D/flow_udp.py" client $HADDR $M_CN 6000 20 0.02 184 >"$T/$1-uef" &
	local c2=$!
	ns_exec "$H" $PY "$D/flow_udp.py" client $HADDR $M_CN 7000 20 0.02 >"$T/$1-u7000" &
	local c3=$!
	wait "$c1" "$c2" "$c3" || true
	sleep 1		# the captures' last block (see mcoa_ha.sh)
	for i in "${pids[@]}"; do kill -INT "$i" 2>/dev/null || true; done
	for i in "${pids[@]}"; do wait "$i" 2>/dev/null || true; done
	# one Python pass over the three captures, from the raw bytes
	# (pcapread.py): three tshark passes cost some twenty seconds in the
	# emulated VM. A frame counts for a port as tshark's "udp" would
	# match it: in the tunnelled packet's UDP header or in the one an
	# ICMPv6 error quotes.
	$PY - "$D" "$T/$1" <<'PY'
import struct, sys
sys.path.insert(0, sys.argv[1])
from pcapread import ipv6_packets

EXT = (0, 43, 60, 44)


def ports(ip):
    """The UDP ports in an IPv6 packet: those of the packet it tunnels,
    or quotes in an ICMPv6 error, if need be; () if none."""
    while len(ip) >= 40 and ip[0] >> 4 == 6:
        nh, data = ip[6], ip[40:]
        while nh in EXT and len(data) >= 2:
            nh, data = data[0], data[(data[1] + 1) * 8 if nh != 44 else 8:]
        if nh == 17 and len(data) >= 4:
            return struct.unpack("!HH", data[:4])
        if nh == 41:
            ip = data
        elif nh == 58 and len(data) >= 8 and data[0] < 128:
            ip = data[8:]
        else:
            break
    return ()


count = {}
for i in (1, 2, 3):
    for ip in ipv6_packets("%s-%d.pcap" % (sys.argv[2], i)):
        for p in set(ports(ip)):
            count[p, i] = count.get((p, i), 0) + 1
out = ""
for k, f in ((5001, "u5001"), (6000, "uef"), (7000, "u7000")):
    got = open("%s-%s" % (sys.argv[2], f)).read().split()
    out += "%d:%s,%s " % (k, ",".join(str(count.get((k, i), 0)) for i in (1, 2, 3)),
                          got[3] if len(got) > 3 else "")
print(out)
PY
}

# 2. each kind on its link, both ways
s2=$(send s2)
ktap_print_msg "port:frames on eth1,eth2,eth3,replies: $s2"
p2h=$(packets "$HA" 10) p2m=$(packets "$MN" 10)
ktap_print_msg "rule 10 packets of the prefix's session: home agent $p2h, router $p2m"
# on OUT PORT:LINK...: each port's frames (20 requests and 20 replies,
# a few may be lost) on its link (1-3) only, most replies back
on() {
	$PY -c '
import sys
want = dict(a.split(":") for a in sys.argv[2:])
ok = True
for w in sys.argv[1].split():
    port, rest = w.split(":")
    if port not in want:
        continue
    n = [int(x) for x in rest.split(",")]
    for i in range(3):
        ok &= (n[i] >= 36) if i + 1 == int(want[port]) else (n[i] == 0)
    ok &= n[3] >= 18
sys.exit(0 if ok else 1)' "$@"
}
ok2=$(on "$s2" 5001:1 6000:2 7000:3 && echo 1 || echo 0)
ktap_result "$([ "$ok2" = 1 ] && [ "${p2h:-0}" -ge 18 ] && [ "${p2m:-0}" -ge 18 ]; echo $?)" \
	"UDP 5001 on A, EF on B, the rest on C, both ways; the rules counted them"

# 3. A unplugged: flow 10 fails over to B
cap_start "$HA" up0 "$T/sig3.pcap" "ip6"
SIGCAP=$CAP_PID
echo "$(date +%s.%N) A+B+C->B+C" >>"$T/moves"
ip -n "$AR1" link set a-mn down
r3=""	# as wait_for reads it last
wait_for "r3=\$(rules $HA) && [ \"\${r3%% *}\" = '10:2:sport=5001,proto=17' ]" 15 || true
p3=$(rules "$HA" $MNP)
kill -INT "$SIGCAP" 2>/dev/null || true
wait "$SIGCAP" 2>/dev/null || true
sig3=$($PY "$D/mh_flows.py" "$T/sig3.pcap" 2>&1 | grep -m1 '^BU' || true)
s3=$(send s3)
ktap_print_msg "BU: $sig3" "home agent's rules: $r3, prefix $p3" "port:frames on eth1,eth2,eth3,replies: $s3"
ktap_result "$([[ "$r3" == "10:2:sport=5001,proto=17 20:2:dscp=46 65535:3:" ]] && [ "$p3" = "$r3" ] &&
	grep -q "bids=2,3 fid=10/10/bref=2/st=0/ts=2 fsum=20,65535" <<<"$sig3" &&
	on "$s3" 5001:2 6000:2 7000:3; echo $?)" \
	"A unplugged: flow 10 restated over BID 2 (the rest summarised), UDP 5001 on B both ways"

# 4. A back
echo "$(date +%s.%N) B+C->A+B+C" >>"$T/moves"
ip -n "$AR1" link set a-mn up
r4=""	# as wait_for reads it last
wait_for "r4=\$(rules $HA) && [ \"\$r4\" = '$WANT_HA' ]" 20 || true
p4=$(rules "$HA" $MNP)
s4=$(send s4)
ktap_print_msg "home agent's rules: $r4, prefix $p4" "port:frames on eth1,eth2,eth3,replies: $s4"
ktap_result "$([ "$r4" = "$WANT_HA" ] && [ "$p4" = "$WANT_HA" ] &&
	on "$s4" 5001:1 6000:2 7000:3; echo $?)" \
	"A plugged back: flow 10 over BID 1 again, UDP 5001 on A"

# 5. the stream survived; refusals
touch "$T/stop"
rc=0
# a stream that stalled would sit in its RTO backoff for minutes
wait_for "! kill -0 $CLIENT 2>/dev/null" 40 ||
	{ kill "$CLIENT" 2>/dev/null; rc=1; ktap_print_msg "the TCP stream stalled"; }
wait "$CLIENT" 2>/dev/null || rc=1
# (an asynchronous job ignores SIGINT: stop it with SIGTERM)
kill -TERM "$PING" 2>/dev/null || true
wait "$PING" 2>/dev/null || true
kill -KILL "$DPID" 2>/dev/null || true	# the node's daemon, without a
wait "$DPID" 2>/dev/null || true	# deregistration: crafted BUs now
COA_A=$(ip -n "$MN" -6 -o addr show dev eth1 scope global | awk '{print $4}' | cut -d/ -f1 | head -n 1)
seq=$("$IPMOB" -n "$HA" -j binding show | $PY -c '
import json, sys
print([b for b in json.load(sys.stdin) if b.get("hoa") == sys.argv[1] and "prefix_len" not in b][0]["seq"])' "$M_HOA" 2>/dev/null || echo 0)
cap_start "$HA" up0 "$T/sig5.pcap" "ip6"
SIGCAP=$CAP_PID
ns_exec "$MN" $PY "$D/mip6_bu.py" --coa "$COA_A" --ha $M_HA --hoa $M_HOA \
	--nai $M_NAI --spi $M_SPI --key $M_KEY --seq $(((seq + 10) % 65536)) --mr \
	--bid "1:1=$COA_A" --fid "10:10:7:sport=5001,proto=17" --fid "30:30:1" \
	--fsum 99 --fsum 20 || true
sleep 1
kill -INT "$SIGCAP" 2>/dev/null || true
wait "$SIGCAP" 2>/dev/null || true
sig5=$($PY "$D/mh_flows.py" "$T/sig5.pcap" 2>&1 | grep -m1 '^BA' || true)
r5=$(rules "$HA")
ktap_print_msg "client: $(tail -n 2 "$T/client.log" | tr '\n' ' ')" "BA: $sig5" \
	"home agent's rules after: $r5"
ktap_result "$([ "$rc" = 0 ] &&
	grep -q "status=0 bids=1 fid=10/10/bref=7/st=131 fid=30/30/bref=1/st=130 fid=99/0/bref=/st=132" <<<"$sig5" &&
	[ "$r5" = "10:1:sport=5001,proto=17 20:2:dscp=46" ]; echo $?)" \
	"the TCP stream survived; BID not bound 131, no selector 130, unknown summarised FID 132; named flows kept, the rest gone"
if [ "$KTAP_FAIL" -ne 0 ]; then
	ktap_print_msg "$(grep -E 'movement|BU sent|BA received|BID|flow|warn|err' "$T/mn.log" | tail -n 30)"
	ktap_print_msg "$(grep -E 'BU from|BA sent|flow|warn|err' "$T/ha.log" | tail -n 20)"
fi
ktap_finish
