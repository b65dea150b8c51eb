-- An EventoDB SQLite metadata DB, laid out as EventoDB 0.7 lays it out (the layout is described
-- in docs/eventodb.md): the namespace registry and the migration record.

CREATE TABLE IF NOT EXISTS namespaces (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  db_path TEXT NOT NULL UNIQUE,
  description TEXT,
  created_at INTEGER NOT NULL,
  metadata TEXT DEFAULT '{}'
);

CREATE INDEX IF NOT EXISTS idx_namespaces_token_hash ON namespaces (token_hash);

CREATE TABLE IF NOT EXISTS schema_migrations (
  version TEXT PRIMARY KEY,
  applied_at INTEGER NOT NULL
);

INSERT OR IGNORE INTO schema_migrations (version, applied_at)
VALUES ('001_namespace_registry.sql', strftime('%s', 'now'));
