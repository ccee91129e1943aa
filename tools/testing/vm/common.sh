# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2034 # variables are used by the sourcing scripts
#
# Shared helpers for the ipmob qemu test rig (tools/testing/vm/*.sh).
# Source it; it does not change shell options of the caller.

# Absolute path of the repository root (this file lives in tools/testing/vm).
IPMOB_REPO=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../../.." && pwd -P)
IPMOB_VMDIR="$IPMOB_REPO/tools/testing/vm"
# Cache root; everything the rig downloads or builds goes below $IPMOB_VMCACHE.
IPMOB_CACHE=${IPMOB_CACHE:-$IPMOB_REPO/.cache}
IPMOB_VMCACHE="$IPMOB_CACHE/vm"

vm_log() { printf '[vm] %s\n' "$*" >&2; }
vm_die() { printf '[vm] error: %s\n' "$*" >&2; exit 1; }

# Run apt-get update once per process, and only when needed.
_VM_APT_UPDATED=0
vm_apt_update() {
	if [ "$_VM_APT_UPDATED" -eq 0 ]; then
		vm_log "apt-get update"
		apt-get update -qq >&2 || vm_die "apt-get update failed"
		_VM_APT_UPDATED=1
	fi
}

# True when apt has package lists (apt-cache look-ups need them).
vm_apt_has_lists() {
	compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null
}

vm_pkg_installed() {
	[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]
}

# vm_apt_install PKG...: install the missing ones (idempotent).
vm_apt_install() {
	local p missing=()
	for p in "$@"; do
		vm_pkg_installed "$p" || missing+=("$p")
	done
	[ "${#missing[@]}" -eq 0 ] && return 0
	[ "$(id -u)" -eq 0 ] || vm_die "need root to install: ${missing[*]}"
	vm_apt_update
	vm_log "apt-get install ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >&2 || vm_die "apt-get install ${missing[*]} failed"
}

# Host tools the rig itself needs (not the tests' tools, see run-tests.sh).
vm_host_deps() {
	vm_apt_install qemu-system-x86 busybox-static kmod cpio xz-utils gzip coreutils
}

# Quote the words of an array for a shell script.
vm_quote() {
	local out="" w
	for w in "$@"; do
		out+="${out:+ }$(printf '%q' "$w")"
	done
	printf '%s' "$out"
}

# vm_resolve_krels SERIES_LIST: fill the array krels (when empty) with the
# kernel release of each series (kversions.sh).
vm_resolve_krels() {
	local s
	[ "${#krels[@]}" -eq 0 ] || return 0
	for s in $1; do
		krels+=("$("$IPMOB_VMDIR/kversions.sh" "$s")")
	done
}
