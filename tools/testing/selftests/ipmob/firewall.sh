#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# firewall.sh: the firewall and conntrack see tunnelled traffic as they see
# any tunnel's (dataplane.md, "the hooks decide, the device encapsulates").
# The home agent's hooks only route a packet into mob0; the FORWARD chain,
# conntrack and POSTROUTING then see the inner flow with mob0 as its output
# device, and the mobile node's conntrack sees both directions of a flow
# from its home address.
#
#   CN ---- R ---- HA (binding HoA -> CoA, nftables FORWARD rules)
#           |
#           MN  (conntrack)                     (drawing: ipmob_lib.bash)
#
#   1. an nftables FORWARD rule on HA that drops CN -> HoA port 5002 stops
#      that TCP flow (its counter grows) ...
#   2. ... while port 5001 carries a 200 kB transfer intact
#   3. the FORWARD chain sees the tunnelled packets with oifname mob0, and
#      POSTROUTING too (the route goes through the device)
#   4. a long-lived TCP connection MN(HoA) -> CN:5003 is one ESTABLISHED
#      conntrack entry at MN with the home address as its source
#   5. and one ESTABLISHED entry at HA (both directions seen)
#   6. tshark: the dropped flow's SYNs never leave HA toward the CoA, the
#      allowed one's do (inner port inside the outer IPv6 header)
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/ipmob_lib.bash"

require_root
require_cmd ip nc nft conntrack tshark dumpcap
ipmob_load

ktap_header
ktap_plan 7
topo_mip6
topo_tunnel
T=$(test_tmpdir)

# nft_counter NS CHAIN COMMENT: packets of the rule with that comment
nft_counter() {
	ip netns exec "$1" nft -a list chain inet ipmobt "$2" |
		sed -n "s/.*counter packets \([0-9]*\) .*comment \"$3\".*/\1/p"
}

ip netns exec "$HA" nft -f - <<EOF
table inet ipmobt {
	chain ipmobfwd {
		type filter hook forward priority 0; policy accept;
		ip6 daddr $HOA tcp dport 5002 counter drop comment "drop5002"
		oifname "mob0" ip6 daddr $HOA counter comment "fwdmob0"
	}
	chain ipmobpost {
		type filter hook postrouting priority 0; policy accept;
		oifname "mob0" ip6 daddr $HOA counter comment "postmob0"
	}
}
EOF
ip netns exec "$MN" nft -f - <<EOF
table inet ipmobt {
	chain ipmobout {
		type filter hook output priority 0; policy accept;
		ct state established ip6 saddr $HOA counter comment "outest"
	}
}
EOF
# conntrack in HA's namespace as well (a rule that needs it)
ip netns exec "$HA" nft add rule inet ipmobt ipmobfwd ct state established counter comment \"fwdest\"

cap_start "$R" mn0 "$T/mn0.pcap" "ip6 proto 41"

# 1. the dropped flow
ns_exec "$MN" nc -6 -l -s $HOA -p 5002 >/dev/null 2>&1 &
_IPMOB_BG_PIDS+=("$!")
wait_for "ns_exec \"\$MN\" ss -Hltn 'sport = :5002' | grep -q ." 20 || ktap_print_msg "listener 5002 not up"
if ns_exec "$CN" timeout 5 nc -6 -N -w 3 $HOA 5002 </dev/null >/dev/null 2>&1; then
	blocked=0
else
	blocked=1
fi
d=$(nft_counter "$HA" ipmobfwd drop5002)
ktap_print_msg "connect to 5002 blocked=$blocked, drop rule counter ${d:-?}"
ktap_result $([ "$blocked" -eq 1 ] && [ "${d:-0}" -ge 1 ]; echo $?) \
	"nftables FORWARD rule on the home agent drops the tunnelled flow it names"

# 2. the allowed flow
ktap_result $(tcp_transfer "$CN" "$MN" $HOA 5001 200000; echo $?) \
	"the flow the rule does not name passes intact"

# 3. FORWARD and POSTROUTING see mob0 as the output device
f=$(nft_counter "$HA" ipmobfwd fwdmob0)
p=$(nft_counter "$HA" ipmobpost postmob0)
ktap_print_msg "FORWARD oifname mob0: ${f:-?} packets, POSTROUTING: ${p:-?}"
ktap_result $([ "${f:-0}" -ge 10 ] && [ "${p:-0}" -ge 10 ]; echo $?) \
	"FORWARD and POSTROUTING see the tunnelled packets leave through mob0"

# 4./5. conntrack of a long-lived connection from the home address
ns_exec "$CN" nc -6 -l -p 5003 >/dev/null 2>&1 &
_IPMOB_BG_PIDS+=("$!")
wait_for "ns_exec \"\$CN\" ss -Hltn 'sport = :5003' | grep -q ." 20 || ktap_print_msg "listener 5003 not up"
(sleep 6 | ns_exec "$MN" nc -6 -s $HOA $CN_ADDR 5003 >/dev/null 2>&1) &
_IPMOB_BG_PIDS+=("$!")
wait_for "ns_exec \"\$MN\" ss -Htn state established 'dport = :5003' | grep -q ." 20 ||
	ktap_print_msg "connection to 5003 not established"
sleep 0.5
ct_mn=$(ip netns exec "$MN" conntrack -L -p tcp --dport 5003 2>/dev/null || true)
ct_ha=$(ip netns exec "$HA" conntrack -L -p tcp --dport 5003 2>/dev/null || true)
ktap_print_msg "MN: $ct_mn" "HA: $ct_ha"
n_mn=$(grep -c . <<<"$ct_mn" || true)
ktap_result $([ "$n_mn" -eq 1 ] && grep -q "ESTABLISHED src=$HOA dst=$CN_ADDR " <<<"$ct_mn" &&
	grep -q "src=$CN_ADDR dst=$HOA sport=5003" <<<"$ct_mn" && ! grep -q UNREPLIED <<<"$ct_mn"; echo $?) \
	"conntrack at the mobile node: one ESTABLISHED entry for the inner flow"
n_ha=$(grep -c . <<<"$ct_ha" || true)
ktap_result $([ "$n_ha" -eq 1 ] && grep -q "ESTABLISHED src=$HOA dst=$CN_ADDR " <<<"$ct_ha" &&
	! grep -q UNREPLIED <<<"$ct_ha"; echo $?) \
	"conntrack at the home agent: one ESTABLISHED entry for the inner flow"
o=$(nft_counter "$MN" ipmobout outest)
ktap_print_msg "MN OUTPUT ct state established from HoA: ${o:-?} packets"
ktap_result $([ "${o:-0}" -ge 1 ]; echo $?) \
	"the mobile node's OUTPUT chain sees its established flow from the home address"
cap_stop

# 6. on the wire: SYNs to 5001 tunnelled, none to 5002
s1=$(decode "$T/mn0.pcap" "tcp.flags.syn == 1 && tcp.flags.ack == 0 && tcp.dstport == 5001 && ipv6.dst == $COA" ipv6.dst | grep -c . || true)
s2=$(decode "$T/mn0.pcap" "tcp.dstport == 5002" ipv6.dst | grep -c . || true)
ktap_print_msg "tunnelled SYNs to 5001: $s1, packets to 5002: $s2"
ktap_result $([ "$s1" -ge 1 ] && [ "$s2" -eq 0 ]; echo $?) \
	"tshark: the allowed flow is tunnelled to the CoA, the dropped one never leaves"
ktap_finish
