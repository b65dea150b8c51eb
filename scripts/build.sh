#!/usr/bin/env bash
# Configures (once) and builds mdbstudio incrementally in build/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${MDBSTUDIO_BUILD_DIR:-$root/build}"
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo ${MDBSTUDIO_CMAKE_ARGS:-}
fi
cmake --build "$build" -j"${MDBSTUDIO_JOBS:-2}"
