-- One EventoDB namespace on PostgreSQL, in the schema {{schema}}, laid out as EventoDB 0.7 lays it
-- out (docs/eventodb.md): its messages table with EventoDB's column order and indexes, its eleven
-- functions with EventoDB's signatures and answers where they differ from Message DB's (no
-- argument checks, -1 for an empty stream, SQLSTATE P0003 for a wrong expected version, a NULL or
-- empty category reading everything), and its schema version, 2. Written for the tests from that
-- description, so that mdbstudio is tried on the layout as EventoDB leaves it.
-- Statements end at a ';' at the end of a line outside $$ quotes.

CREATE SCHEMA IF NOT EXISTS {{schema}};

CREATE TABLE IF NOT EXISTS {{schema}}.messages (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  stream_name varchar NOT NULL,
  type varchar NOT NULL,
  position bigint NOT NULL,
  global_position bigserial NOT NULL PRIMARY KEY,
  data jsonb,
  metadata jsonb,
  time timestamp without time zone NOT NULL DEFAULT (now() AT TIME ZONE 'utc')
);

CREATE UNIQUE INDEX IF NOT EXISTS messages_id ON {{schema}}.messages (id);
CREATE UNIQUE INDEX IF NOT EXISTS messages_stream ON {{schema}}.messages (stream_name, position);
-- The category index is on the bare expression, not on the schema's category() function.
CREATE INDEX IF NOT EXISTS messages_category ON {{schema}}.messages
  (split_part(stream_name, '-', 1), global_position, (metadata->>'correlationStreamName'));

CREATE OR REPLACE FUNCTION {{schema}}.hash_64(value varchar) RETURNS bigint
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN ('x' || substr(md5(value), 1, 16))::bit(64)::bigint;
END;
$$;

CREATE OR REPLACE FUNCTION {{schema}}.category(stream_name varchar) RETURNS varchar
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN split_part(stream_name, '-', 1);
END;
$$;

CREATE OR REPLACE FUNCTION {{schema}}.id(stream_name varchar) RETURNS varchar
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  IF strpos(stream_name, '-') = 0 THEN
    RETURN NULL;
  END IF;
  RETURN substr(stream_name, strpos(stream_name, '-') + 1);
END;
$$;

CREATE OR REPLACE FUNCTION {{schema}}.cardinal_id(stream_name varchar) RETURNS varchar
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN split_part({{schema}}.id(stream_name), '+', 1);
END;
$$;

CREATE OR REPLACE FUNCTION {{schema}}.is_category(stream_name varchar) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN strpos(stream_name, '-') = 0;
END;
$$;

CREATE OR REPLACE FUNCTION {{schema}}.acquire_lock(stream_name varchar) RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  lock_key bigint := {{schema}}.hash_64({{schema}}.category(stream_name));
BEGIN
  PERFORM pg_advisory_xact_lock(lock_key);
  RETURN lock_key;
END;
$$;

CREATE OR REPLACE FUNCTION {{schema}}.stream_version(_stream_name varchar) RETURNS bigint
LANGUAGE sql VOLATILE AS $$
  SELECT coalesce(max(m.position), -1) FROM {{schema}}.messages m WHERE m.stream_name = _stream_name;
$$;

CREATE OR REPLACE FUNCTION {{schema}}.write_message(
  _id varchar, _stream_name varchar, _type varchar, _data jsonb,
  _metadata jsonb DEFAULT NULL, _expected_version bigint DEFAULT NULL
) RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  current_version bigint;
  next_position bigint;
BEGIN
  PERFORM {{schema}}.acquire_lock(_stream_name);
  current_version := {{schema}}.stream_version(_stream_name);
  IF _expected_version IS NOT NULL AND _expected_version <> current_version THEN
    RAISE EXCEPTION 'Wrong expected version: % (Stream: %, Stream Version: %)',
      _expected_version, _stream_name, current_version USING ERRCODE = 'P0003';
  END IF;
  next_position := current_version + 1;
  INSERT INTO {{schema}}.messages (id, stream_name, position, type, data, metadata)
  VALUES (_id::uuid, _stream_name, next_position, _type, _data, _metadata);
  RETURN next_position;
END;
$$;

CREATE OR REPLACE FUNCTION {{schema}}.get_stream_messages(
  _stream_name varchar, _position bigint DEFAULT 0, _batch_size bigint DEFAULT 1000,
  _condition varchar DEFAULT NULL
) RETURNS TABLE (id uuid, stream_name varchar, type varchar, "position" bigint,
                 global_position bigint, data jsonb, metadata jsonb, "time" timestamp)
LANGUAGE sql VOLATILE AS $$
  SELECT m.id, m.stream_name, m.type, m.position, m.global_position, m.data, m.metadata, m.time
    FROM {{schema}}.messages m
   WHERE m.stream_name = _stream_name AND m.position >= coalesce(_position, 0)
   ORDER BY m.position
   LIMIT CASE WHEN _batch_size = -1 THEN NULL ELSE coalesce(_batch_size, 1000) END;
$$;

CREATE OR REPLACE FUNCTION {{schema}}.get_category_messages(
  _category_name varchar, _position bigint DEFAULT 1, _batch_size bigint DEFAULT 1000,
  _correlation varchar DEFAULT NULL, _consumer_group_member bigint DEFAULT NULL,
  _consumer_group_size bigint DEFAULT NULL, _condition varchar DEFAULT NULL
) RETURNS TABLE (id uuid, stream_name varchar, type varchar, "position" bigint,
                 global_position bigint, data jsonb, metadata jsonb, "time" timestamp)
LANGUAGE sql VOLATILE AS $$
  SELECT m.id, m.stream_name, m.type, m.position, m.global_position, m.data, m.metadata, m.time
    FROM {{schema}}.messages m
   WHERE (coalesce(_category_name, '') = '' OR {{schema}}.category(m.stream_name) = _category_name)
     AND m.global_position >= coalesce(_position, 1)
     AND (_correlation IS NULL
          OR {{schema}}.category(m.metadata->>'correlationStreamName') = _correlation)
     AND (_consumer_group_member IS NULL OR _consumer_group_size IS NULL
          OR mod(abs({{schema}}.hash_64({{schema}}.cardinal_id(m.stream_name))), _consumer_group_size)
             = _consumer_group_member)
   ORDER BY m.global_position
   LIMIT CASE WHEN _batch_size = -1 THEN NULL ELSE coalesce(_batch_size, 1000) END;
$$;

CREATE OR REPLACE FUNCTION {{schema}}.get_last_stream_message(
  _stream_name varchar, _type varchar DEFAULT NULL
) RETURNS TABLE (id uuid, stream_name varchar, type varchar, "position" bigint,
                 global_position bigint, data jsonb, metadata jsonb, "time" timestamp)
LANGUAGE sql VOLATILE AS $$
  SELECT m.id, m.stream_name, m.type, m.position, m.global_position, m.data, m.metadata, m.time
    FROM {{schema}}.messages m
   WHERE m.stream_name = _stream_name AND (_type IS NULL OR m.type = _type)
   ORDER BY m.position DESC
   LIMIT 1;
$$;

CREATE TABLE IF NOT EXISTS {{schema}}._schema_version (
  version integer PRIMARY KEY,
  applied_at timestamp DEFAULT now()
);

INSERT INTO {{schema}}._schema_version (version) VALUES (1), (2) ON CONFLICT DO NOTHING;
