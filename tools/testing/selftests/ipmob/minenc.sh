#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# minenc.sh: minimal encapsulation (RFC 2004, IP protocol 55), Mobile
# IPv4's optional encapsulation, with static bindings (no daemon).
#
#   CN ---- R ---- HA (binding cache)          IPv4 on every link
#           |                                  (topo_mip6 + topo_ipv4,
#           MN  CoA 10.0.2.100, HoA 10.0.1.100   foreign link MTU 1400)
#
#   1. ping CN <-> IPv4 home address both ways in minimal encapsulation
#   2. TCP transfers both ways arrive intact (GSO segments encapsulated one
#      by one)
#   3. tshark: HA -> CoA is protocol 55, the original TTL kept (decremented
#      by the hops, not reset), forwarding header S=1 with protocol ICMP,
#      original destination HoA and source CN, valid header checksum; the
#      reverse CoA -> HA likewise with original source HoA
#   4. a datagram already fragmented goes as IPv4 in IPv4 (RFC 2004 3) and
#      is accepted by the other end: a 3000-byte ping works
#   5. path MTU: the tunnel MTU is 12 octets below the path's, so a DF
#      packet of 1388 fits a 1400 path and one of 1400 gets Fragmentation
#      Needed with 1388 (IP in IP would need 20)
#   6. hostile packets (scapy) are each counted under their reason and
#      dropped: bad forwarding header checksum and truncated header
#      (drop_bad_inner), no session (drop_no_session), unregistered outer
#      source (drop_bad_outer_src), IP in IP for a minimal-encapsulation
#      session (drop_encap)
#   7. the endpoint shows encap minenc; minenc over an IPv6 care-of address
#      or for an IPv6 home address is refused with one line
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/ipmob_lib.bash"

require_root
require_cmd ip ping nc tshark dumpcap cmp
ipmob_load

ktap_header
ktap_plan 7
FOREIGN_MTU=1400 topo_mip6
topo_ipv4
T=$(test_tmpdir)

ipmob_n "$HA" binding add hoa $HOA4 coa $COA4 encap minenc local $HA4 dev mob0
ipmob_n "$MN" binding add hoa $HOA4 coa $COA4 encap minenc peer $HA4 dev mob0
ktap_print_msg "$(ipmob_n "$HA" binding show)"

# 1-3
cap_start "$R" mn0 "$T/min.pcap"
ok=1
ns_exec "$CN" ping -4 -c 3 -i 0.2 -W 2 $HOA4 >/dev/null || ok=0
ns_exec "$MN" ping -4 -c 3 -i 0.2 -W 2 -I $HOA4 $CN4 >/dev/null || ok=0
ktap_result $([ $ok -eq 1 ]; echo $?) "minenc: CN <-> IPv4 home address ping both ways"
ok=1
tcp_transfer "$MN" "$CN" $CN4 5001 1000000 $HOA4 || ok=0
tcp_transfer "$CN" "$MN" $HOA4 5002 1000000 || ok=0
ktap_result $([ $ok -eq 1 ]; echo $?) "minenc: 1 MB TCP transfers both ways arrive intact"
cap_stop
req=$(decode "$T/min.pcap" "ip.proto == 55 && ip.dst == $COA4 && data.data[0:1] == 01" ip.src ip.dst ip.proto ip.ttl data.data | head -n 1)
rep=$(decode "$T/min.pcap" "ip.proto == 55 && ip.src == $COA4 && data.data[0:1] == 01" ip.src ip.dst ip.proto ip.ttl data.data | head -n 1)
n4=$(decode "$T/min.pcap" "ip.proto == 4" ip.src | grep -c . || true)
ktap_print_msg "request: $req" "reply: $rep" "IP-in-IP packets: $n4"
# check_minfwd "SRC|DST|PROTO|TTL|HEX" SRC DST TTL ODST OSRC: the outer
# header and the 12-octet forwarding header (S=1, protocol ICMP, checksum)
check_minfwd() {
	/usr/bin/python3 - "$@" <<'PY'
import ipaddress, sys
fields, src, dst, ttl, odst, osrc = sys.argv[1:7]
f = fields.split("|")
if len(f) != 5:
    sys.exit(1)
h = bytes.fromhex(f[4])[:12]
s = sum(int.from_bytes(h[i:i + 2], "big") for i in range(0, 12, 2))
while s > 0xffff:
    s = (s & 0xffff) + (s >> 16)
ok = (f[0] == src and f[1] == dst and f[2] == "55" and f[3] == ttl and
      h[0] == 1 and h[1] == 0x80 and s == 0xffff and
      h[4:8] == ipaddress.IPv4Address(odst).packed and
      h[8:12] == ipaddress.IPv4Address(osrc).packed)
sys.exit(0 if ok else 1)
PY
}
# CN sends with TTL 64: R and HA forward it (62), R forwards the
# encapsulated packet (61, captured after that). The MN's reply leaves at
# 64 and is captured on R's way in.
ok=0
check_minfwd "$req" $HA4 $COA4 61 $HOA4 $CN4 &&
	check_minfwd "$rep" $COA4 $HA4 64 $CN4 $HOA4 && [ "$n4" -eq 0 ] && ok=1
ktap_result $([ $ok -eq 1 ]; echo $?) \
	"tshark: protocol 55 both ways, TTL kept, S=1 header with the original addresses and a valid checksum"

# 4: fragments as IP in IP
cap_start "$R" mn0 "$T/frag.pcap" "ip proto 4 or ip proto 55"
ok=0
ns_exec "$CN" ping -4 -c 2 -i 0.3 -W 2 -M dont -s 3000 $HOA4 >/dev/null && ok=1
cap_stop
fr=$(decode "$T/frag.pcap" "ip.proto == 4 && ip.dst == $COA4" ip.flags.mf | grep -c '1' || true)
ktap_print_msg "ping -s 3000 ok=$ok; IP-in-IP packets HA->CoA carrying a fragment with MF: $fr"
ktap_result $([ $ok -eq 1 ] && [ "$fr" -ge 2 ]; echo $?) \
	"a fragment goes as IP in IP and the other end takes it (RFC 2004 3)"

# 5: path MTU 1400 on the foreign link: the tunnel MTU is 1388
ip -n "$CN" route flush cache
for i in 1 2 3; do
	ns_exec "$CN" ping -4 -c 1 -W 1 -M do -s 1372 $HOA4 >/dev/null 2>&1 || true
done
pmtu=$(ip -n "$CN" route get $HOA4 | grep -o 'mtu [0-9]*' || true)
fit=0
ns_exec "$CN" ping -4 -c 2 -W 2 -M do -s 1360 $HOA4 >/dev/null && fit=1
ktap_print_msg "CN's route to the home address: ${pmtu:-no mtu}; 1388-byte DF ping ok=$fit"
ktap_result $([ "$pmtu" = "mtu 1388" ] && [ $fit -eq 1 ]; echo $?) \
	"path MTU: a 1388-octet DF packet fits a 1400 path, a 1400 one learns 1388"

# 6: hostile packets at the home agent
names="drop_bad_inner drop_no_session drop_bad_outer_src drop_encap"
declare -A c0 c1
for n in $names; do c0[$n]=$(stat_get "$HA" "$n"); done
ns_exec "$R" /usr/bin/python3 - "$HA4" "$HOA4" "$CN4" "$COA4" <<'PY'
import sys
from scapy.all import IP, ICMP, Raw, send, conf
from scapy.utils import checksum
conf.verb = 0
ha, hoa, cn, coa = sys.argv[1:5]

def minfwd(proto, odst, osrc=None, bad=False):
    import ipaddress
    h = bytearray([proto, 0x80 if osrc else 0, 0, 0])
    h += ipaddress.IPv4Address(odst).packed
    if osrc:
        h += ipaddress.IPv4Address(osrc).packed
    c = checksum(bytes(h)) ^ (0x1234 if bad else 0)
    h[2:4] = c.to_bytes(2, "big")
    return bytes(h)

pay = ICMP() / Raw(b"x" * 16)
# bad checksum, truncated: drop_bad_inner (6)
send(IP(src=coa, dst=ha, proto=55) / Raw(minfwd(1, cn, hoa, bad=True)) / pay, count=3)
send(IP(src=coa, dst=ha, proto=55) / Raw(b"\x01\x80\x00"), count=3)
# inner source of no session: drop_no_session (3)
send(IP(src=coa, dst=ha, proto=55) / Raw(minfwd(1, cn, "10.0.9.9")) / pay, count=3)
# unregistered outer source: drop_bad_outer_src (3)
send(IP(src="10.0.2.99", dst=ha, proto=55) / Raw(minfwd(1, cn, hoa)) / pay, count=3)
# IP in IP, not a fragment, for a minimal-encapsulation session: drop_encap (3)
send(IP(src=coa, dst=ha) / IP(src=hoa, dst=cn) / pay, count=3)
PY
bad=0
msg=""
for n in $names; do
	c1[$n]=$(stat_get "$HA" "$n")
	d=$((c1[$n] - c0[$n]))
	msg+="$n +$d "
	want=3
	[ "$n" = drop_bad_inner ] && want=6
	[ "$d" -eq "$want" ] || bad=1
done
ktap_print_msg "$msg"
ktap_result $bad "hostile packets each dropped and counted under their reason"

# 7: endpoint and refusals
ep=$(ipmob_n "$HA" -j endpoint show | /usr/bin/python3 -c \
	'import json,sys; print(",".join(e.get("encap","?") for e in json.load(sys.stdin)))')
bad=0
bindings_refused "$HA" "hoa $HOA coa $COA4 encap minenc local $HA4" \
	"hoa $HOA4 coa $COA encap minenc local $HA_ADDR" || bad=1
ktap_print_msg "endpoints: $ep"
ktap_result $([ $bad -eq 0 ] && [ "$ep" = minenc ]; echo $?) \
	"endpoint shows minenc; minenc with an IPv6 address refused with one line"
ktap_finish
