/**
 * The contracts every implementation of the device's stores must keep, written without a test
 * framework so that the same cases run under vitest in Node (in-memory stores, contracts.ts)
 * and inside Chromium (IndexedDB stores, idbStores.browser.test.ts).
 *
 * Each case gets a factory that opens a fresh, empty store, and `reopen`, which opens the same
 * storage again as a reload would.
 */
import type { DeviceStore } from "../../../src/sync/storage/deviceStore.ts";
import type { EventArchive } from "../../../src/sync/storage/eventArchive.ts";
import type { VerifiedIdCache } from "../../../src/sync/storage/verificationCache.ts";

export interface StoreFactory<T> {
  open(): Promise<{ store: T; reopen(): Promise<T> }>;
}

export interface Check {
  equal(actual: unknown, expected: unknown, what: string): void;
}

export interface ContractCase<T> {
  name: string;
  run(factory: StoreFactory<T>, check: Check): Promise<void>;
}

const POOL_A = "A".repeat(43);
const POOL_B = "B".repeat(43);
const id = (n: number) => `${String(n).padStart(4, "0")}${"x".repeat(39)}`;
const bytes = (n: number, len = 8) => new Uint8Array(len).fill(n);
const sorted = (xs: Iterable<string>) => [...xs].sort();

export const VERIFIED_ID_CACHE_CASES: ContractCase<VerifiedIdCache>[] = [
  {
    name: "a fresh cache knows nothing",
    async run(factory, check) {
      const { store } = await factory.open();
      check.equal([...(await store.load(POOL_A))], [], "keys of a fresh cache");
      check.equal(await store.has(POOL_A, "k"), false, "has() on a fresh cache");
    },
  },
  {
    name: "added keys are known, and stay known after a reload",
    async run(factory, check) {
      const { store, reopen } = await factory.open();
      await store.addMany(POOL_A, ["k1", "k2"]);
      await store.addMany(POOL_A, ["k2", "k3"]);
      check.equal(await store.has(POOL_A, "k3"), true, "has() after addMany");
      const again = await reopen();
      check.equal(sorted(await again.load(POOL_A)), ["k1", "k2", "k3"], "keys after a reload");
    },
  },
  {
    name: "pools do not share keys",
    async run(factory, check) {
      const { store } = await factory.open();
      await store.addMany(POOL_A, ["k1"]);
      check.equal(await store.has(POOL_B, "k1"), false, "another pool's key");
      check.equal([...(await store.load(POOL_B))], [], "another pool's keys");
    },
  },
  {
    name: "many small batches load as one set",
    async run(factory, check) {
      const { store, reopen } = await factory.open();
      for (let i = 0; i < 50; i++) await store.addMany(POOL_A, [`k${i}`, `k${i + 1}`]);
      check.equal((await store.load(POOL_A)).size, 51, "keys after 50 batches");
      check.equal((await (await reopen()).load(POOL_A)).size, 51, "keys after a reload");
    },
  },
  {
    name: "an empty batch is fine",
    async run(factory, check) {
      const { store } = await factory.open();
      await store.addMany(POOL_A, []);
      check.equal((await store.load(POOL_A)).size, 0, "keys after an empty batch");
    },
  },
  {
    name: "rules §3.7 and §2.6: junk marks and first-seen times stay after a reload, the first time wins",
    async run(factory, check) {
      const { store, reopen } = await factory.open();
      check.equal(await store.loadNotes(POOL_A), { junk: [], arrivals: new Map() }, "notes of a fresh cache");
      await store.addNotes(POOL_A, { junk: ["k1#h1"], arrivals: new Map([[id(1), 100]]) });
      await store.addNotes(POOL_A, {
        junk: ["k2#h2#author"],
        arrivals: new Map([
          [id(1), 200],
          [id(2), 300],
        ]),
      });
      await store.addMany(POOL_A, ["v1"]);
      const again = await reopen();
      const notes = await again.loadNotes(POOL_A);
      check.equal(sorted(notes.junk), ["k1#h1", "k2#h2#author"], "junk marks");
      check.equal(
        notes.arrivals,
        new Map([
          [id(1), 100],
          [id(2), 300],
        ]),
        "first-seen times",
      );
      check.equal(sorted(await again.load(POOL_A)), ["v1"], "verified keys beside the notes");
      check.equal(await again.loadNotes(POOL_B), { junk: [], arrivals: new Map() }, "another pool's notes");
    },
  },
  {
    name: "notes survive the cache folding its chunks together",
    async run(factory, check) {
      const { store, reopen } = await factory.open();
      for (let i = 0; i < 40; i++) {
        await store.addMany(POOL_A, [`k${i}`]);
        await store.addNotes(POOL_A, { junk: [`j${i}#h`], arrivals: new Map([[id(i), i]]) });
      }
      await store.load(POOL_A);
      const notes = await (await reopen()).loadNotes(POOL_A);
      check.equal(notes.junk.length, 40, "junk marks after folding");
      check.equal(notes.arrivals.size, 40, "first-seen times after folding");
    },
  },
  {
    name: "rules §9: opened entries come back byte for byte after a reload, the latest per key",
    async run(factory, check) {
      const { store, reopen } = await factory.open();
      check.equal(await store.loadOpened(POOL_A), [], "opened entries of a fresh cache");
      const first = { key: "k1", value: bytes(1, 40), plain: bytes(2, 100) };
      await store.addOpened(POOL_A, [first, { key: "k2", value: bytes(3, 40), plain: bytes(4, 90) }]);
      // The same key sealed again: the new value replaces the old one.
      await store.addOpened(POOL_A, [{ key: "k1", value: bytes(5, 41), plain: bytes(2, 100) }]);
      await store.addOpened(POOL_A, []);
      first.value.fill(9); // a caller's later change to its arrays changes nothing kept
      const again = await reopen();
      const byKey = (xs: { key: string }[]) => [...xs].sort((a, b) => (a.key < b.key ? -1 : 1));
      check.equal(
        byKey(await again.loadOpened(POOL_A)),
        [
          { key: "k1", value: bytes(5, 41), plain: bytes(2, 100) },
          { key: "k2", value: bytes(3, 40), plain: bytes(4, 90) },
        ],
        "opened entries after a reload",
      );
      check.equal(await again.loadOpened(POOL_B), [], "another pool's opened entries");
    },
  },
  {
    name: "rules §9: opened entries survive the cache folding its chunks together",
    async run(factory, check) {
      const { store, reopen } = await factory.open();
      for (let i = 0; i < 40; i++)
        await store.addOpened(POOL_A, [{ key: `k${i}`, value: bytes(i), plain: bytes(i, 70) }]);
      check.equal((await store.loadOpened(POOL_A)).length, 40, "opened entries before folding");
      const again = await reopen();
      const entries = await again.loadOpened(POOL_A);
      check.equal(entries.length, 40, "opened entries after folding");
      check.equal(
        entries.find((e) => e.key === "k7"),
        { key: "k7", value: bytes(7), plain: bytes(7, 70) },
        "one entry after folding",
      );
    },
  },
];

export const EVENT_ARCHIVE_CASES: ContractCase<EventArchive>[] = [
  {
    name: "archived events come back byte for byte, after a reload too",
    async run(factory, check) {
      const { store, reopen } = await factory.open();
      await store.addMany(POOL_A, [
        { id: id(1), bytes: bytes(1, 300), sig: bytes(2, 64) },
        { id: id(2), bytes: bytes(3, 10), sig: bytes(4, 64) },
      ]);
      const again = await reopen();
      const got = await again.getMany(POOL_A, [id(1), id(2), id(3)]);
      check.equal(sorted(got.keys()), [id(1), id(2)], "ids found");
      check.equal(got.get(id(1)), { id: id(1), bytes: bytes(1, 300), sig: bytes(2, 64) }, "the first event");
      check.equal(sorted((await again.all(POOL_A)).map((e) => e.id)), [id(1), id(2)], "all()");
    },
  },
  {
    name: "pools are kept apart",
    async run(factory, check) {
      const { store } = await factory.open();
      await store.addMany(POOL_A, [{ id: id(1), bytes: bytes(1), sig: bytes(2, 64) }]);
      check.equal((await store.getMany(POOL_B, [id(1)])).size, 0, "another pool's event");
      check.equal(await store.all(POOL_B), [], "another pool's events");
    },
  },
  {
    name: "later changes to the caller's arrays do not change the archive",
    async run(factory, check) {
      const { store } = await factory.open();
      const e = { id: id(1), bytes: bytes(1), sig: bytes(2, 64) };
      await store.addMany(POOL_A, [e]);
      e.bytes[0] = 99;
      check.equal((await store.getMany(POOL_A, [id(1)])).get(id(1))?.bytes[0], 1, "the stored first byte");
    },
  },
];

export const DEVICE_STORE_CASES: ContractCase<DeviceStore>[] = [
  {
    name: "a new device has no identity and no pools",
    async run(factory, check) {
      const { store } = await factory.open();
      check.equal(await store.getIdentity(), undefined, "identity");
      check.equal(await store.listPools(), [], "pools");
    },
  },
  {
    name: "the identity survives a reload",
    async run(factory, check) {
      const { store, reopen } = await factory.open();
      await store.saveIdentity({ displayName: "Alice", secretKey: bytes(5, 32) });
      check.equal(await (await reopen()).getIdentity(), { displayName: "Alice", secretKey: bytes(5, 32) }, "identity");
    },
  },
  {
    name: "pools are listed by name and updated by genesis id",
    async run(factory, check) {
      const { store, reopen } = await factory.open();
      await store.savePool({ genesisId: POOL_B, docUrl: "automerge:b", name: "Reading Circle" });
      await store.savePool({ genesisId: POOL_A, docUrl: "automerge:a", name: "Hiking Club" });
      await store.savePool({ genesisId: POOL_B, docUrl: "automerge:b", name: "Book Club" });
      const again = await reopen();
      check.equal(
        (await again.listPools()).map((p) => p.name),
        ["Book Club", "Hiking Club"],
        "names",
      );
      check.equal(
        await again.getPool(POOL_A),
        { genesisId: POOL_A, docUrl: "automerge:a", name: "Hiking Club" },
        "pool A",
      );
      await again.removePool(POOL_A);
      check.equal(
        (await again.listPools()).map((p) => p.genesisId),
        [POOL_B],
        "pools after removing A",
      );
    },
  },
];

/** Deep equality for what stores return: plain data, arrays, Maps, Sets and byte arrays. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    return a instanceof Uint8Array && b instanceof Uint8Array && a.length === b.length && a.every((x, i) => x === b[i]);
  }
  if (a instanceof Map || b instanceof Map) {
    return a instanceof Map && b instanceof Map && deepEqual([...a].sort(), [...b].sort());
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return (
    ka.length === kb.length &&
    ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}
