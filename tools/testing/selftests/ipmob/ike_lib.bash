# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# IKEv2 with strongSwan for the selftests (RFC 4877: IPsec for Mobile IPv6
# signalling with IKEv2): a test PKI, charon instances each private to one
# network namespace, and swanctl against them. Source it after
# ipmob_lib.bash (or mip6_lib.bash): it uses test_tmpdir, wait_for,
# ktap_print_msg and _IPMOB_BG_PIDS.
#
#	T=$(test_tmpdir)
#	ike_pki "$T"
#	IKE_IGNORE=mob0 ike_charon "$MN" mn "$T"
#	ike_charon "$HA" ha "$T"
#	ike_swanctl_load mn "$T" "$T" mn1 "connections { ... }"
#	ike_swanctl mn "$T" --initiate --child mh --ike ha --timeout 10
#	ike_wait_established ha "$T" mn1 10
#
# Each charon NAME (in DIR) has:
#	DIR/NAME.strongswan.conf  its strongswan.conf (STRONGSWAN_CONF)
#	DIR/NAME.vici             its VICI socket (unix://DIR/NAME.vici),
#	                          reachable from outside its namespaces
#	DIR/NAME.charon.log       its log (filelog: ike, cfg, knl at 2)
#	DIR/NAME.charon.out       its stdout and stderr
#	DIR/NAME.pid              its pid (written here, not by charon)
# It runs in its own mount namespace with a tmpfs on /run: charon 5.9
# has a compiled-in pid file /run/charon.pid (and stroke, lookip,
# error-notify sockets there), which two instances would share.
# (Debian's AppArmor profile for charon, /etc/apparmor.d/
# usr.lib.ipsec.charon, allows /run/charon.* only: where it is enforced,
# the socket and log in DIR would be refused. The test machines load no
# AppArmor profiles.)
#
# Only the plugins Debian installs are loaded: there, without
# libstrongswan-standard-plugins, there is no openssl plugin and so no
# ECDSA, Ed25519 or ECP groups (ike_pki makes RSA keys then), and no gcm
# plugin for IKE (ESP's AES-GCM is the kernel's, and is fine).

IKE_CHARON=${IKE_CHARON:-/usr/lib/ipsec/charon}
IKE_PLUGIN_DIR=${IKE_PLUGIN_DIR:-/usr/lib/ipsec/plugins}

# _ike_plugins PLUGIN...: those of the plugins that are installed, on one
# line (for a "load =" setting: the compiled-in lists name plugins that
# Debian ships in packages not installed, and each missing one costs a
# "failed to load" line on stderr).
_ike_plugins() {
	local p found=()
	for p in "$@"; do
		[ -f "$IKE_PLUGIN_DIR/libstrongswan-$p.so" ] && found+=("$p")
	done
	echo "${found[*]}"
}

# _ike_tool_conf FILE: a strongswan.conf for swanctl and pki (their
# compiled-in plugin lists, less the plugins not installed).
_ike_tool_conf() {
	cat >"$1" <<EOF
swanctl {
	load = $(_ike_plugins aes rc2 sha2 sha1 md5 mgf1 random nonce x509 \
		revocation constraints pubkey pkcs1 pkcs7 pkcs12 pgp dnskey \
		sshkey pem openssl gcrypt pkcs8 fips-prf gmp curve25519 xcbc \
		cmac hmac kdf ctr ccm gcm drbg)
}
pki {
	load = $(_ike_plugins aes rc2 sha2 sha1 md5 mgf1 random x509 \
		revocation pubkey pkcs1 pkcs7 pkcs12 dnskey sshkey pem openssl \
		gcrypt pkcs8 gmp curve25519 hmac kdf drbg)
}
EOF
}

# _ike_pki_run DIR OUT ARGS...: pki ARGS with its output to OUT; its
# messages go to DIR/pki.log, shown if it fails.
_ike_pki_run() {
	local dir=$1 out=$2
	shift 2
	if ! STRONGSWAN_CONF=$dir/pki.strongswan.conf pki "$@" >"$out" \
		2>>"$dir/pki.log"; then
		ktap_print_msg "pki $*: $(cat "$dir/pki.log")"
		return 1
	fi
}

# _ike_key DIR FILE: a private key (IKE_KEY_TYPE: ecdsa, ed25519 or rsa;
# by default ECDSA P-256 where the openssl plugin is installed, else RSA
# 2048), mode 0600.
_ike_key() {
	local dir=$1 f=$2 type=${IKE_KEY_TYPE:-} size=()
	if [ -z "$type" ]; then
		type=rsa
		[ -f "$IKE_PLUGIN_DIR/libstrongswan-openssl.so" ] && type=ecdsa
	fi
	case $type in
	ecdsa) size=(--size 256) ;;
	rsa) size=(--size 2048) ;;
	esac
	(umask 077 && _ike_pki_run "$dir" "$f" --gen --type "$type" \
		"${size[@]}" --outform pem)
}

# _ike_issue DIR NAME ID FLAG...: NAME.key.pem and NAME.pem, a
# certificate for ID (its subject CN=ID and its subjectAltName; an
# "@" makes it an rfc822Name, else a dNSName) signed by DIR's CA,
# with the extended key usage FLAGs (serverAuth, clientAuth).
_ike_issue() {
	local dir=$1 name=$2 id=$3 f flags=()
	shift 3
	for f in "$@"; do
		flags+=(--flag "$f")
	done
	_ike_key "$dir" "$dir/$name.key.pem" &&
		_ike_pki_run "$dir" "$dir/$name.pub.pem" --pub \
			--in "$dir/$name.key.pem" --outform pem &&
		_ike_pki_run "$dir" "$dir/$name.pem" --issue --lifetime 3650 \
			--cacert "$dir/ca.pem" --cakey "$dir/ca.key.pem" \
			--in "$dir/$name.pub.pem" --type pub --dn "CN=$id" \
			--san "$id" "${flags[@]}" --outform pem &&
		rm -f "$dir/$name.pub.pem"
}

# ike_pki DIR: a test PKI in DIR, all PEM, keys 0600:
#	ca.pem ca.key.pem    CA "C=XX, O=ipmob test, CN=ipmob test CA"
#	ha.pem ha.key.pem    CN=ha.example.net, SAN ha.example.net
#	                     (dNSName), serverAuth
#	mn1.pem mn1.key.pem  CN=mn1@example.net, SAN mn1@example.net
#	                     (rfc822Name), clientAuth
#	mn2.pem mn2.key.pem  likewise mn2@example.net
# (and DIR/pki.strongswan.conf, DIR/pki.log).
ike_pki() {
	local dir=$1
	mkdir -p "$dir"
	_ike_tool_conf "$dir/pki.strongswan.conf"
	: >"$dir/pki.log"
	_ike_key "$dir" "$dir/ca.key.pem" &&
		_ike_pki_run "$dir" "$dir/ca.pem" --self --ca --lifetime 3650 \
			--in "$dir/ca.key.pem" \
			--dn "C=XX, O=ipmob test, CN=ipmob test CA" --outform pem &&
		_ike_issue "$dir" ha ha.example.net serverAuth &&
		_ike_issue "$dir" mn1 mn1@example.net clientAuth &&
		_ike_issue "$dir" mn2 mn2@example.net clientAuth
}

# ike_conf NAME DIR: write DIR/NAME.strongswan.conf: Debian's plugin
# configuration (as /etc/strongswan.conf includes it) and this
# instance's VICI socket, log and settings:
#	IKE_IGNORE  interfaces charon must not use (charon.interfaces_ignore,
#	            comma-separated): the mobile node's mob0. Else charon
#	            offers the home address to the home agent as a MOBIKE
#	            address (ADDITIONAL_IP6_ADDRESS), and takes it as its IKE
#	            source address where the route to the home agent goes
#	            through mob0 (with mob0 ignored it then has none: the
#	            route to the home agent must not go through mob0).
#	IKE_ROAM    "no": no roam events (kernel-netlink roam_events = no)
#	            for a home agent: charon takes an address on the outgoing
#	            interface as the only valid source, so on any address,
#	            link or route change a MOBIKE responder moves its IKE_SA
#	            from the home agent address (on the home link) to that
#	            address. The mobile node keeps them: its care-of address
#	            changes reach the home agent with MOBIKE through them.
#	IKE_EXTRA   more lines for the charon section (e.g.
#	            "retransmit_timeout = 1")
# The plugins that would act on the host's files or sockets (stroke:
# /etc/ipsec.*; ha, farp, dhcp: raw sockets; bypass-lan: policies) are
# not loaded.
ike_conf() {
	local name=$1 dir=$2 f=$2/$1.strongswan.conf
	_ike_tool_conf "$f"
	cat >>"$f" <<EOF
# Debian's /etc/strongswan.conf, first: the settings below win
include /etc/strongswan.d/*.conf
charon {
	load_modular = yes
	plugins {
		include /etc/strongswan.d/charon/*.conf
		vici {
			socket = unix://$dir/$name.vici
		}
		stroke {
			load = no
		}
		ha {
			load = no
		}
		farp {
			load = no
		}
		dhcp {
			load = no
		}
		bypass-lan {
			load = no
		}
		kernel-netlink {
			roam_events = ${IKE_ROAM:-yes}
		}
	}
	install_routes = no
	install_virtual_ip = no
	${IKE_IGNORE:+interfaces_ignore = $IKE_IGNORE}
	${IKE_EXTRA:-}
	filelog {
		$name {
			path = $dir/$name.charon.log
			time_format = %b %e %T
			ike_name = yes
			append = yes
			flush_line = yes
			default = 1
			ike = 2
			cfg = 2
			knl = 2
		}
	}
}
EOF
}

# ike_uri NAME DIR: the VICI URI of charon NAME.
ike_uri() {
	echo "unix://$2/$1.vici"
}

# ike_swanctl NAME DIR ARGS...: swanctl ARGS against charon NAME (its
# credentials directory DIR/NAME.swanctl, see ike_swanctl_load).
ike_swanctl() {
	local name=$1 dir=$2
	shift 2
	STRONGSWAN_CONF=$dir/$name.strongswan.conf \
		SWANCTL_DIR=$dir/$name.swanctl \
		swanctl "$@" --uri "unix://$dir/$name.vici"
}

# ike_charon NS NAME DIR: start charon NAME in namespace NS (config:
# ike_conf, with IKE_IGNORE, IKE_ROAM and IKE_EXTRA), in its own mount
# namespace with a tmpfs on /run; returns when its VICI socket answers
# (fails after 30 s, or at once if charon exits). Its pid is in IKE_PID
# and DIR/NAME.pid, and it is killed at exit.
ike_charon() {
	local ns=$1 name=$2 dir=$3
	ike_conf "$name" "$dir"
	rm -f "$dir/$name.vici"
	# ip netns exec and unshare exec, as does sh: $! is charon's pid
	# shellcheck disable=SC2016 # $0 is sh's
	STRONGSWAN_CONF=$dir/$name.strongswan.conf \
		ip netns exec "$ns" unshare --mount --propagation private \
		sh -c 'mount -t tmpfs -o mode=0755 ipmob-ike /run && exec "$0"' \
		"$IKE_CHARON" >>"$dir/$name.charon.out" 2>&1 &
	IKE_PID=$!
	_IPMOB_BG_PIDS+=("$IKE_PID")
	echo "$IKE_PID" >"$dir/$name.pid"
	# (not wait_for: give up at once if charon exits)
	local end=$((SECONDS + 30))
	while [ "$SECONDS" -le "$end" ]; do
		ike_swanctl "$name" "$dir" --stats >/dev/null 2>&1 && return 0
		kill -0 "$IKE_PID" 2>/dev/null || break
		sleep 0.1
	done
	ktap_print_msg "charon $name did not start:" \
		"$(tail -n 20 "$dir/$name.charon.out" "$dir/$name.charon.log" 2>&1)"
	return 1
}

# ike_charon_stop NS NAME DIR: stop charon NAME (SIGTERM, then SIGKILL
# after 10 s) and wait for it.
ike_charon_stop() {
	local name=$2 dir=$3 pid p others=()
	pid=$(cat "$dir/$name.pid" 2>/dev/null) || return 0
	if kill "$pid" 2>/dev/null; then
		wait_for "! kill -0 $pid" 10 || kill -9 "$pid" 2>/dev/null
	fi
	wait "$pid" 2>/dev/null || true
	rm -f "$dir/$name.pid"
	for p in ${_IPMOB_BG_PIDS[@]+"${_IPMOB_BG_PIDS[@]}"}; do
		[ "$p" = "$pid" ] || others+=("$p")
	done
	_IPMOB_BG_PIDS=(${others[@]+"${others[@]}"})
}

# ike_charon_restart NS NAME DIR: stop charon NAME and start it anew
# (with the IKE_IGNORE, IKE_ROAM and IKE_EXTRA in force now). It has no
# connections or credentials then: load them again.
ike_charon_restart() {
	ike_charon_stop "$@"
	ike_charon "$@"
}

# ike_swanctl_load NAME DIR PKI-DIR WHO CONF: load into charon NAME, the
# swanctl way (swanctl --load-all: load-cert, load-key, load-shared,
# load-conn), the CA certificate PKI-DIR/ca.pem (none if PKI-DIR is
# ""), WHO's certificate and key (PKI-DIR/WHO.pem, PKI-DIR/WHO.key.pem;
# none if WHO is "") and the swanctl.conf body CONF ("connections {
# ... } secrets { ... }"; a certs = WHO.pem there names the
# certificate). The directory is DIR/NAME.swanctl.
ike_swanctl_load() {
	local name=$1 dir=$2 pki=$3 who=$4 conf=$5 s=$2/$1.swanctl
	# every directory --load-all reads, or it says it cannot open it
	mkdir -p "$s" && (cd "$s" &&
		mkdir -p x509 x509ca x509ocsp x509aa x509ac x509crl pubkey \
			private rsa ecdsa bliss pkcs8 pkcs12 &&
		chmod 700 private rsa ecdsa bliss pkcs8 pkcs12) || return 1
	if [ -n "$pki" ]; then
		cp "$pki/ca.pem" "$s/x509ca/ca.pem" || return 1
	fi
	if [ -n "$who" ]; then
		cp "$pki/$who.pem" "$s/x509/$who.pem" &&
			cp "$pki/$who.key.pem" "$s/private/$who.key.pem" || return 1
	fi
	printf '%s\n' "$conf" >"$s/swanctl.conf"
	ike_swanctl "$name" "$dir" --load-all --noprompt --file "$s/swanctl.conf"
}

# ike_sa_state NAME DIR IKE: the state of IKE_SA IKE at charon NAME
# (ESTABLISHED, CONNECTING, ...; nothing if it has none).
ike_sa_state() {
	ike_swanctl "$1" "$2" --list-sas --ike "$3" --noblock 2>/dev/null |
		sed -n "s/^$3: #[0-9]*, \([A-Z_]*\),.*/\1/p" | head -n 1
}

# ike_wait_established NAME DIR IKE [TIMEOUT=10]: wait until charon NAME
# has IKE_SA IKE ESTABLISHED.
ike_wait_established() {
	wait_for "[ \"\$(ike_sa_state '$1' '$2' '$3')\" = ESTABLISHED ]" "${4:-10}"
}

# ike_mip6_start: on topo_mobility (mip6_lib.bash), in $T: the test PKI,
# a charon at the home agent (roam events off: it keeps its address) and
# at the mobile node (not on mob0), and ipmobd at both ends with security
# ikev2, certificates, reqid $IKE_REQID; the mobile node at home. Logs:
# $T/ha.log, $T/mn.log, $T/{ha,mn}.charon.log; the home agent's ipmobd's
# pid in IKE_HA_DPID, the mobile node's in DPID. IKE_HA_EXTRA, if set, is
# appended to the home agent's configuration (e.g. a second
# [security-association NAI] section); IKE_SA_EXTRA, lines for the
# mobile node's association there, IKE_MN_EXTRA for its own section.
# IKE_PSK (hexadecimal): authentication by that pre-shared key (the
# association's key, RFC 4877 7.1) instead of certificates.
IKE_REQID=4877
ike_mip6_start() {
	local ha_creds mn_creds sa_key=""
	ike_pki "$T/pki"
	ha_creds="ike-certificate $T/pki/ha.pem
ike-private-key $T/pki/ha.key.pem
ike-ca-certificate $T/pki/ca.pem"
	mn_creds="ike-certificate $T/pki/mn1.pem
ike-private-key $T/pki/mn1.key.pem
ike-ca-certificate $T/pki/ca.pem"
	if [ -n "${IKE_PSK:-}" ]; then
		ha_creds="" mn_creds="key $IKE_PSK" sa_key="key $IKE_PSK"
	fi
	IKE_ROAM=no ike_charon "$HA" ha "$T"
	IKE_IGNORE=mob0 ike_charon "$MN" mn "$T"

	: >"$T/ha.conf"
	chmod 600 "$T/ha.conf"
	cat >"$T/ha.conf" <<-CONF
	log-level debug
	device mob0
	vici-socket $T/ha.vici
	[home-agent]
	home-link br0
	home-prefix 2001:db8:1::/64
	max-lifetime 120
	ike-identity ha.example.net
	$ha_creds
	[security-association $M_NAI]
	security ikev2
	ipsec-reqid $IKE_REQID
	home-address $M_HOA
	$sa_key
	${IKE_SA_EXTRA:-}
	${IKE_HA_EXTRA:-}
	CONF
	: >"$T/mn.conf"
	chmod 600 "$T/mn.conf"
	cat >"$T/mn.conf" <<-CONF
	log-level debug
	device mob0
	vici-socket $T/mn.vici
	[mobile-node]
	home-address $M_HOA/64
	home-agent $M_HA
	identifier $M_NAI
	security ikev2
	ipsec-reqid $IKE_REQID
	ike-peer-identity ha.example.net
	$mn_creds
	lifetime 60
	link eth0
	link eth1
	link eth2
	initial-bindack-timeout 500
	initial-bindack-timeout-first-reg 500
	${IKE_MN_EXTRA:-}
	CONF
	wait_for "ip -n $MN -6 addr show dev eth0 scope global | grep -q 2001:db8:1:" 20 || true
	mip6_daemon "$HA" "$T/ha.conf" "$T/ha.log"
	# shellcheck disable=SC2034 # for the tests that source this
	IKE_HA_DPID=$DPID
	wait_for "grep -q 'IKE: connected to charon' '$T/ha.log'" 20 || true
	mip6_daemon "$MN" "$T/mn.conf" "$T/mn.log"
	wait_for "grep -q 'movement: at home' '$T/mn.log'" 20 || true
}
