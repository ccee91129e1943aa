#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# ike_lab.bash [-p] [-n] [-R] [-k DIR]: not a selftest (run.sh runs the *.sh
# files only): a check of ike_lib.bash by hand, as root, on any machine
# with strongSwan (charon, swanctl, pki) and network namespaces. A mobile
# node and a home agent, each with its own charon, set up the IKE_SA of
# RFC 4877 (Mobile IPv6 signalling protected by IPsec, IKEv2):
#
#   MN eth0 2001:db8:2::100/64 ---- HA eth0 2001:db8:2::1/64
#   MN mob0 2001:db8:1::100/128     HA home0 2001:db8:1::1/64
#   (home address)                  (home agent address)
#
# The MN initiates to 2001:db8:1::1 (CHILD_SA "mh": transport_proxy, no
# policies, reqid 4877, the Mobility Header between the home address and
# the home agent address); then an address comes and goes on the HA's
# eth0 (a roam event). It prints both ends' SAs and log excerpts, and
# removes everything. Exit 0 when the IKE_SA is ESTABLISHED at both ends,
# on the HA's side still at 2001:db8:1::1 (the CHILD_SA may fail where
# the kernel has no ESP).
#
#   -p      pre-shared key instead of certificates
#   -n      no interfaces_ignore = mob0 on the MN: it then offers its home
#           address to the HA as an additional MOBIKE address
#   -R      roam events on the HA too: its IKE_SA then moves to the HA's
#           eth0 address (and the script fails)
#   -k DIR  keep the files (PKI, configurations, logs) in DIR
set -euo pipefail

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=lib.sh
. "$here/lib.sh"
# shellcheck source=ike_lib.bash
. "$here/ike_lib.bash"

auth=pubkey ignore=mob0 roam=no keep=""
while getopts "pnRk:h" opt; do
	case "$opt" in
	p) auth=psk ;;
	n) ignore="" ;;
	R) roam=yes ;;
	k) keep=$OPTARG ;;
	*) sed -n '4,28s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2; exit 2 ;;
	esac
done

require_root
require_cmd ip unshare swanctl pki "$IKE_CHARON"

if [ -n "$keep" ]; then
	T=$keep
	rm -rf "$T"
	mkdir -p "$T"
else
	# (once in this shell first: $(...) is a subshell, and lib.sh
	# removes at exit the directory it made in this one)
	test_tmpdir >/dev/null
	T=$(test_tmpdir)
fi
MN=ikelab-mn-$NS_SUFFIX HA=ikelab-ha-$NS_SUFFIX
HOA=2001:db8:1::100 HA_ADDR=2001:db8:1::1 COA=2001:db8:2::100
PSK=0x$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')

# a device for an address of its own: dummy, or a veth pair where the
# kernel has no dummy
own_dev() {
	ip -n "$1" link add "$2" type dummy 2>/dev/null ||
		ip -n "$1" link add "$2" type veth peer name "${2}p"
	ip -n "$1" link set "$2" up
	ip -n "$1" link set "${2}p" up 2>/dev/null || true
}

echo "== topology ($MN, $HA; files in $T)"
ns_create "$MN" "$HA"
veth_pair "$MN" eth0 "$HA" eth0
ns_ip "$MN" "addr add $COA/64 dev eth0 nodad"
ns_ip "$HA" "addr add 2001:db8:2::1/64 dev eth0 nodad"
own_dev "$HA" home0
ns_ip "$HA" "addr add $HA_ADDR/64 dev home0 nodad"
own_dev "$MN" mob0
ns_ip "$MN" "addr add $HOA/128 dev mob0 home nodad" \
	"route add 2001:db8:1::/64 via 2001:db8:2::1 dev eth0"
ip -n "$MN" -6 route get $HA_ADDR

echo "== PKI"
ike_pki "$T"
ls -l "$T"/*.pem

echo "== charons"
IKE_IGNORE=$ignore ike_charon "$MN" mn "$T"
echo "mn: pid $IKE_PID, $(ike_uri mn "$T")${ignore:+, interfaces_ignore = $ignore}"
IKE_IGNORE="" IKE_ROAM=$roam ike_charon "$HA" ha "$T"
echo "ha: pid $IKE_PID, $(ike_uri ha "$T"), roam_events = $roam"

if [ "$auth" = psk ]; then
	mn_local="auth = psk
			id = mn1@example.net"
	ha_local="auth = psk
			id = ha.example.net"
	mn_remote="auth = psk
			id = ha.example.net"
	ha_remote="auth = psk
			id = mn1@example.net"
	secrets="secrets {
	ike-1 {
		id-1 = mn1@example.net
		id-2 = ha.example.net
		secret = $PSK
	}
}"
	mn_who="" ha_who=""
else
	mn_local="auth = pubkey
			certs = mn1.pem
			id = mn1@example.net"
	ha_local="auth = pubkey
			certs = ha.pem
			id = ha.example.net"
	mn_remote="auth = pubkey
			id = ha.example.net"
	ha_remote="auth = pubkey
			id = mn1@example.net"
	secrets=""
	mn_who=mn1 ha_who=ha
fi

echo "== load (swanctl --load-all)"
ike_swanctl_load mn "$T" "$T" "$mn_who" "connections {
	ha {
		version = 2
		mobike = yes
		remote_addrs = $HA_ADDR
		local {
			$mn_local
		}
		remote {
			$mn_remote
		}
		children {
			mh {
				mode = transport_proxy
				policies = no
				reqid = 4877
				local_ts = $HOA/128[135]
				remote_ts = $HA_ADDR/128[135]
				esp_proposals = aes128gcm16
				start_action = none
			}
		}
	}
}
$secrets"
ike_swanctl_load ha "$T" "$T" "$ha_who" "connections {
	mn1 {
		version = 2
		mobike = yes
		local_addrs = $HA_ADDR
		remote_addrs = %any
		local {
			$ha_local
		}
		remote {
			$ha_remote
		}
		children {
			mh {
				mode = transport_proxy
				policies = no
				reqid = 4877
				local_ts = $HA_ADDR/128[135]
				remote_ts = $HOA/128[135]
				esp_proposals = aes128gcm16
				start_action = none
			}
		}
	}
}
$secrets"

echo "== initiate (MN)"
rc=0
ike_swanctl mn "$T" --initiate --child mh --ike ha --timeout 15 || rc=$?
echo "initiate: exit $rc"

ok=0
ike_wait_established mn "$T" ha 5 && ike_wait_established ha "$T" mn1 5 || ok=1
echo "== roam event on the HA (address added to and removed from eth0)"
# (one after the other: charon's roam job waits a moment and takes both
# as no change if the address is gone by then)
ip -n "$HA" addr add 2001:db8:2::2/64 dev eth0 nodad
sleep 1
ip -n "$HA" addr del 2001:db8:2::2/64 dev eth0
sleep 1
if ike_swanctl ha "$T" --list-sas --noblock --ike mn1 2>/dev/null |
	grep -q "local .* @ $HA_ADDR\["; then
	echo "HA's IKE_SA still at $HA_ADDR"
else
	echo "HA's IKE_SA moved away from $HA_ADDR"
	ok=1
fi
for n in mn ha; do
	echo "== $n: list-sas"
	ike_swanctl "$n" "$T" --list-sas --noblock || true
done
for n in mn ha; do
	echo "== $n: log (IKE_SA, CHILD_SA, addresses)"
	grep -E "initiating IKE_SA|received packet|sending packet|established|CHILD_SA|unable|failed|not implemented|MOBIKE|endpoint|path|using .* as address" \
		"$T/$n.charon.log" | head -n 60 || true
done
if [ "$ok" -eq 0 ]; then
	echo "IKE_SA ESTABLISHED at both ends ($auth)"
else
	echo "FAILED: IKE_SA not established, or moved ($auth)"
fi
exit "$ok"
