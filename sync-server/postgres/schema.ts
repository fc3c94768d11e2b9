/**
 * The relay's tables on PostgreSQL.
 *
 * - `pools_relay_chunks`: automerge-repo's storage keys (arrays of strings such as
 *   `[documentId, "incremental", hash]`) mapped to bytes. `seq` keeps the order rows were first
 *   written, the order `loadRange` returns them in (as the stock adapters do). The expression index
 *   serves every query, which all name a document id (the key's first part).
 * - `pools_relay_usage`: per document, for the disk quotas, kept by a trigger in the same
 *   transaction as every write or removal, whichever relay process (or operator) makes it, so it
 *   holds across processes and restarts. `bytes` is the sum of `octet_length(data)` of its chunks
 *   (the total quota and metrics); `document_bytes` is its size as the file store measures it for
 *   the document quota: the latest snapshot plus the chunks written after it (a snapshot replaces
 *   the chunks before it, which automerge-repo removes right after, so removals do not lower it
 *   below that, only cap it at `bytes`). Filled from the chunks once, when a relay first creates it.
 * - `pools_relay_damaged`: rows that failed to load as Automerge chunks, moved out of their
 *   document (never read by the relay again; kept for the operator).
 */
import type postgres from "postgres";

export const TABLE = "pools_relay_chunks";
export const USAGE_TABLE = "pools_relay_usage";
export const DAMAGED_TABLE = "pools_relay_damaged";

/** LISTEN/NOTIFY channel on which each relay announces the document chunks it stored. */
export const CHANNEL = "pools_relay_stored";

/** automerge-repo stores its own id like a document; it is none and counts against no quota. */
export const ADAPTER_ID_KEY = "storage-adapter-id";

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS ${TABLE} (
  key  text[] PRIMARY KEY,
  seq  bigserial NOT NULL,
  data bytea NOT NULL
);
CREATE INDEX IF NOT EXISTS ${TABLE}_first_key ON ${TABLE} ((key[1]), seq);
CREATE TABLE IF NOT EXISTS ${DAMAGED_TABLE} (
  key      text[] NOT NULL,
  data     bytea NOT NULL,
  problem  text NOT NULL,
  moved_at timestamptz NOT NULL DEFAULT now()
);
`;

/**
 * Run only when the usage table does not exist yet (under the same lock as SCHEMA_SQL): on the first
 * start of this version, or after an operator dropped it to have it counted again.
 */
export const USAGE_SQL = `
CREATE TABLE ${USAGE_TABLE} (
  document_id    text PRIMARY KEY,
  bytes          bigint NOT NULL,
  document_bytes bigint NOT NULL
);
CREATE OR REPLACE FUNCTION ${USAGE_TABLE}_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  document text := CASE WHEN TG_OP = 'DELETE' THEN OLD.key[1] ELSE NEW.key[1] END;
  added bigint := CASE WHEN TG_OP = 'DELETE' THEN 0 ELSE octet_length(NEW.data) END;
  removed bigint := CASE WHEN TG_OP = 'INSERT' THEN 0 ELSE octet_length(OLD.data) END;
  snapshot boolean := TG_OP <> 'DELETE' AND NEW.key[2] = 'snapshot';
BEGIN
  IF document IS NULL OR document = '${ADAPTER_ID_KEY}' OR (added = 0 AND removed = 0) THEN RETURN NULL; END IF;
  INSERT INTO ${USAGE_TABLE} AS u (document_id, bytes, document_bytes)
    VALUES (document, added - removed, added - removed)
    ON CONFLICT (document_id) DO UPDATE SET
      bytes = u.bytes + excluded.bytes,
      document_bytes = least(u.bytes + excluded.bytes, CASE
        WHEN snapshot THEN added
        WHEN TG_OP = 'DELETE' THEN u.document_bytes
        ELSE u.document_bytes + added - removed END);
  DELETE FROM ${USAGE_TABLE} WHERE document_id = document AND bytes <= 0;
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS ${USAGE_TABLE}_count ON ${TABLE};
CREATE TRIGGER ${USAGE_TABLE}_count AFTER INSERT OR UPDATE OR DELETE ON ${TABLE}
  FOR EACH ROW EXECUTE FUNCTION ${USAGE_TABLE}_count();
INSERT INTO ${USAGE_TABLE} (document_id, bytes, document_bytes)
  SELECT key[1], sum(octet_length(data)), sum(octet_length(data)) FROM ${TABLE}
  WHERE key[1] <> '${ADAPTER_ID_KEY}' GROUP BY key[1];
`;

/** Creates the tables if missing, under a lock so that relays starting together agree. */
export async function createSchema(sql: postgres.Sql): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext(${TABLE}))`;
    await tx.unsafe(SCHEMA_SQL);
    const [found] = await tx<{ usage: string | null }[]>`select to_regclass(${USAGE_TABLE})::text as usage`;
    // Created (and filled from the chunks) once; the trigger keeps it from then on.
    if (found?.usage == null) await tx.unsafe(USAGE_SQL);
  });
}
