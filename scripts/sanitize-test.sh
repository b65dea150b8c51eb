#!/usr/bin/env bash
# Builds the storage and model test suites (and mdbctl, which some of them run) with
# AddressSanitizer, LeakSanitizer and UndefinedBehaviorSanitizer in build-asan/, and runs them with
# CTest. Any sanitizer report fails the run. Extra arguments go to ctest.
#
# PostgreSQL comes from the test environment (MDBSTUDIO_TEST_PG_URL, MDBSTUDIO_TEST_OFFICIAL_URL,
# ...), as exported by scripts/test.sh; with MDBSTUDIO_TEST_REQUIRE_PG set, the PostgreSQL targets
# fail rather than skip when the server cannot be reached.
#
#   MDBSTUDIO_SANITIZE_BUILD_DIR  build directory (default build-asan/)
#   MDBSTUDIO_SANITIZE_SUITES     test executables to build and run (default: the list below)
#   MDBSTUDIO_SANITIZE_CXX        compiler (default clang++)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${MDBSTUDIO_SANITIZE_BUILD_DIR:-$root/build-asan}"

# Storage and model suites, the reliability suites that reach the stores (server faults, killed
# writers, bad input) and the network ones (TLS, poolers, timeouts); GUI suites are left to the
# ordinary build. Suites labelled "sanitize" in tests/CMakeLists.txt, if any are, replace this list.
default_suites=(tst_conformance tst_parity tst_postgres tst_bad_input tst_sqlite_faults tst_group_commit
  tst_streamname tst_jsonbtext tst_values tst_filter tst_find tst_messagetablemodel tst_partition tst_stress
  tst_storetreemodel tst_mdbctl tst_killed_writers tst_bad_input_cli tst_tls tst_pooler
  tst_timeouts)
if [ -n "${MDBSTUDIO_SANITIZE_SUITES:-}" ]; then
  read -r -a wanted <<<"$MDBSTUDIO_SANITIZE_SUITES"
else
  wanted=("${default_suites[@]}")
fi

if [ ! -f "$build/CMakeCache.txt" ]; then
  # -O1 as the sanitizers advise; line tables are all their stack traces need. lld links the
  # suites in a fifth of the time ld takes.
  linker=()
  if command -v ld.lld >/dev/null 2>&1; then linker=(-DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld); fi
  cmake -S "$root" -B "$build" -DCMAKE_CXX_COMPILER="${MDBSTUDIO_SANITIZE_CXX:-clang++}" \
    -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -gline-tables-only" -DMDBSTUDIO_SANITIZE=ON \
    "${linker[@]}"
else
  cmake "$build" >/dev/null # picks up new test suites
fi

# Suites by executable: a suite run on several targets is "tst_x.sqlite", "tst_x.postgres", ...
suite_names() { ctest --test-dir "$build" -N "$@" | sed -nE 's/^ *Test +#[0-9]+: ([^ .]+).*/\1/p' | sort -u; }
mapfile -t available < <(suite_names)
mapfile -t labelled < <(suite_names -L '^sanitize$')
suites=()
if [ -z "${MDBSTUDIO_SANITIZE_SUITES:-}" ] && [ ${#labelled[@]} -gt 0 ]; then
  suites=("${labelled[@]}")
else
  for s in "${available[@]}"; do
    for w in "${wanted[@]}"; do
      if [ "$s" = "$w" ]; then
        suites+=("$s")
        continue 2
      fi
    done
  done
fi
[ ${#suites[@]} -gt 0 ] || { echo "sanitize-test: no suites to run" >&2; exit 1; }
echo "sanitize-test: ${suites[*]}"

cmake --build "$build" -j"${MDBSTUDIO_JOBS:-2}" --target mdbctl "${suites[@]}"

supp="$root/tests/sanitizers"
# Exit status 86 on any report: a suite that expects mdbctl's error status (1) cannot take a
# report in mdbctl for it.
export ASAN_OPTIONS="exitcode=86:detect_leaks=1:check_initialization_order=1:strict_init_order=1:\
detect_stack_use_after_return=1"
export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="exitcode=86:halt_on_error=1:print_stacktrace=1"
export QT_QPA_PLATFORM=offscreen

pattern="^($(IFS='|'; echo "${suites[*]}"))(\\.[a-z]+)?\$"
cd "$build"
exec ctest --output-on-failure -j"${MDBSTUDIO_TEST_JOBS:-2}" --timeout 900 -R "$pattern" "$@"
