#!/usr/bin/env bash
# Installs what is missing, builds, and starts mdbstudio (on the embedded default store unless a
# store URL or path is given).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
exec "${MDBSTUDIO_BUILD_DIR:-$root/build}/app/mdbstudio" "$@"
