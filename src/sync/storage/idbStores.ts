/**
 * IndexedDB implementations of the device's stores. Their contract tests are the same suites
 * the in-memory ones pass (tests/sync/storage); they run in the browser, since Node has no
 * IndexedDB and a mock would test the mock.
 */
import type { EventId } from "../../core/events/types.ts";
import type { DeviceDb } from "./deviceDb.ts";
import { byName, type DeviceStore, type Identity, type PoolRef } from "./deviceStore.ts";
import type { ArchivedEvent, EventArchive } from "./eventArchive.ts";
import { mergeOpened, type OpenedEntry, packOpened, unpackOpened } from "./openedEntries.ts";
import { type CacheNotes, mergeArrivals, type VerifiedIdCache } from "./verificationCache.ts";

const ME = "me";
/** Past this many chunks, loading rewrites a pool's verification keys as one chunk. */
const MAX_CHUNKS = 32;

export class IdbDeviceStore implements DeviceStore {
  constructor(private readonly db: DeviceDb) {}

  getIdentity(): Promise<Identity | undefined> {
    return this.db.get("identity", ME);
  }

  async saveIdentity(identity: Identity): Promise<void> {
    await this.db.put("identity", { displayName: identity.displayName, secretKey: identity.secretKey.slice() }, ME);
  }

  async listPools(): Promise<PoolRef[]> {
    return (await this.db.getAll("pools")).sort(byName);
  }

  getPool(genesisId: EventId): Promise<PoolRef | undefined> {
    return this.db.get("pools", genesisId);
  }

  async savePool(pool: PoolRef): Promise<void> {
    await this.db.put("pools", {
      genesisId: pool.genesisId,
      docUrl: pool.docUrl,
      name: pool.name,
      ...(pool.kind ? { kind: pool.kind } : {}),
    });
  }

  async removePool(genesisId: EventId): Promise<void> {
    await this.db.delete("pools", genesisId);
  }
}

export class IdbVerifiedIdCache implements VerifiedIdCache {
  constructor(private readonly db: DeviceDb) {}

  /** Every chunk of a pool merged; past MAX_CHUNKS they are rewritten as one. */
  async #read(poolId: string): Promise<{ keys: Set<string>; junk: Set<string>; arrivals: Map<string, number> }> {
    const tx = this.db.transaction("verified", "readwrite");
    const index = tx.store.index("pool");
    const chunks = await index.getAll(poolId);
    const keys = new Set<string>();
    const junk = new Set<string>();
    const arrivals = new Map<string, number>();
    for (const c of chunks) {
      for (const k of c.keys) keys.add(k);
      for (const j of c.junk ?? []) junk.add(j);
      mergeArrivals(arrivals, c.arrivals ?? []);
    }
    if (chunks.length > MAX_CHUNKS) {
      const old = await index.getAllKeys(poolId);
      await Promise.all(old.map((k) => tx.store.delete(k)));
      await tx.store.add({ poolId, keys: [...keys], junk: [...junk], arrivals: [...arrivals] });
    }
    await tx.done;
    return { keys, junk, arrivals };
  }

  async load(poolId: string): Promise<ReadonlySet<string>> {
    return (await this.#read(poolId)).keys;
  }

  async has(poolId: string, key: string): Promise<boolean> {
    return (await this.load(poolId)).has(key);
  }

  async addMany(poolId: string, keys: readonly string[]): Promise<void> {
    if (keys.length > 0) await this.db.add("verified", { poolId, keys: [...keys] });
  }

  async loadNotes(poolId: string): Promise<CacheNotes> {
    const { junk, arrivals } = await this.#read(poolId);
    return { junk: [...junk], arrivals };
  }

  async addNotes(poolId: string, notes: Partial<CacheNotes>): Promise<void> {
    const junk = [...(notes.junk ?? [])];
    const arrivals = [...(notes.arrivals ?? [])];
    if (junk.length > 0 || arrivals.length > 0) await this.db.add("verified", { poolId, keys: [], junk, arrivals });
  }

  /** Every chunk merged (a later entry under a key replaces an earlier one); past MAX_CHUNKS rewritten as one. */
  async loadOpened(poolId: string): Promise<OpenedEntry[]> {
    const tx = this.db.transaction("opened", "readwrite");
    const index = tx.store.index("pool");
    const chunks = await index.getAll(poolId);
    const entries = mergeOpened(chunks.map(unpackOpened));
    if (chunks.length > MAX_CHUNKS) {
      const old = await index.getAllKeys(poolId);
      await Promise.all(old.map((k) => tx.store.delete(k)));
      await tx.store.add({ poolId, ...packOpened(entries) });
    }
    await tx.done;
    return entries;
  }

  async addOpened(poolId: string, entries: readonly OpenedEntry[]): Promise<void> {
    if (entries.length > 0) await this.db.add("opened", { poolId, ...packOpened(entries) });
  }
}

export class IdbEventArchive implements EventArchive {
  constructor(private readonly db: DeviceDb) {}

  async getMany(poolId: string, ids: readonly EventId[]): Promise<Map<EventId, ArchivedEvent>> {
    const tx = this.db.transaction("archive", "readonly");
    const found = await Promise.all(ids.map((id) => tx.store.get([poolId, id])));
    await tx.done;
    const out = new Map<EventId, ArchivedEvent>();
    for (const r of found) if (r !== undefined) out.set(r.id, { id: r.id, bytes: r.b, sig: r.s });
    return out;
  }

  async addMany(poolId: string, events: readonly ArchivedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const tx = this.db.transaction("archive", "readwrite");
    await Promise.all([...events.map((e) => tx.store.put({ poolId, id: e.id, b: e.bytes, s: e.sig })), tx.done]);
  }

  async all(poolId: string): Promise<ArchivedEvent[]> {
    const rows = await this.db.getAllFromIndex("archive", "pool", poolId);
    return rows.map((r) => ({ id: r.id, bytes: r.b, sig: r.s }));
  }
}
