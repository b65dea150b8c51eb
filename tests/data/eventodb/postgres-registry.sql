-- An EventoDB namespace registry on PostgreSQL, laid out as EventoDB 0.7 lays it out (the layout is
-- described in docs/eventodb.md): the schema eventodb_store with its namespaces table, and the
-- migration record, which EventoDB creates unqualified and so lands in public.
-- Statements end at a ';' at the end of a line outside $$ quotes.

CREATE SCHEMA IF NOT EXISTS eventodb_store;

CREATE TABLE IF NOT EXISTS eventodb_store.namespaces (
  id text PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  schema_name text NOT NULL UNIQUE,
  description text,
  created_at bigint NOT NULL,
  metadata jsonb DEFAULT '{}'
);

CREATE INDEX IF NOT EXISTS idx_namespaces_token_hash ON eventodb_store.namespaces (token_hash);

CREATE TABLE IF NOT EXISTS public.schema_migrations (
  version text PRIMARY KEY,
  applied_at bigint
);

INSERT INTO public.schema_migrations (version, applied_at)
VALUES ('001_namespace_registry.sql', extract(epoch from now())::bigint)
ON CONFLICT DO NOTHING;
