#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# kversions.sh [--refresh] SERIES
#
# Print the Debian kernel ABI release ("uname -r") to test for a kernel
# SERIES (6.1, 6.12, ...): the newest amd64 release for which apt has both
# linux-image-REL(-unsigned) and linux-headers-REL.
#
#   IPMOB_KREL_6_1=6.1.0-56-amd64   override for series 6.1 (same for 6_12, ...)
#   IPMOB_KFLAVOUR=amd64            Debian kernel flavour
#   --refresh                       ignore the cached answer in .cache/vm/krel-SERIES
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

# shellcheck source=common.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/common.sh"

usage() { echo "usage: $0 [--refresh] SERIES   (e.g. 6.1 or 6.12)" >&2; exit 2; }

refresh=0
series=""
while [ $# -gt 0 ]; do
	case "$1" in
	--refresh) refresh=1 ;;
	-h|--help) usage ;;
	-*) usage ;;
	*) [ -z "$series" ] || usage; series=$1 ;;
	esac
	shift
done
[ -n "$series" ] || usage
[[ "$series" =~ ^[0-9]+\.[0-9]+$ ]] || vm_die "bad series '$series' (want e.g. 6.1)"

flavour=${IPMOB_KFLAVOUR:-amd64}
# Releases of this series look like 6.1.0-56-amd64 or 6.12.113+deb12-amd64.
re="^${series//./\\.}\\.[0-9]+(-[0-9]+)?(\\+[a-z0-9.~]+)?-${flavour}\$"

override_var="IPMOB_KREL_${series//./_}"
if [ -n "${!override_var:-}" ]; then
	printf '%s\n' "${!override_var}"
	exit 0
fi

cache_file="$IPMOB_VMCACHE/krel-$series"
if [ "$refresh" -eq 0 ] && [ -s "$cache_file" ]; then
	cached=$(head -n1 "$cache_file")
	if [[ "$cached" =~ $re ]]; then
		printf '%s\n' "$cached"
		exit 0
	fi
fi

# apt_has PKG: apt knows a downloadable version of PKG.
apt_has() {
	local cand
	cand=$(apt-cache policy "$1" 2>/dev/null | awk '$1 == "Candidate:" { print $2; exit }')
	[ -n "$cand" ] && [ "$cand" != "(none)" ]
}

vm_apt_has_lists || vm_apt_update

# Candidate releases from the header package names, newest first.
mapfile -t rels < <(apt-cache pkgnames "linux-headers-$series." 2>/dev/null |
	sed -n 's/^linux-headers-//p' | grep -E "$re" | sort -u -V -r || true)

answer=""
for rel in "${rels[@]}"; do
	apt_has "linux-headers-$rel" || continue
	if apt_has "linux-image-$rel-unsigned" || apt_has "linux-image-$rel"; then
		answer=$rel
		break
	fi
done
[ -n "$answer" ] || vm_die "no Debian kernel of series $series ($flavour) with image and headers in apt"

mkdir -p "$IPMOB_VMCACHE"
printf '%s\n' "$answer" >"$cache_file"
printf '%s\n' "$answer"
