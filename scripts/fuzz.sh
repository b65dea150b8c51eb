#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) incrementally in build-fuzz/ and runs each for
# a bounded time on a copy of its seed corpus (tests/fuzz/corpus/<target>/). Exits non-zero when a
# target crashes, breaks one of its properties or a sanitizer reports anything.
#
#   MDBSTUDIO_FUZZ_SECONDS   seconds per target (default 60)
#   MDBSTUDIO_FUZZ_TARGETS   targets to run (default: all of them)
#   MDBSTUDIO_FUZZ_SUMMARY   file to write one line per target to: target, executions, seconds, result
#   MDBSTUDIO_FUZZ_BUILD_DIR build directory (default build-fuzz/)
#
# Inputs that fail are kept in <build>/fuzz-artifacts/; run the target on one to reproduce it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${MDBSTUDIO_FUZZ_BUILD_DIR:-$root/build-fuzz}"
seconds="${MDBSTUDIO_FUZZ_SECONDS:-60}"
read -r -a targets <<<"${MDBSTUDIO_FUZZ_TARGETS:-fuzz_streamname fuzz_jsonbtext fuzz_storelocation fuzz_csv fuzz_commandline}"
summary="${MDBSTUDIO_FUZZ_SUMMARY:-}"

if [ ! -f "$build/CMakeCache.txt" ]; then
  # -O1 keeps the sanitizers fast enough and the stack traces readable.
  cmake -S "$root" -B "$build" -DCMAKE_CXX_COMPILER="${MDBSTUDIO_FUZZ_CXX:-clang++}" -DMDBSTUDIO_FUZZ=ON \
    -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-g -O1"
fi
cmake --build "$build" -j"${MDBSTUDIO_JOBS:-2}" --target "${targets[@]}"

work="$(mktemp -d /tmp/mdbstudio-fuzz.XXXXXX)"
trap 'rm -rf "$work"' EXIT
artifacts="$build/fuzz-artifacts"
mkdir -p "$artifacts"
[ -z "$summary" ] || : >"$summary"

export ASAN_OPTIONS="detect_leaks=1:strict_string_checks=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"

failed=0
for target in "${targets[@]}"; do
  corpus="$work/corpus-$target"
  cp -r "$root/tests/fuzz/corpus/$target" "$corpus"
  options=(-max_total_time="$seconds" -error_exitcode=77 -timeout=20 -print_final_stats=1
           -artifact_prefix="$artifacts/$target-")
  [ ! -f "$root/tests/fuzz/$target.dict" ] || options+=(-dict="$root/tests/fuzz/$target.dict")
  # Its seeds nest past the depth limit (6000), which takes inputs longer than libFuzzer's default.
  [ "$target" != fuzz_jsonbtext ] || options+=(-max_len=16384)
  log="$work/$target.log"
  echo "== $target: ${seconds} s"
  status=0
  "$build/tests/fuzz/$target" "${options[@]}" "$corpus" >"$log" 2>&1 || status=$?
  done_line="$(grep -E '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -n 1 || true)"
  runs="$(sed -E 's/^Done ([0-9]+) runs in ([0-9]+) second.*/\1/' <<<"$done_line")"
  took="$(sed -E 's/^Done ([0-9]+) runs in ([0-9]+) second.*/\2/' <<<"$done_line")"
  result=ok
  if [ "$status" -ne 0 ] || [ -z "$done_line" ] ||
    grep -qE 'runtime error:|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|==mdbfuzz==' "$log"; then
    result="FAILED (exit $status)"
    failed=1
    tail -n 80 "$log"
    echo "== $target: failing inputs are in $artifacts/"
  fi
  echo "== $target: ${done_line:-no final line}: $result"
  [ -z "$summary" ] || printf '%s\t%s\t%s\t%s\n' "$target" "${runs:--}" "${took:--}" "$result" >>"$summary"
done
exit "$failed"
