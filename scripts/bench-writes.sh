#!/usr/bin/env bash
# Write throughput of `mdbctl stress` against pgbench calling the same write_message, at 1 and 8
# writers, in one category and in distinct categories, alternating the two in one run on one
# server. Prints a Markdown section. Usage: bench-writes.sh POSTGRES_URL_BASE [SECONDS]
# (POSTGRES_URL_BASE like postgresql://postgres@127.0.0.1:5432; the official install is in
# the database message_store).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${MDBSTUDIO_BUILD_DIR:-$root/build}"
base="$1"
seconds="${2:-10}"
hostport="${base#postgresql://}"; user="${hostport%@*}"; hostport="${hostport#*@}"
host="${hostport%:*}"; port="${hostport#*:}"

pgbench_tps() { # clients, script
  PGOPTIONS='-c search_path=message_store,public' pgbench -h "$host" -p "$port" -U "$user" -n -M prepared \
    -f "$root/tests/bench/baselines/$2" -c "$1" -j 2 -T "$seconds" message_store 2>/dev/null \
    | awk '/^tps/ {printf "%.0f", $3}'
}
stress_wps() { # writers, mode
  "$build/app/mdbctl" --store "$base/message_store" --json stress --writers "$1" --mode "$2" \
    --duration "$seconds" --payload-bytes 48 --no-verify | sed -E 's/.*"writes_per_second":([0-9.]+).*/\1/' | awk '{printf "%.0f", $1}'
}

echo "| writers | categories | pgbench (writes/s) | mdbctl stress (writes/s) | ratio | target |"
echo "|---|---|---|---|---|---|"
for writers in 1 8; do
  for kind in one distinct; do
    if [ "$kind" = one ]; then script=pgbench-write-one-category.sql; mode=same-category
    else script=pgbench-write-distinct-categories.sql; mode=distinct; fi
    [ "$writers" = 1 ] && [ "$kind" = distinct ] && continue # one writer: the same either way
    p=$(pgbench_tps "$writers" "$script")
    m=$(stress_wps "$writers" "$mode")
    awk -v w="$writers" -v k="$kind" -v p="$p" -v m="$m" \
      'BEGIN { printf "| %s | %s | %s | %s | %.2f | >= 0.95 |\n", w, k, p, m, m / p }'
  done
done
