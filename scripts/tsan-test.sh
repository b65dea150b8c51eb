#!/usr/bin/env bash
# Builds the concurrent code's suites with ThreadSanitizer (clang) in build-tsan/ and runs them on
# SQLite and on PostgreSQL: SQLite's group commit, the stress runner (threads per writer and
# write channels driven by a few threads), and the model's background loaders (the message table,
# the consumer-group session and its live tail). Any report fails the run.
#
# PostgreSQL comes from the test environment, as scripts/test.sh exports it.
#
# Debian's Qt is not built with ThreadSanitizer, so it cannot see Qt's own locks;
# tests/sanitizers/tsan.supp leaves out reports with a Qt frame (races between our own threads are
# all still reported). ThreadSanitizer in clang 14 also stops in the child of a fork from a
# threaded process, so the suites' functions that start mdbctl are left out here (they run in the
# ordinary and the AddressSanitizer builds).
#
#   MDBSTUDIO_TSAN_BUILD_DIR  build directory (default build-tsan/)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${MDBSTUDIO_TSAN_BUILD_DIR:-$root/build-tsan}"

if [ ! -f "$build/CMakeCache.txt" ]; then
  linker=()
  if command -v ld.lld >/dev/null 2>&1; then linker=(-DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld); fi
  cmake -S "$root" -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" -DMDBSTUDIO_TSAN=ON "${linker[@]}"
fi
suites=(tst_group_commit tst_stress tst_stress_parts tst_messagetablemodel tst_partition)
cmake --build "$build" -j"${MDBSTUDIO_JOBS:-2}" --target "${suites[@]}"

# Reports are counted from the log rather than by exit status, so that the one about QtTest's own
# watchdog thread (its condition variable, torn down at exit) can be told apart.
export TSAN_OPTIONS="halt_on_error=0:exitcode=0:second_deadlock_stack=1:suppressions=$root/tests/sanitizers/tsan.supp"
export QT_QPA_PLATFORM=offscreen
# suite, targets, functions (none: all of them)
runs=(
  "tst_group_commit|sqlite|"
  "tst_stress_parts|sqlite|"
  "tst_stress|sqlite postgres|everyModeVerifies racingWritersConflictAndRetry cancelledRunStillVerifies"
  "tst_messagetablemodel|sqlite postgres|"
  "tst_partition|sqlite postgres|"
)
failed=0
for run in "${runs[@]}"; do
  IFS='|' read -r suite targets functions <<<"$run"
  for target in $targets; do
    log="$build/$suite.$target.log"
    status=0
    # shellcheck disable=SC2086 # the functions are separate arguments
    MDBSTUDIO_TEST_TARGET="$target" "$build/tests/$suite" $functions >"$log" 2>&1 || status=$?
    reports=$(awk '/^WARNING: ThreadSanitizer/ { block = ""; open = 1 }
                   open { block = block $0 "\n" }
                   /^SUMMARY: ThreadSanitizer/ { if (block !~ /QtTest Watchdog/) n++; open = 0 }
                   END { print n + 0 }' "$log")
    echo "tsan: $suite.$target: exit $status, $reports reports"
    if [ "$status" -ne 0 ] || [ "$reports" -ne 0 ]; then
      failed=1
      grep -E "FAIL!|WARNING: ThreadSanitizer|SUMMARY" -A12 "$log" | head -n 80 >&2 || true
    fi
  done
done
exit "$failed"
