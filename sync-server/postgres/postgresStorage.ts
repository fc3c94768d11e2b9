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
 *
 * Quotas: `usage` is this process's reading of `pools_relay_usage` (bytes per document, kept by a
 * trigger in the database, schema.ts): read whole at open, updated by this process's own writes
 * and removals, by the byte count each other process puts in its announcements, and read whole
 * again every `usageRefreshMs` and whenever the listening connection comes back (removals are not
 * announced, and announcements made while it was down are lost). `saveWithinQuota` checks a
 * document's quota in the very statement that writes, holding the document's usage row, so relays
 * writing the same document take turns (storagePolicy.ts uses it as its last wall).
 */
import { randomBytes } from "node:crypto";
import type { Chunk, StorageAdapterInterface, StorageKey } from "@automerge/automerge-repo";
import postgres from "postgres";
import type { Logger } from "../log";
import { StorageUsage } from "../storageUsage";
import { CHANNEL, DAMAGED_TABLE, SCHEMA_SQL, TABLE, USAGE_SQL, USAGE_TABLE } from "./schema";

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

/** How often the whole usage table is read again by default (it catches removals by other processes). */
const USAGE_REFRESH_MS = 30_000;

export interface PostgresStorageOptions {
  /** How often to read the whole usage table again (default 30 s; 0: never, for tests). */
  usageRefreshMs?: number;
}

export class PostgresStorage implements StorageAdapterInterface {
  readonly #sql: postgres.Sql;
  readonly #log: Logger;
  /** Bytes stored per document, as last read or announced (see the file comment). */
  readonly usage = new StorageUsage();
  /** Per document, its size for the document quota (`document_bytes`, schema.ts), as last read or announced. */
  readonly #documentBytes = new Map<string, number>();
  #refreshTimer: NodeJS.Timeout | undefined;
  /** Tells this process's announcements from the others'. */
  readonly #origin = `${process.pid}-${randomBytes(6).toString("hex")}`;
  readonly #inFlight = new Set<Promise<void>>();
  #closed = false;
  #unlisten: (() => Promise<void>) | undefined;

  private constructor(sql: postgres.Sql, log: Logger) {
    this.#sql = sql;
    this.#log = log;
  }

  /**
   * Connects, creates the tables if missing (under a lock, so relays starting together agree) and
   * reads the usage table.
   */
  static async open(databaseUrl: string, log: Logger, options: PostgresStorageOptions = {}): Promise<PostgresStorage> {
    const sql = postgres(databaseUrl, { max: 10, onnotice: () => {} });
    let storage: PostgresStorage;
    try {
      await sql.begin(async (tx) => {
        await tx`select pg_advisory_xact_lock(hashtext(${TABLE}))`;
        await tx.unsafe(SCHEMA_SQL);
        const [found] = await tx<{ usage: string | null }[]>`select to_regclass(${USAGE_TABLE})::text as usage`;
        // Created (and filled from the chunks) once; the trigger keeps it from then on.
        if (found?.usage == null) await tx.unsafe(USAGE_SQL);
      });
      storage = new PostgresStorage(sql, log);
      await storage.refreshUsage();
    } catch (err) {
      await sql.end({ timeout: 1 });
      throw err;
    }
    const every = options.usageRefreshMs ?? USAGE_REFRESH_MS;
    if (every > 0) {
      storage.#refreshTimer = setInterval(() => {
        storage.refreshUsage().catch((error: unknown) => log.error("postgres.usage-refresh-failed", { error }));
      }, every);
      storage.#refreshTimer.unref();
    }
    return storage;
  }

  /** Reads every document's stored bytes from the usage table. */
  async refreshUsage(): Promise<void> {
    const rows = await this.#sql<{ document_id: string; bytes: string; document_bytes: string }[]>`
      select document_id, bytes, document_bytes from ${this.#sql(USAGE_TABLE)}`;
    this.usage.reset(rows.map((r) => [r.document_id, Number(r.bytes)] as const));
    this.#documentBytes.clear();
    for (const r of rows) this.#documentBytes.set(r.document_id, Number(r.document_bytes));
  }

  /**
   * A document's size for its quota, as every process has written it: its latest snapshot plus the
   * chunks written after it (0 when nothing is stored).
   */
  documentBytes(documentId: string): number {
    return Math.min(this.#documentBytes.get(documentId) ?? 0, this.usage.of(documentId));
  }

  #setCounts(documentId: string, bytes: number, documentBytes: number): void {
    this.usage.set(documentId, bytes);
    if (bytes <= 0) this.#documentBytes.delete(documentId);
    else this.#documentBytes.set(documentId, documentBytes);
  }

  /** Whether anything is stored for the document (by any process). */
  async has(documentId: string): Promise<boolean> {
    const rows = await this.#sql`select 1 from ${this.#sql(TABLE)} where key[1] = ${documentId} limit 1`;
    return rows.length > 0;
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
    return this.saveWithinQuota(key, data).then(() => {});
  }

  /**
   * Writes a chunk unless that takes its document past `maxDocumentBytes` (a snapshot is measured
   * on its own: it replaces the document's other chunks, which automerge-repo removes next; an
   * incremental adds to `documentBytes`, written by any process). The check and the write are one
   * statement that holds the document's usage row, so two relays writing the same document take
   * turns and the second sees the first's bytes. Returns false when refused (nothing written).
   */
  saveWithinQuota(key: StorageKey, data: Uint8Array, maxDocumentBytes?: number): Promise<boolean> {
    let stored = true;
    return this.#track(async () => {
      const sql = this.#sql;
      if (!isDocumentChunk(key)) {
        await sql`
          insert into ${sql(TABLE)} (key, data) values (${key}, ${data})
          on conflict (key) do update set data = excluded.data`;
        return;
      }
      const documentId = key[0] as string;
      const limit = maxDocumentBytes ?? -1;
      const inline = data.length <= INLINE_BYTES ? Buffer.from(data).toString("base64") : null;
      if (!this.usage.has(documentId)) {
        // A first write has no usage row to hold: make one, so that first writes take turns too
        // (automerge-repo may run two saves of a new document at once; so may two relays).
        await sql`
          insert into ${sql(USAGE_TABLE)} (document_id, bytes, document_bytes) values (${documentId}, 0, 0)
          on conflict (document_id) do nothing`;
      }
      const snapshot = key[1] === "snapshot";
      const [result] = await sql<{ bytes: string; document_bytes: string; allowed: boolean; written: boolean }[]>`
        with held as (
          select bytes, document_bytes from ${sql(USAGE_TABLE)} where document_id = ${documentId} for update
        ), before as (
          select coalesce((select bytes from held), 0) as bytes,
                 coalesce((select document_bytes from held), 0) as document_bytes
        ), after as (
          select bytes + ${data.length} as bytes,
                 case when ${snapshot} then ${data.length} else document_bytes + ${data.length} end as document_bytes
          from before
        ), check_ as (
          -- The same bytes already stored under this key (a relay saving a chunk it merged from
          -- another) take no room: never refused.
          select ${limit}::bigint < 0 or (select document_bytes from after) <= ${limit}::bigint
            or exists (select 1 from ${sql(TABLE)} where key = ${key}::text[] and data = ${data}::bytea) as allowed
        ), saved as (
          insert into ${sql(TABLE)} as t (key, data)
          select ${key}::text[], ${data}::bytea where (select allowed from check_)
          on conflict (key) do update set data = excluded.data where t.data is distinct from excluded.data
          returning 1
        )
        select case when w.written then a.bytes else b.bytes end::text as bytes,
               case when w.written then a.document_bytes else b.document_bytes end::text as document_bytes,
               c.allowed, w.written,
               (select pg_notify(${CHANNEL}, json_build_object(
                  'origin', ${this.#origin}::text, 'key', ${key}::text[], 'data', ${inline}::text,
                  'bytes', a.bytes, 'documentBytes', a.document_bytes
                )::text) from saved) as announced
        from before b, after a, check_ c, (select exists (select 1 from saved) as written) w`;
      // The trigger has counted the write the same way; this spares reading it back (a rewrite of
      // a key with different bytes, which automerge-repo does not do, is corrected at the next refresh).
      this.#setCounts(documentId, Number(result?.bytes ?? 0), Number(result?.document_bytes ?? 0));
      stored = result?.allowed ?? false;
    }).then(() => stored);
  }

  remove(key: StorageKey): Promise<void> {
    return this.#track(async () => {
      const sql = this.#sql;
      const rows = await sql<{ bytes: number }[]>`
        delete from ${sql(TABLE)} where key = ${key} returning octet_length(data) as bytes`;
      for (const row of rows) this.usage.add(key[0] ?? "", -row.bytes);
    });
  }

  removeRange(keyPrefix: StorageKey): Promise<void> {
    return this.#track(async () => {
      const sql = this.#sql;
      const rows =
        keyPrefix.length === 0
          ? await sql<{ document_id: string; bytes: number }[]>`
              delete from ${sql(TABLE)} returning key[1] as document_id, octet_length(data) as bytes`
          : await sql<{ document_id: string; bytes: number }[]>`
              delete from ${sql(TABLE)}
              where key[1] = ${keyPrefix[0]!} and key[1:${keyPrefix.length}] = ${keyPrefix}
              returning key[1] as document_id, octet_length(data) as bytes`;
      for (const row of rows) this.usage.add(row.document_id, -row.bytes);
    });
  }

  /**
   * Moves a stored chunk that does not load into `pools_relay_damaged`, out of its document, in one
   * transaction (storageRepair.ts); returns where it went.
   */
  moveAside(key: StorageKey, problem = "damaged"): Promise<string | undefined> {
    let movedTo: string | undefined;
    return this.#track(async () => {
      const sql = this.#sql;
      const rows = await sql<{ bytes: number }[]>`
        with moved as (delete from ${sql(TABLE)} where key = ${key} returning key, data)
        insert into ${sql(DAMAGED_TABLE)} (key, data, problem) select key, data, ${problem} from moved
        returning octet_length(data) as bytes`;
      for (const row of rows) {
        this.usage.add(key[0] ?? "", -row.bytes);
        movedTo = DAMAGED_TABLE;
      }
    }).then(() => movedTo);
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
        let message: { origin?: unknown; key?: unknown; data?: unknown; bytes?: unknown; documentBytes?: unknown };
        try {
          message = JSON.parse(payload);
        } catch {
          this.#log.warn("postgres.bad-announcement", { payload: payload.slice(0, 200) });
          return;
        }
        if (message.origin === this.#origin) return;
        if (!Array.isArray(message.key) || !message.key.every((part) => typeof part === "string")) return;
        const data = typeof message.data === "string" ? bytes(Buffer.from(message.data, "base64")) : undefined;
        const documentId = message.key[0];
        if (documentId !== undefined && typeof message.bytes === "number") {
          const documentBytes = typeof message.documentBytes === "number" ? message.documentBytes : message.bytes;
          this.#setCounts(documentId, message.bytes, documentBytes);
        }
        onStored(data === undefined ? { key: message.key } : { key: message.key, data });
      },
      () => {
        // Counts announced while the connection was down were lost too.
        this.refreshUsage().catch((error: unknown) => this.#log.error("postgres.usage-refresh-failed", { error }));
        onListening();
      },
    );
    this.#unlisten = unlisten;
  }

  /** Waits for writes in progress, stops listening and disconnects; later writes are dropped. */
  async close(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#refreshTimer);
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
