#!/bin/bash
# make demo: boot a Debian kernel in qemu and run the narrated scenario.
# Usage: demo.sh [--series 6.1|6.12]
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
series=6.1
[ "${1:-}" = "--series" ] && series=$2
rel=$(tools/testing/vm/kversions.sh "$series")
tools/testing/vm/fetch-kernel.sh "$rel" >/dev/null
mkdir -p build/logs
tools/testing/vm/build-module.sh "$rel" >build/logs/demo-build.log 2>&1 ||
	{ cat build/logs/demo-build.log; exit 1; }
make -s -C agent >/dev/null
exec tools/testing/vm/run-vm.sh --krel "$rel" -- env IPMOB_KO="$top/build/$rel/ipmob.ko" \
	bash tools/testing/demo-scenario.bash
