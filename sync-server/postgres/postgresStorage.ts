/**
 * automerge-repo's StorageAdapterInterface on PostgreSQL (through the `postgres` client), so that
 * several relay processes can serve the same documents.
 *
 * Each stored document chunk (`[documentId, "incremental" | "snapshot", hash]`) is announced in
 * the same statement that writes it (`pg_notify`, delivered at commit), so the other processes
 * learn about it only once it can be read. A process ignores its own announcements, and a chunk
 * already stored with the same bytes is not announced again: a relay that merged another's change
 * saves it too (automerge-repo saves every change to an open document), usually as the very same
 * chunk, and that echo would otherwise bounce between the relays.
 *
 * Writes and removals in flight are tracked so that `close` can wait for them (shutdown writes
 * everything before the process exits, as the file store does).
 */
import { randomBytes } from "node:crypto";
import type { Chunk, StorageAdapterInterface, StorageKey } from "@automerge/automerge-repo";
import postgres from "postgres";
import type { Logger } from "../log";
import { CHANNEL, SCHEMA_SQL, TABLE } from "./schema";

/** A chunk another process stored; small chunks come with their bytes (no read needed). */
export interface StoredElsewhere {
  key: StorageKey;
  data?: Uint8Array;
}

/**
 * Chunks up to this size travel inside the announcement (base64, under PostgreSQL's 8,000-byte
 * payload limit), which spares the other relays a read: a typical change is a few hundred bytes.
 */
const INLINE_BYTES = 4096;

const CHUNK_KINDS = new Set(["incremental", "snapshot"]);

export class PostgresStorage implements StorageAdapterInterface {
  readonly #sql: postgres.Sql;
  readonly #log: Logger;
  /** Tells this process's announcements from the others'. */
  readonly #origin = `${process.pid}-${randomBytes(6).toString("hex")}`;
  readonly #inFlight = new Set<Promise<void>>();
  #closed = false;
  #unlisten: (() => Promise<void>) | undefined;

  private constructor(sql: postgres.Sql, log: Logger) {
    this.#sql = sql;
    this.#log = log;
  }

  /** Connects and creates the table if missing (under a lock, so relays starting together agree). */
  static async open(databaseUrl: string, log: Logger): Promise<PostgresStorage> {
    const sql = postgres(databaseUrl, { max: 10, onnotice: () => {} });
    try {
      await sql.begin(async (tx) => {
        await tx`select pg_advisory_xact_lock(hashtext(${TABLE}))`;
        await tx.unsafe(SCHEMA_SQL);
      });
    } catch (err) {
      await sql.end({ timeout: 1 });
      throw err;
    }
    return new PostgresStorage(sql, log);
  }

  async load(key: StorageKey): Promise<Uint8Array | undefined> {
    const rows = await this.#sql<{ data: Buffer }[]>`select data from ${this.#sql(TABLE)} where key = ${key}`;
    return rows[0] === undefined ? undefined : bytes(rows[0].data);
  }

  async loadRange(keyPrefix: StorageKey): Promise<Chunk[]> {
    const sql = this.#sql;
    const rows =
      keyPrefix.length === 0
        ? await sql<{ key: string[]; data: Buffer }[]>`select key, data from ${sql(TABLE)} order by seq`
        : await sql<{ key: string[]; data: Buffer }[]>`
            select key, data from ${sql(TABLE)}
            where key[1] = ${keyPrefix[0]!} and key[1:${keyPrefix.length}] = ${keyPrefix}
            order by seq`;
    return rows.map((row) => ({ key: row.key, data: bytes(row.data) }));
  }

  save(key: StorageKey, data: Uint8Array): Promise<void> {
    return this.#track(async () => {
      const sql = this.#sql;
      if (!isDocumentChunk(key)) {
        await sql`
          insert into ${sql(TABLE)} (key, data) values (${key}, ${data})
          on conflict (key) do update set data = excluded.data`;
        return;
      }
      const inline = data.length <= INLINE_BYTES ? Buffer.from(data).toString("base64") : undefined;
      const announcement = JSON.stringify({ origin: this.#origin, key, data: inline });
      await sql`
        with saved as (
          insert into ${sql(TABLE)} as t (key, data) values (${key}, ${data})
          on conflict (key) do update set data = excluded.data where t.data is distinct from excluded.data
          returning 1
        )
        select pg_notify(${CHANNEL}, ${announcement}) from saved`;
    });
  }

  remove(key: StorageKey): Promise<void> {
    return this.#track(async () => {
      await this.#sql`delete from ${this.#sql(TABLE)} where key = ${key}`;
    });
  }

  removeRange(keyPrefix: StorageKey): Promise<void> {
    return this.#track(async () => {
      const sql = this.#sql;
      if (keyPrefix.length === 0) await sql`delete from ${sql(TABLE)}`;
      else {
        await sql`delete from ${sql(TABLE)}
          where key[1] = ${keyPrefix[0]!} and key[1:${keyPrefix.length}] = ${keyPrefix}`;
      }
    });
  }

  /**
   * Calls `onStored` for every document chunk another process stores from now on, and `onListening`
   * each time the subscription starts, including after a lost connection came back (announcements
   * made while it was down are lost, so the caller should reload what it holds).
   */
  async listen(onStored: (stored: StoredElsewhere) => void, onListening: () => void): Promise<void> {
    const { unlisten } = await this.#sql.listen(
      CHANNEL,
      (payload) => {
        let message: { origin?: unknown; key?: unknown; data?: unknown };
        try {
          message = JSON.parse(payload);
        } catch {
          this.#log.warn("postgres.bad-announcement", { payload: payload.slice(0, 200) });
          return;
        }
        if (message.origin === this.#origin) return;
        if (!Array.isArray(message.key) || !message.key.every((part) => typeof part === "string")) return;
        const data = typeof message.data === "string" ? bytes(Buffer.from(message.data, "base64")) : undefined;
        onStored(data === undefined ? { key: message.key } : { key: message.key, data });
      },
      onListening,
    );
    this.#unlisten = unlisten;
  }

  /** Waits for writes in progress, stops listening and disconnects; later writes are dropped. */
  async close(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
    if (this.#closed) return;
    this.#closed = true;
    await this.#unlisten?.().catch(() => {});
    await this.#sql.end({ timeout: 5 });
  }

  #track(operation: () => Promise<void>): Promise<void> {
    if (this.#closed) {
      this.#log.debug("storage.write-after-close");
      return Promise.resolve();
    }
    const running = operation();
    this.#inFlight.add(running);
    const done = () => this.#inFlight.delete(running);
    running.then(done, done);
    return running;
  }
}

function isDocumentChunk(key: StorageKey): boolean {
  return key.length === 3 && CHUNK_KINDS.has(key[1] ?? "");
}

/** The driver returns bytea as a Buffer; automerge-repo (and its tests) expect plain Uint8Arrays. */
function bytes(data: Buffer): Uint8Array {
  return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
}
