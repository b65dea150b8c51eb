#!/usr/bin/env bash
# Write throughput of `mdbctl stress` against pgbench calling the same write_message, at 1 and 8
# writers, in one category and in distinct categories, alternating the two in one run on one
# server, ROUNDS times per case (the machine's speed drifts within seconds, so each round's ratio
# compares neighbours; the median ratio is the figure). Prints a Markdown table.
# Usage: bench-writes.sh POSTGRES_URL_BASE [SECONDS] [ROUNDS]
# (POSTGRES_URL_BASE like postgresql://postgres@127.0.0.1:5432; the official install is in
# the database message_store).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${MDBSTUDIO_BUILD_DIR:-$root/build}"
base="$1"
seconds="${2:-10}"
rounds="${3:-3}"
hostport="${base#postgresql://}"; user="${hostport%@*}"; hostport="${hostport#*@}"
host="${hostport%:*}"; port="${hostport#*:}"

pgbench_tps() { # clients, script
  PGOPTIONS='-c search_path=message_store,public' pgbench -h "$host" -p "$port" -U "$user" -n -M prepared \
    -f "$root/tests/bench/baselines/$2" -c "$1" -j 2 -T "$seconds" message_store 2>/dev/null \
    | awk '/^tps/ {printf "%.0f", $3}'
}
# One stream per writer, as each pgbench client writes one stream; the writers' connections on two
# threads, as pgbench's -j 2.
stress_wps() { # writers, mode
  "$build/app/mdbctl" --store "$base/message_store" --json stress --writers "$1" --mode "$2" \
    --duration "$seconds" --payload-bytes 48 --streams 1 --threads 2 --no-verify | sed -E 's/.*"writes_per_second":([0-9.]+).*/\1/' | awk '{printf "%.0f", $1}'
}

median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "| writers | categories | pgbench (writes/s) | mdbctl stress (writes/s) | ratio | ratio per round | target |"
echo "|---|---|---|---|---|---|---|"
for writers in 1 8; do
  for kind in one distinct; do
    if [ "$kind" = one ]; then script=pgbench-write-one-category.sql; mode=same-category
    else script=pgbench-write-distinct-categories.sql; mode=distinct; fi
    [ "$writers" = 1 ] && [ "$kind" = distinct ] && continue # one writer: the same either way
    ps=""; ms=""; ratios=""
    for ((round = 0; round < rounds; ++round)); do
      # Each goes first every other round: whoever follows meets the other's checkpoint and
      # vacuum work.
      if ((round % 2 == 0)); then
        p=$(pgbench_tps "$writers" "$script"); m=$(stress_wps "$writers" "$mode")
      else
        m=$(stress_wps "$writers" "$mode"); p=$(pgbench_tps "$writers" "$script")
      fi
      ps="$ps $p"; ms="$ms $m"
      ratios="$ratios $(awk -v p="$p" -v m="$m" 'BEGIN { printf "%.2f", m / p }')"
    done
    awk -v w="$writers" -v k="$kind" -v p="$(echo $ps | median)" -v m="$(echo $ms | median)" \
      -v r="$(echo $ratios | median)" -v all="$(echo $ratios | sed 's/ / · /g')" \
      'BEGIN { printf "| %s | %s | %.0f | %.0f | %.2f | %s | >= 0.95 |\n", w, k, p, m, r, all }'
  done
done
