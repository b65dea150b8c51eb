-- An mdbstudio namespace on SQLite: one database file, Message DB's columns in Message DB's order.
-- time holds UTC microseconds since the Unix epoch (Message DB keeps microseconds too).
-- data and metadata hold the jsonb text rendering, so that reads match PostgreSQL byte for byte.
-- category and correlation_category are computed columns built from SQLite's own functions only,
-- so that any SQLite tool can open, query and index this file.

CREATE TABLE messages (
  global_position INTEGER PRIMARY KEY,
  position INTEGER NOT NULL,
  time INTEGER NOT NULL,
  stream_name TEXT NOT NULL,
  type TEXT NOT NULL,
  data TEXT,
  metadata TEXT,
  id TEXT NOT NULL,
  category TEXT GENERATED ALWAYS AS (
    CASE WHEN instr(stream_name, '-') > 0 THEN substr(stream_name, 1, instr(stream_name, '-') - 1)
         ELSE stream_name END) VIRTUAL,
  correlation_category TEXT GENERATED ALWAYS AS (
    CASE WHEN json_type(metadata, '$.correlationStreamName') IS NULL THEN NULL
         WHEN instr(json_extract(metadata, '$.correlationStreamName'), '-') > 0
           THEN substr(json_extract(metadata, '$.correlationStreamName'), 1,
                       instr(json_extract(metadata, '$.correlationStreamName'), '-') - 1)
         ELSE CAST(json_extract(metadata, '$.correlationStreamName') AS TEXT) END) VIRTUAL
);

CREATE UNIQUE INDEX messages_id ON messages (id);

CREATE UNIQUE INDEX messages_stream ON messages (stream_name, position);

CREATE INDEX messages_category ON messages (category, global_position, correlation_category);

PRAGMA application_id = 1296319059;

PRAGMA user_version = 1;
