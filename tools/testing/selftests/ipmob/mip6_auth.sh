#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# mip6_auth.sh: the home agent's Binding Update checks (RFC 6275 9.5.1,
# 10.3.1; RFC 4285 5.1.1, 6). The mobile node registers on link A; then
# Binding Updates crafted by the test (mip6_bu.py: bytes, options and HMAC-SHA1
# computed in Python, independently of ipmobd) go to the home agent:
#   1. a correctly authenticated BU is accepted (status 0): the crafting
#      is right, so the rejections below are for the stated reason
#   2. the same packet replayed: 144 (MIPV6-ID-MISMATCH), nothing changes
#   3. a wrong key: 146 (MIPV6-AUTH-FAIL), nothing changes
#   4. a home address outside the home prefix: 132 (not home subnet),
#      no binding for it
#   5. a stale sequence number: 135 (out of window) carrying the last
#      accepted one, nothing changes
#   6. a BU with no identifier at all is silently discarded (no SA)
#   7. the mobile node, moving to link B, recovers from the sequence
#      number the crafted BU moved ahead (135, then accepted)
#   8. a home address another node on the home link already owns
#      (10.4.1 with "dad optimistic", the default): the first BU is
#      accepted at once (0), the DAD probe is answered and the binding
#      removed within the probe's second; the next BU waits for its
#      probe and gets 134 (DAD failed), no binding
#   9. the home agent restarted with max-bindings 1 (it resumes the
#      MN's binding): a BU for a second home address gets 130
#      (insufficient resources), no binding; the MN's refresh is accepted
#  10. another mobile node, authenticated with its own security
#      association, cannot take over the MN's home address: 133, binding
#      unchanged
#  11. a security association listing two home addresses registers
#      each of them (status 0), and gets 133 for a third one it does not
#      list, which gets no binding
# ipmob-kernels: 6.1
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/mip6_lib.bash"

require_root
require_cmd ip radvd dumpcap tshark
ipmob_load

ktap_header
ktap_plan 11
topo_mobility
T=$(test_tmpdir)
D=$(dirname -- "${BASH_SOURCE[0]}")

wait_for "ip -n $MN -6 addr show dev eth0 scope global | grep -q 2001:db8:1:" 20 || true
# lifetimes long enough that nothing expires or refreshes during the
# test; the crafted BUs ask for the same lifetime as the MN
HA_MAX_LIFETIME=600 mip6_ha_conf "$T/ha.conf"
MN_LIFETIME=600 mip6_mn_conf "$T/mn.conf"
mip6_daemon "$HA" "$T/ha.conf" "$T/ha.log"
HAD=$DPID
wait_for "grep -q 'home agent on br0' '$T/ha.log'" 20 || true
mip6_daemon "$MN" "$T/mn.conf" "$T/mn.log"
wait_for "grep -q 'movement: at home' '$T/mn.log'" 20 || true
mip6_move A
mip6_wait_registered 2001:db8:a: 30 || ktap_print_msg "MN did not register"
COA=$(mn_coa)
cap_start "$HA" up0 "$T/ba.pcap"

# state: the HA's binding without the volatile fields
state() {
	"$IPMOB" -n "$HA" -j binding show | /usr/bin/python3 -c '
import json, sys
for b in json.load(sys.stdin):
    for k in ("remaining_ms", "tx_packets", "rx_packets", "flags"):
        b.pop(k, None)
    print(json.dumps(b, sort_keys=True))'
}
seq_now() {
	"$IPMOB" -n "$HA" -j binding show | /usr/bin/python3 -c '
import json, sys
print([b for b in json.load(sys.stdin) if not b.get("peer")][0]["seq"])'
}
bu() {
	ns_exec "$MN" /usr/bin/python3 "$D/mip6_bu.py" --coa "$COA" --hoa $M_HOA \
		--ha $M_HA --nai $M_NAI --spi $M_SPI --key $M_KEY --lifetime 600 "$@"
}
# ba_status SEQ: the status of the BA answering SEQ, once it is captured
# (polled by hand: the decode that finds it is its answer, as a tshark
# pass costs seconds in the emulated VM)
ba_status() {
	local s deadline=$(($(date +%s) + 10))
	while :; do
		s=$(decode "$T/ba.pcap" "mip6.ba.seqnr == $1" mip6.ba.status | head -n 1)
		[ -z "$s" ] && [ "$(date +%s)" -lt "$deadline" ] || break
		sleep 0.1
	done
	echo "${s:-none}"
}

# dumpcap writes as it goes; tshark reads a growing file
S=$(( ($(seq_now) + 100) % 65536 ))
bu --seq $S --dump "$T/good.bu"
st=$(ba_status $S)
ktap_result $([ "$st" = 0 ]; echo $?) "a BU crafted by the test with the right key is accepted (status $st)"

before=$(state)
bu --replay "$T/good.bu"
sleep 1
n=$(decode "$T/ba.pcap" "mip6.ba.seqnr == $S" mip6.ba.status | tr '\n' ' ')
after=$(state)
ktap_print_msg "BAs for seq $S: $n"
ktap_result $([[ "$n" == "0 144 "* ]] && [ "$before" = "$after" ]; echo $?) \
	"replayed BU: status 144 (MIPV6-ID-MISMATCH), binding unchanged"

S2=$(( (S + 10) % 65536 ))
bu --seq $S2 --key ffeeddccbbaa99887766554433221100
st=$(ba_status $S2)
after=$(state)
ktap_result $([ "$st" = 146 ] && [ "$before" = "$after" ]; echo $?) \
	"wrong key: status $st (146 MIPV6-AUTH-FAIL), binding unchanged"

S3=$(( (S + 20) % 65536 ))
ns_exec "$MN" /usr/bin/python3 "$D/mip6_bu.py" --coa "$COA" --hoa 2001:db8:99::100 \
	--ha $M_HA --nai $M_NAI --spi $M_SPI --key $M_KEY --seq $S3 --lifetime 600
st=$(ba_status $S3)
after=$(state)
ktap_result $([ "$st" = 132 ] && [ "$before" = "$after" ]; echo $?) \
	"home address outside the home prefix: status $st (132 not home subnet), no binding"

S4=$(( (S + 65536 - 5) % 65536 ))
bu --seq $S4
# 9.5.1: the BA carries the last accepted sequence number, not the BU's
deadline=$(($(date +%s) + 10))
while :; do
	last=$(decode "$T/ba.pcap" "mip6.ba.status == 135" mip6.ba.seqnr | head -n 1)
	[ -z "$last" ] && [ "$(date +%s)" -lt "$deadline" ] || break
	sleep 0.1
done
after=$(state)
ktap_print_msg "stale sequence $S4: status 135 carrying ${last:-none} (last accepted $S)"
ktap_result $([ "$last" = "$S" ] && [ "$before" = "$after" ]; echo $?) \
	"stale sequence number: status 135 with the last accepted number, binding unchanged"

# no MN identifier: no security association, discarded without a BA
# (RFC 4285 5.1.1); built by hand without the MNID option
nbas=$(decode "$T/ba.pcap" 'mip6.mhtype == 6' mip6.ba.seqnr | grep -c . || true)
ns_exec "$MN" /usr/bin/python3 - "$COA" $M_HOA $M_HA "$D" <<'EOF'
import socket, struct, sys
sys.path.insert(0, sys.argv[4])
from mip6_bu import send6, hao_packet
coa, hoa, ha = sys.argv[1:4]
mh = bytearray(struct.pack("!BBBBHHHH", 59, 1, 5, 0, 0, 4242, 0xC000, 15) + bytes([1, 2, 0, 0]))
p = socket.inet_pton(socket.AF_INET6, hoa) + socket.inet_pton(socket.AF_INET6, ha) + struct.pack("!I", 16) + bytes([0, 0, 0, 135])
d = p + bytes(mh)
s = sum(struct.unpack("!%dH" % (len(d) // 2), d))
while s >> 16:
    s = (s & 0xffff) + (s >> 16)
mh[4:6] = struct.pack("!H", ~s & 0xffff)
a6 = lambda a: socket.inet_pton(socket.AF_INET6, a)
send6(hao_packet(a6(coa), a6(ha), a6(hoa), bytes(mh)))
EOF
sleep 2
bas=$(decode "$T/ba.pcap" 'mip6.mhtype == 6' mip6.ba.seqnr)
nbas2=$(grep -c . <<<"$bas" || true)
rc=0
grep -q 'no security association' "$T/ha.log" || rc=1
! grep -qx 4242 <<<"$bas" || rc=1
ktap_print_msg "BAs before/after: $nbas/$nbas2"
ktap_result $rc "a BU without an identifier is discarded without a BA"
# The crafted BU moved the HA's sequence number ahead of the MN's: its
# next BU (after moving to B) is out of window and it must recover.
rc=0
mip6_move B
mip6_wait_registered 2001:db8:b: 30 || rc=1
grep -q 'sequence number out of window' "$T/mn.log" || rc=1
ktap_print_msg "$(grep -E 'BU sent|BA received|out of window' "$T/mn.log" | tail -n 4)"
ktap_result $rc "the MN recovers from 'sequence number out of window' and registers on B"

# 10.4.1: the HA defends the home address by DAD; optimistically (RFC
# 4429) the first time, then, for an address whose DAD failed, before
# it accepts
COA=$(mn_coa)
ip -n "$HN" -6 addr add 2001:db8:1::200/64 dev eth0 nodad
S5=$(( ($(seq_now) + 100) % 65536 ))
ns_exec "$MN" /usr/bin/python3 "$D/mip6_bu.py" --coa "$COA" --hoa 2001:db8:1::200 \
	--ha $M_HA --nai $M_NAI --spi $M_SPI --key $M_KEY --seq $S5 --lifetime 600
st1=$(ba_status $S5)
gone=0
wait_for "! '$IPMOB' -n '$HA' -j binding show | grep -q '2001:db8:1::200'" 10 || gone=1
logged=0
grep -q 'DAD failed for home address 2001:db8:1::200 after its optimistic registration' \
	"$T/ha.log" || logged=1
ns_exec "$MN" /usr/bin/python3 "$D/mip6_bu.py" --coa "$COA" --hoa 2001:db8:1::200 \
	--ha $M_HA --nai $M_NAI --spi $M_SPI --key $M_KEY --seq $((S5 + 1)) --lifetime 600
st=$(ba_status $((S5 + 1)))
n=$("$IPMOB" -n "$HA" -j binding show | grep -c '2001:db8:1::200' || true)
ktap_print_msg "BU for 2001:db8:1::200 (owned by HN): status $st1, binding removed after the probe: $([ $gone = 0 ] && echo yes || echo no), logged: $([ $logged = 0 ] && echo yes || echo no); next BU: status $st, bindings for it: $n"
ktap_result $([ "$st1" = 0 ] && [ $gone = 0 ] && [ $logged = 0 ] && [ "$st" = 134 ] && [ "$n" = 0 ]; echo $?) \
	"home address owned by another node: accepted optimistically, removed when the probe is answered, then 134 (DAD failed), no binding"

# 9.5.1/10.3.1: a configured limit on the number of bindings
kill -9 "$HAD"
wait "$HAD" 2>/dev/null || true
HA_MAX_LIFETIME=600 mip6_ha_conf "$T/ha.conf" "max-bindings 1"
O_KEY=00112233445566778899aabbccddeeff0011
printf '[security-association other@example.com]\nspi 9999\nkey %s\n' $O_KEY >>"$T/ha.conf"
mip6_daemon "$HA" "$T/ha.conf" "$T/ha2.log"
HAD=$DPID
wait_for "grep -q 'home agent on br0' '$T/ha2.log'" 20 || true
S6=$(( ($(seq_now) + 200) % 65536 ))
ns_exec "$MN" /usr/bin/python3 "$D/mip6_bu.py" --coa "$COA" --hoa 2001:db8:1::300 \
	--ha $M_HA --nai $M_NAI --spi $M_SPI --key $M_KEY --seq $S6 --lifetime 600
st=$(ba_status $S6)
n=$("$IPMOB" -n "$HA" -j binding show | grep -c '2001:db8:1::300' || true)
# the MN's own binding is not a new one: its next BU (moving back to
# A) is accepted under the limit
mip6_move A
rc=0
mip6_wait_registered 2001:db8:a: 30 || rc=1
ktap_print_msg "BU for a second home address with max-bindings 1: status $st, bindings for it: $n"
ktap_result $([ "$st" = 130 ] && [ "$n" = 0 ] && [ $rc = 0 ]; echo $?) \
	"max-bindings 1: status 130 (insufficient resources) for a new home address, the existing binding updates"

# a home address belongs to the SA that registered it
COA=$(mn_coa)
before=$(state)
S7=$(( ($(seq_now) + 300) % 65536 ))
ns_exec "$MN" /usr/bin/python3 "$D/mip6_bu.py" --coa "$COA" --hoa $M_HOA \
	--ha $M_HA --nai other@example.com --spi 9999 --key $O_KEY --seq $S7 --lifetime 600
st=$(ba_status $S7)
after=$(state)
ktap_print_msg "BU for the MN's home address with another node's SA: status $st"
ktap_result $([ "$st" = 133 ] && [ "$before" = "$after" ]; echo $?) \
	"another node's security association cannot take over the home address: 133, binding unchanged"

# 11: "home-address" of a security association lists several
kill -9 "$HAD"
wait "$HAD" 2>/dev/null || true
HA_MAX_LIFETIME=600 mip6_ha_conf "$T/ha.conf"
printf '[security-association other@example.com]\nspi 9999\nkey %s\nhome-address 2001:db8:1::301 2001:db8:1::302\n' \
	$O_KEY >>"$T/ha.conf"
mip6_daemon "$HA" "$T/ha.conf" "$T/ha3.log"
wait_for "grep -q 'home agent on br0' '$T/ha3.log'" 20 || true
obu() {
	ns_exec "$MN" /usr/bin/python3 "$D/mip6_bu.py" --coa "$COA" --hoa "$1" \
		--ha $M_HA --nai other@example.com --spi 9999 --key $O_KEY --seq "$2" --lifetime 600
}
has() { "$IPMOB" -n "$HA" -j binding show | grep -c "\"$1\"" || true; }
obu 2001:db8:1::302 4001
st2=$(ba_status 4001)
obu 2001:db8:1::301 4002
st1=$(ba_status 4002)
obu 2001:db8:1::303 4003
st3=$(ba_status 4003)
n1=$(has 2001:db8:1::301) n2=$(has 2001:db8:1::302) n3=$(has 2001:db8:1::303)
ktap_print_msg "SA listing ::301 and ::302: ::302 -> $st2 ($n2 binding), ::301 -> $st1 ($n1), ::303 -> $st3 ($n3)"
ktap_result $([ "$st2" = 0 ] && [ "$st1" = 0 ] && [ "$st3" = 133 ] &&
	[ "$n1" = 1 ] && [ "$n2" = 1 ] && [ "$n3" = 0 ]; echo $?) \
	"a security association with two home addresses registers both; a third gets 133 and no binding"
cap_stop

if [ "$KTAP_FAIL" -ne 0 ]; then
	ktap_print_msg "HA log:
$(cat "$T/ha.log" "$T/ha2.log" "$T/ha3.log" 2>/dev/null)"
	ktap_print_msg "MN log:
$(cat "$T/mn.log")"
fi
ktap_finish
