/**
 * The relay's one table on PostgreSQL: automerge-repo's storage keys (arrays of strings such as
 * `[documentId, "incremental", hash]`) mapped to bytes. `seq` keeps the order rows were first
 * written, the order `loadRange` returns them in (as the stock adapters do). The expression index
 * serves every query, which all name a document id (the key's first part).
 */
export const TABLE = "pools_relay_chunks";

/** LISTEN/NOTIFY channel on which each relay announces the document chunks it stored. */
export const CHANNEL = "pools_relay_stored";

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS ${TABLE} (
  key  text[] PRIMARY KEY,
  seq  bigserial NOT NULL,
  data bytea NOT NULL
);
CREATE INDEX IF NOT EXISTS ${TABLE}_first_key ON ${TABLE} ((key[1]), seq);
`;
