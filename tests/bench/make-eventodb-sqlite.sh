#!/usr/bin/env bash
# Lays out an EventoDB SQLite store of N messages for the benchmarks: DIR/metadata.db registering
# the namespace "bench", and DIR/bench.db with EventoDB's table (tests/data/eventodb/), filled as
# EventoDB's server fills it: 2,000 streams in 20 categories (c0 … c19), JSON in BLOBs, unix seconds.
#   make-eventodb-sqlite.sh DIR [N]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$1"
count="${2:-1000000}"
mkdir -p "$dir"
rm -f "$dir/metadata.db" "$dir/bench.db"
sqlite3 "$dir/metadata.db" <"$here/data/eventodb/sqlite-metadata.sql"
sqlite3 "$dir/metadata.db" "INSERT INTO namespaces (id, token_hash, db_path, description, created_at)
  VALUES ('bench', hex(randomblob(16)), '$dir/bench.db', 'benchmark', strftime('%s', 'now'))"
sqlite3 "$dir/bench.db" <<SQL
PRAGMA journal_mode = WAL;
.read $here/data/eventodb/sqlite-namespace.sql
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $count)
INSERT INTO messages (id, stream_name, type, position, data, metadata, time)
SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-a'
             || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
       'c' || ((i % 2000) % 20) || '-' || (i % 2000),
       CASE i % 3 WHEN 0 THEN 'Opened' WHEN 1 THEN 'Deposited' ELSE 'Withdrawn' END,
       i / 2000,
       CAST('{"amount":' || (i % 1000) || ',"n":' || i || '}' AS BLOB),
       CASE WHEN i % 5 = 0 THEN CAST('{"correlationStreamName":"transfer-' || (i % 50) || '"}' AS BLOB) END,
       1764300000 + i / 10
FROM n;
COMMIT;
SQL
