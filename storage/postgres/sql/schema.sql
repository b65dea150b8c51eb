-- The tables of an mdbstudio namespace on PostgreSQL, in the schema {{schema}}. Column names, their
-- order, types and defaults, and the row type the read functions return, are Message DB 1.3's, so
-- that its clients read and write the namespace as their own. functions.sql and indexes.sql follow.

CREATE SCHEMA {{schema}};

-- time is the write transaction's start in UTC, kept to the microsecond; global_position comes from
-- the table's own sequence, messages_global_position_seq.
CREATE TABLE {{schema}}.messages (
  global_position bigserial PRIMARY KEY,
  position bigint NOT NULL,
  time timestamp without time zone NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
  stream_name text NOT NULL,
  type text NOT NULL,
  data jsonb,
  metadata jsonb,
  id uuid NOT NULL DEFAULT gen_random_uuid()
);

-- What get_stream_messages, get_category_messages and get_last_stream_message return: JSON and
-- ids as text, the way Message DB's clients expect them.
CREATE TYPE {{schema}}.message AS (
  id varchar,
  stream_name varchar,
  type varchar,
  position bigint,
  global_position bigint,
  data varchar,
  metadata varchar,
  time timestamp
);
