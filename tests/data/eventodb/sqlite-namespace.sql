-- An EventoDB SQLite namespace file, laid out as EventoDB 0.7 lays it out (docs/eventodb.md):
-- times in unix seconds, JSON in TEXT columns (written as BLOBs), AUTOINCREMENT global positions,
-- its own category index expression and no correlation index, schema versions 1 and 2.

CREATE TABLE IF NOT EXISTS messages (
  id TEXT NOT NULL,
  stream_name TEXT NOT NULL,
  type TEXT NOT NULL,
  position INTEGER NOT NULL,
  global_position INTEGER PRIMARY KEY AUTOINCREMENT,
  data TEXT,
  metadata TEXT,
  time INTEGER NOT NULL
);

CREATE UNIQUE INDEX IF NOT EXISTS messages_id ON messages (id);

CREATE UNIQUE INDEX IF NOT EXISTS messages_stream ON messages (stream_name, position);

CREATE INDEX IF NOT EXISTS messages_category ON messages (
  substr(stream_name, 1, CASE WHEN instr(stream_name, '-') > 0 THEN instr(stream_name, '-') - 1
                              ELSE length(stream_name) END),
  global_position);

CREATE TABLE IF NOT EXISTS _schema_version (
  version INTEGER PRIMARY KEY,
  applied_at INTEGER DEFAULT (strftime('%s', 'now'))
);

INSERT OR IGNORE INTO _schema_version (version) VALUES (1);

INSERT OR IGNORE INTO _schema_version (version) VALUES (2);

CREATE TABLE IF NOT EXISTS schema_migrations (
  version TEXT PRIMARY KEY,
  applied_at INTEGER NOT NULL
);

INSERT OR IGNORE INTO schema_migrations (version, applied_at)
VALUES ('001_message_db.sql', strftime('%s', 'now')), ('002_category_get_all.sql', strftime('%s', 'now'));
