-- The functions of an mdbstudio namespace on PostgreSQL, in the schema {{schema}}.
--
-- They are written for mdbstudio to answer exactly as Message DB 1.3's functions answer: the same
-- names, signatures, defaults and volatility; the checks made in the same order, with the same
-- error texts and SQLSTATEs; the same per-category write lock; the same hash. docs/storage.md says
-- what each one must do, and the conformance suite holds them to the official install.
--
-- Every name is schema-qualified, so that no search_path is needed. Running this script again
-- replaces the functions in place and keeps the data: `mdbctl namespace upgrade` does that.
-- Statements end at a ';' at the end of a line outside $$ quotes (SqlSupport::splitScript).

-- Stream names ------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION {{schema}}.hash_64(value varchar)
RETURNS bigint
LANGUAGE plpgsql IMMUTABLE
AS $$
BEGIN
  -- The digest's first 16 hex digits are its first 8 bytes, read big-endian as a signed integer.
  -- md5 of NULL is NULL, and so is the hash.
  RETURN ('x' || substr(md5(value), 1, 16))::bit(64)::bigint;
END;
$$;

CREATE OR REPLACE FUNCTION {{schema}}.category(stream_name varchar)
RETURNS varchar
LANGUAGE plpgsql IMMUTABLE
AS $$
BEGIN
  -- Up to the first dash; a name without one is a category already.
  RETURN split_part(stream_name, '-', 1);
END;
$$;

CREATE OR REPLACE FUNCTION {{schema}}.id(stream_name varchar)
RETURNS varchar
LANGUAGE plpgsql IMMUTABLE
AS $$
DECLARE
  dash integer := strpos(stream_name, '-');
BEGIN
  -- Whatever follows the first dash, empty for 'account-'; a name without a dash has no id.
  RETURN CASE WHEN dash > 0 THEN substr(stream_name, dash + 1) END;
END;
$$;

CREATE OR REPLACE FUNCTION {{schema}}.cardinal_id(stream_name varchar)
RETURNS varchar
LANGUAGE plpgsql IMMUTABLE
AS $$
BEGIN
  -- The first part of a compound id: 123 for account-123+abc. No id, no cardinal id.
  RETURN split_part({{schema}}.id(stream_name), '+', 1);
END;
$$;

CREATE OR REPLACE FUNCTION {{schema}}.is_category(stream_name varchar)
RETURNS boolean
LANGUAGE plpgsql IMMUTABLE
AS $$
BEGIN
  -- A name without a dash names a category. Message DB counts NULL as one too.
  RETURN coalesce(strpos(stream_name, '-') = 0, true);
END;
$$;

-- Writing -----------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION {{schema}}.acquire_lock(stream_name varchar)
RETURNS bigint
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
  lock_key bigint := {{schema}}.hash_64({{schema}}.category(stream_name));
BEGIN
  -- Writers of one category take turns until their transactions end, so that no message of the
  -- category can commit below a global position that a category reader has already passed. The
  -- lock function is strict: a NULL stream name takes no lock.
  PERFORM pg_advisory_xact_lock(lock_key);
  RETURN lock_key;
END;
$$;

CREATE OR REPLACE FUNCTION {{schema}}.stream_version(stream_name varchar)
RETURNS bigint
LANGUAGE plpgsql VOLATILE
AS $$
BEGIN
  -- The stream's last position, NULL while it holds no message.
  RETURN (SELECT max(m.position)
            FROM {{schema}}.messages AS m
           WHERE m.stream_name = stream_version.stream_name);
END;
$$;

CREATE OR REPLACE FUNCTION {{schema}}.write_message(
  id varchar,
  stream_name varchar,
  "type" varchar,
  data jsonb,
  metadata jsonb DEFAULT NULL,
  expected_version bigint DEFAULT NULL
)
RETURNS bigint
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
  version_now bigint;
BEGIN
  -- The lock comes before the version is read, so that no other writer of the category can write
  -- between that read and the insert.
  PERFORM {{schema}}.acquire_lock(stream_name);

  -- -1 stands for a stream without messages, as an expected version of -1 does.
  version_now := coalesce({{schema}}.stream_version(stream_name), -1);

  -- A NULL expected version compares as unknown and asks for no check.
  IF version_now <> expected_version THEN
    RAISE EXCEPTION 'Wrong expected version: % (Stream: %, Stream Version: %)',
      expected_version, stream_name, version_now;
  END IF;

  -- The id is cast to uuid only now, after the version check: a bad id with a wrong version
  -- reports the version. NULLs are inserted as they are and meet the NOT NULL constraints.
  INSERT INTO {{schema}}.messages (id, stream_name, position, type, data, metadata)
  VALUES (write_message.id::uuid, write_message.stream_name, version_now + 1,
          write_message.type, write_message.data, write_message.metadata);

  RETURN version_now + 1;
END;
$$;

-- Reading -----------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION {{schema}}.get_stream_messages(
  stream_name varchar,
  "position" bigint DEFAULT 0,
  batch_size bigint DEFAULT 1000,
  condition varchar DEFAULT NULL
)
RETURNS SETOF {{schema}}.message
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
  from_position bigint := coalesce(get_stream_messages.position, 0);
  batch bigint := coalesce(get_stream_messages.batch_size, 1000);
  statement text;
BEGIN
  IF {{schema}}.is_category(stream_name) THEN
    RAISE EXCEPTION 'Must be a stream name: %', stream_name;
  END IF;

  statement := 'SELECT id::varchar, stream_name::varchar, type::varchar, position, global_position,'
    || ' data::varchar, metadata::varchar, messages.time'
    || ' FROM {{schema}}.messages WHERE stream_name = $1 AND position >= $2';

  IF condition IS NOT NULL THEN
    -- A condition is the caller's raw SQL, allowed only where the setting is present and not 'off'.
    IF coalesce(current_setting('message_store.sql_condition', true), 'off') = 'off' THEN
      RAISE EXCEPTION 'Retrieval with SQL condition is not activated';
    END IF;
    statement := statement || ' AND (' || condition || ')';
  END IF;

  -- A batch of -1 is the whole rest of the stream. Any other size is the LIMIT as it is: 0 reads
  -- nothing, and PostgreSQL refuses a negative one.
  statement := statement || ' ORDER BY position';
  IF batch <> -1 THEN
    statement := statement || ' LIMIT $3';
  END IF;

  RETURN QUERY EXECUTE statement USING stream_name, from_position, batch;
END;
$$;

CREATE OR REPLACE FUNCTION {{schema}}.get_category_messages(
  category varchar,
  "position" bigint DEFAULT 1,
  batch_size bigint DEFAULT 1000,
  correlation varchar DEFAULT NULL,
  consumer_group_member bigint DEFAULT NULL,
  consumer_group_size bigint DEFAULT NULL,
  condition varchar DEFAULT NULL
)
RETURNS SETOF {{schema}}.message
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
  from_position bigint := coalesce(get_category_messages.position, 1);
  batch bigint := coalesce(get_category_messages.batch_size, 1000);
  group_member bigint := get_category_messages.consumer_group_member;
  group_size bigint := get_category_messages.consumer_group_size;
  statement text;
BEGIN
  -- The checks, in Message DB's order; the first that fails is the one reported.
  IF NOT {{schema}}.is_category(category) THEN
    RAISE EXCEPTION 'Must be a category: %', category;
  END IF;

  IF correlation IS NOT NULL AND NOT {{schema}}.is_category(correlation) THEN
    RAISE EXCEPTION 'Correlation must be a category (Correlation: %)', correlation;
  END IF;

  IF (group_member IS NULL) <> (group_size IS NULL) THEN
    RAISE EXCEPTION 'Consumer group member and size must be specified (Consumer Group Member: %, Consumer Group Size: %)',
      group_member, group_size;
  ELSIF group_size < 1 THEN
    RAISE EXCEPTION 'Consumer group size must not be less than 1 (Consumer Group Member: %, Consumer Group Size: %)',
      group_member, group_size;
  ELSIF group_member < 0 THEN
    RAISE EXCEPTION 'Consumer group member must not be less than 0 (Consumer Group Member: %, Consumer Group Size: %)',
      group_member, group_size;
  ELSIF group_member >= group_size THEN
    RAISE EXCEPTION 'Consumer group member must be less than the group size (Consumer Group Member: %, Consumer Group Size: %)',
      group_member, group_size;
  END IF;

  IF condition IS NOT NULL
      AND coalesce(current_setting('message_store.sql_condition', true), 'off') = 'off' THEN
    RAISE EXCEPTION 'Retrieval with SQL condition is not activated';
  END IF;

  -- The category index's three columns: category, global position, correlation's category.
  statement := 'SELECT id::varchar, stream_name::varchar, type::varchar, position, global_position,'
    || ' data::varchar, metadata::varchar, messages.time'
    || ' FROM {{schema}}.messages'
    || ' WHERE {{schema}}.category(stream_name) = $1 AND global_position >= $2';

  -- Messages whose correlation stream belongs to the correlation category.
  IF correlation IS NOT NULL THEN
    statement := statement || ' AND {{schema}}.category(metadata->>''correlationStreamName'') = $4';
  END IF;

  -- A member reads the streams whose cardinal id hashes to it; a stream without an id reaches
  -- no member. The group filter comes before the LIMIT, so a member's batch is full.
  IF group_member IS NOT NULL THEN
    statement := statement || ' AND mod(abs({{schema}}.hash_64({{schema}}.cardinal_id(stream_name))), $6) = $5';
  END IF;

  IF condition IS NOT NULL THEN
    statement := statement || ' AND (' || condition || ')';
  END IF;

  statement := statement || ' ORDER BY global_position';
  IF batch <> -1 THEN
    statement := statement || ' LIMIT $3';
  END IF;

  -- The group size travels as a smallint, as Message DB sends it: a size above 32767 is refused
  -- with 'smallint out of range', after every check above has passed.
  RETURN QUERY EXECUTE statement USING
    category, from_position, batch, correlation, group_member, group_size::smallint;
END;
$$;

CREATE OR REPLACE FUNCTION {{schema}}.get_last_stream_message(
  stream_name varchar,
  type varchar DEFAULT NULL
)
RETURNS SETOF {{schema}}.message
LANGUAGE plpgsql VOLATILE
AS $$
BEGIN
  -- The stream's newest message, or its newest of one type; no row when there is none. Any name
  -- is read, a category's too.
  RETURN QUERY
    SELECT m.id::varchar, m.stream_name::varchar, m.type::varchar, m.position, m.global_position,
           m.data::varchar, m.metadata::varchar, m.time
      FROM {{schema}}.messages AS m
     WHERE m.stream_name = get_last_stream_message.stream_name
       AND (get_last_stream_message.type IS NULL OR m.type = get_last_stream_message.type)
     ORDER BY m.position DESC
     LIMIT 1;
END;
$$;

CREATE OR REPLACE FUNCTION {{schema}}.message_store_version()
RETURNS varchar
LANGUAGE plpgsql VOLATILE
AS $$
BEGIN
  -- The Message DB release whose behaviour these functions have.
  RETURN '1.3.0';
END;
$$;
