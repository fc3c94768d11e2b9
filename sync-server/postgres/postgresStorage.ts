/**
 * automerge-repo's StorageAdapterInterface on PostgreSQL (through the `postgres` client), so that
 * several relay processes can serve the same documents.
 *
 * Each stored document chunk (`[documentId, "incremental" | "snapshot", hash]`) is written and
 * announced to the other processes in one statement (chunkWrite.ts, announcements.ts). A process
 * ignores its own announcements.
 *
 * Writes and removals in flight are tracked so that `close` can wait for them (pendingWrites.ts).
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
import type { StorageUsage } from "../storageUsage";
import { readAnnouncement, type StoredElsewhere } from "./announcements";
import { writeChunkWithinQuota } from "./chunkWrite";
import { PendingWrites } from "./pendingWrites";
import { plainBytes } from "./plainBytes";
import { CHANNEL, createSchema, DAMAGED_TABLE, TABLE, USAGE_TABLE } from "./schema";
import { UsageCounts } from "./usageCounts";

export type { StoredElsewhere } from "./announcements";

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
  readonly #counts = new UsageCounts();
  /** Bytes stored per document, as last read or announced (see the file comment). */
  readonly usage: StorageUsage = this.#counts.usage;
  #refreshTimer: NodeJS.Timeout | undefined;
  /** Tells this process's announcements from the others'. */
  readonly #origin = `${process.pid}-${randomBytes(6).toString("hex")}`;
  readonly #pending = new PendingWrites();
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
      await createSchema(sql);
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
    this.#counts.reset(rows);
  }

  /**
   * A document's size for its quota, as every process has written it: its latest snapshot plus the
   * chunks written after it (0 when nothing is stored).
   */
  documentBytes(documentId: string): number {
    return this.#counts.documentBytes(documentId);
  }

  /** Whether anything is stored for the document (by any process). */
  async has(documentId: string): Promise<boolean> {
    const rows = await this.#sql`select 1 from ${this.#sql(TABLE)} where key[1] = ${documentId} limit 1`;
    return rows.length > 0;
  }

  async load(key: StorageKey): Promise<Uint8Array | undefined> {
    const rows = await this.#sql<{ data: Buffer }[]>`select data from ${this.#sql(TABLE)} where key = ${key}`;
    return rows[0] === undefined ? undefined : plainBytes(rows[0].data);
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
    return rows.map((row) => ({ key: row.key, data: plainBytes(row.data) }));
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
      const result = await writeChunkWithinQuota(sql, {
        key,
        data,
        maxDocumentBytes,
        origin: this.#origin,
        usageKnown: this.usage.has(documentId),
      });
      // The trigger has counted the write the same way; this spares reading it back (a rewrite of
      // a key with different bytes, which automerge-repo does not do, is corrected at the next refresh).
      this.#counts.set(documentId, result.bytes, result.documentBytes);
      stored = result.allowed;
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
        const announcement = readAnnouncement(payload, this.#origin);
        if (announcement === "bad") {
          this.#log.warn("postgres.bad-announcement", { payload: payload.slice(0, 200) });
          return;
        }
        if (announcement === undefined) return;
        const { counts } = announcement;
        if (counts !== undefined) this.#counts.set(counts.documentId, counts.bytes, counts.documentBytes);
        onStored(announcement.stored);
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
    await this.#pending.drain();
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
    return this.#pending.track(operation);
  }
}

function isDocumentChunk(key: StorageKey): boolean {
  return key.length === 3 && CHUNK_KINDS.has(key[1] ?? "");
}
