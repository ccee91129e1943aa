#!/bin/bash
# Build ipmob.ko for one Debian kernel release into build/REL/ipmob.ko.
# Out-of-tree builds write into the source directory, so each kernel gets
# its own copy of the module sources (Kbuild, kernel/, uapi/).
# Usage: build-module.sh REL [extra make args, e.g. C=2]
set -euo pipefail
rel=${1:?usage: build-module.sh REL [make args]}
shift
top=$(cd "$(dirname "$0")/../../.." && pwd)
kdir=/usr/src/linux-headers-$rel
if [ ! -d "$kdir" ]; then
	echo "build-module: installing linux-headers-$rel" >&2
	if ! dpkg -s "linux-headers-$rel" >/dev/null 2>&1; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
			"linux-headers-$rel" >&2
	fi
fi
out=$top/build/$rel
mkdir -p "$out"
# Copy sources over the previous copy (objects stay, so rebuilds are
# incremental; cp -p keeps the sources' times for make).
mkdir -p "$out/kernel" "$out/uapi"
cp -pR "$top/kernel/." "$out/kernel/"
cp -pR "$top/uapi/." "$out/uapi/"
cp -p "$top/Kbuild" "$out/Kbuild"
make -C "$kdir" M="$out" W=1 "$@" modules
