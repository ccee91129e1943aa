#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# fetch-kernel.sh REL
#
# Make kernel release REL (e.g. 6.1.0-56-amd64) usable by the VM rig:
#   - installs linux-headers-REL on the host (to build modules against),
#   - downloads Debian's linux-image-REL-unsigned (or the signed
#     linux-image-REL) and extracts it, without installing it, to
#       $IPMOB_CACHE/vm/REL/boot/vmlinuz-REL
#       $IPMOB_CACHE/vm/REL/lib/modules/REL/...
#   - generates modules.dep & co. for that tree with depmod.
# Idempotent: does nothing that is already done.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

# shellcheck source=common.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/common.sh"

[ $# -eq 1 ] || { echo "usage: $0 REL" >&2; exit 2; }
rel=$1
[[ "$rel" =~ ^[0-9][A-Za-z0-9.+~_-]*$ ]] || vm_die "bad kernel release '$rel'"

kdir="$IPMOB_VMCACHE/$rel"
stamp="$kdir/.extracted"

vm_apt_install kmod xz-utils
vm_pkg_installed "linux-headers-$rel" || {
	vm_apt_has_lists || vm_apt_update
	vm_apt_install "linux-headers-$rel"
}

if [ ! -e "$stamp" ]; then
	debdir="$IPMOB_VMCACHE/debs"
	mkdir -p "$debdir"
	deb=""
	for pkg in "linux-image-$rel-unsigned" "linux-image-$rel"; do
		deb=$(find "$debdir" -maxdepth 1 -name "${pkg}_*.deb" -print -quit)
		[ -n "$deb" ] && break
		vm_apt_has_lists || vm_apt_update
		vm_log "apt-get download $pkg"
		if (cd "$debdir" && apt-get download -qq "$pkg" >&2 2>/dev/null); then
			deb=$(find "$debdir" -maxdepth 1 -name "${pkg}_*.deb" -print -quit)
			[ -n "$deb" ] && break
		fi
	done
	[ -n "$deb" ] || vm_die "could not download linux-image-$rel(-unsigned)"

	tmp="$kdir.tmp.$$"
	rm -rf "$tmp"
	mkdir -p "$tmp"
	vm_log "extracting $(basename "$deb")"
	dpkg -x "$deb" "$tmp"
	# Debian may ship the modules below usr/lib (merged /usr); normalise.
	if [ ! -d "$tmp/lib/modules/$rel" ] && [ -d "$tmp/usr/lib/modules/$rel" ]; then
		mkdir -p "$tmp/lib/modules"
		mv "$tmp/usr/lib/modules/$rel" "$tmp/lib/modules/$rel"
	fi
	[ -f "$tmp/boot/vmlinuz-$rel" ] || vm_die "no boot/vmlinuz-$rel in $deb"
	[ -d "$tmp/lib/modules/$rel/kernel" ] || vm_die "no lib/modules/$rel in $deb"
	# The package does not ship modules.dep (its postinst makes it).
	vm_log "depmod $rel"
	depmod -b "$tmp" -F "$tmp/boot/System.map-$rel" "$rel"
	rm -rf "$kdir.old"
	if [ -d "$kdir" ]; then
		mv "$kdir" "$kdir.old"
		# keep anything else already cached for this release (initramfs)
		find "$kdir.old" -mindepth 1 -maxdepth 1 ! -name boot ! -name lib ! -name usr \
			-exec mv -t "$tmp" {} +
		rm -rf "$kdir.old"
	fi
	mv "$tmp" "$kdir"
	touch "$stamp"
fi

printf '%s\n' "$kdir"
