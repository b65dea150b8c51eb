#!/usr/bin/env bash
# Runs every mdbstudio test: installs what is missing, builds, starts a throwaway PostgreSQL
# cluster on loopback with the official Message DB installed from npm, runs CTest, and stops the
# cluster again (also on failure). Exits non-zero on any failure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${MDBSTUDIO_BUILD_DIR:-$root/build}"

"$root/scripts/setup.sh"
"$root/scripts/build.sh"

source "$root/scripts/pg-cluster.sh"
work="$(mktemp -d /tmp/mdbstudio-test.XXXXXX)"
faults="$work/faults"
cleanup() {
  pg_cluster_stop "$faults"
  pg_cluster_stop "$work"
  rm -rf "$work"
}
trap cleanup EXIT
# A cluster of its own for the suite that restarts and stops its server under load; started
# first, so that the main cluster's settings are the ones left exported.
chmod 755 "$work"
mkdir -p "$faults"
pg_cluster_start "$faults"
export MDBSTUDIO_TEST_FAULT_PG_URL_BASE="postgresql://postgres@127.0.0.1:$MDBSTUDIO_PG_PORT"
export MDBSTUDIO_TEST_FAULT_PG_CTL="$MDBSTUDIO_PG_CTL"
pg_cluster_start "$work"
port=$MDBSTUDIO_PG_PORT

export MDBSTUDIO_TEST_REQUIRE_PG=1
export MDBSTUDIO_TEST_PG_URL="postgresql://postgres@127.0.0.1:$port/mdbstudio_test"
export MDBSTUDIO_TEST_OFFICIAL_URL="postgresql://postgres@127.0.0.1:$port/message_store"
export MDBSTUDIO_TEST_OFFICIAL_ROLE_URL="postgresql://message_store@127.0.0.1:$port/message_store"
export MDBSTUDIO_TEST_PG_PORT="$port"
export MDBSTUDIO_TEST_PG_CA="$MDBSTUDIO_PG_CA"
export MDBSTUDIO_TEST_PGBOUNCER_PG_URL="postgresql://postgres@127.0.0.1:$MDBSTUDIO_PGBOUNCER_PORT/mdbstudio_test"
export MDBSTUDIO_TEST_PGBOUNCER_OFFICIAL_URL="postgresql://postgres@127.0.0.1:$MDBSTUDIO_PGBOUNCER_PORT/message_store"
export QT_QPA_PLATFORM=offscreen

export MDBSTUDIO_TEST_KEYCHAIN=1
export HOME_FOR_KEYRING="$work/home"
mkdir -p "$HOME_FOR_KEYRING"
cd "$build"
# The tests run in a private D-Bus session with an unlocked GNOME keyring of their own, so that
# saved passwords are tested against a real system keychain and never touch the user's.
# A pattern that selects no test is an error, not a pass.
HOME="$HOME_FOR_KEYRING" XDG_DATA_HOME="$HOME_FOR_KEYRING/.local/share" dbus-run-session -- bash -c '
  printf "throwaway" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  exec ctest --output-on-failure --no-tests=error -j"$0" --timeout 900 "$@"' "${MDBSTUDIO_TEST_JOBS:-2}" "$@" \
  | tee "$work/ctest.log"
# Everything a test needs is here, so nothing may be skipped (CTest marks a run that skipped
# anything, QSKIP, as skipped).
if grep -q "(Skipped)" "$work/ctest.log"; then
  echo "Skipped although this script provides what they need:" >&2
  grep "(Skipped)" "$work/ctest.log" >&2
  exit 1
fi

# The storage and model suites again under ASan, LSan and UBSan, the concurrent code's under
# ThreadSanitizer, then each fuzz target for a bounded time (MDBSTUDIO_FUZZ_SECONDS, default 60);
# not when only some suites were asked for.
if [ $# -eq 0 ]; then
  "$root/scripts/sanitize-test.sh"
  "$root/scripts/tsan-test.sh"
  MDBSTUDIO_FUZZ_SUMMARY="$root/build-fuzz/fuzz-summary.tsv" "$root/scripts/fuzz.sh"
fi

# The Debian package: built, checked, installed, run and purged again.
"$root/scripts/package-test.sh"
