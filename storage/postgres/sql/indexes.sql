-- The indexes of an mdbstudio namespace, by Message DB's names: ids are unique, a stream's
-- positions are unique and ordered, and a category reads in global order through an index whose
-- third column serves the correlation filter.

CREATE UNIQUE INDEX messages_id ON {{schema}}.messages (id);

CREATE UNIQUE INDEX messages_stream ON {{schema}}.messages (stream_name, position);

CREATE INDEX messages_category ON {{schema}}.messages (
  {{schema}}.category(stream_name),
  global_position,
  {{schema}}.category(metadata->>'correlationStreamName')
);
