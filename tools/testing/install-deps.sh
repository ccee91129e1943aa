#!/bin/bash
# Install everything the build, the tests and the demo need on a Debian 12
# machine (idempotent; only missing packages are installed).
set -euo pipefail
pkgs=(build-essential pkg-config libmnl-dev libssl-dev libcap-ng-dev sparse
      qemu-system-x86 busybox-static kmod cpio xz-utils zstd
      iproute2 iputils-ping netcat-openbsd ethtool procps
      tshark python3 python3-scapy python3-yaml jq dkms man-db
      radvd clang nftables conntrack kea-dhcp6-server dhcpcd-base
      strongswan-charon strongswan-swanctl strongswan-pki)
missing=()
for p in "${pkgs[@]}"; do
	dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "install-deps: installing ${missing[*]}" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2 || true
	echo "wireshark-common wireshark-common/install-setuid boolean false" |
		debconf-set-selections
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
