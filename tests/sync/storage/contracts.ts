/**
 * Contract suites every implementation of the device's stores must pass: the in-memory ones
 * here in Node, the IndexedDB ones (src/sync/storage/idbStores.ts) in the browser. Each suite
 * takes a factory that opens a fresh, empty store, and `reopen`, which opens the same storage
 * again as a reload would (for memory stores, the same instance).
 */
import { describe, expect, test } from "vitest";
import type { DeviceStore } from "../../../src/sync/storage/deviceStore.ts";
import type { EventArchive } from "../../../src/sync/storage/eventArchive.ts";
import type { VerifiedIdCache } from "../../../src/sync/storage/verificationCache.ts";
import { idOfVerificationKey, verificationKey } from "../../../src/sync/storage/verificationCache.ts";

export interface StoreFactory<T> {
  open(): Promise<{ store: T; reopen(): Promise<T> }>;
}

const POOL_A = "A".repeat(43);
const POOL_B = "B".repeat(43);
const id = (n: number) => `${String(n).padStart(4, "0")}${"x".repeat(39)}`;
const bytes = (n: number, len = 8) => new Uint8Array(len).fill(n);

export function verifiedIdCacheContract(name: string, factory: StoreFactory<VerifiedIdCache>): void {
  describe(`VerifiedIdCache contract: ${name}`, () => {
    test("a fresh cache knows nothing", async () => {
      const { store } = await factory.open();
      expect([...(await store.load(POOL_A))]).toEqual([]);
      expect(await store.has(POOL_A, "k")).toBe(false);
    });

    test("added keys are known, and stay known after a reload", async () => {
      const { store, reopen } = await factory.open();
      await store.addMany(POOL_A, ["k1", "k2"]);
      await store.addMany(POOL_A, ["k2", "k3"]);
      expect(await store.has(POOL_A, "k3")).toBe(true);
      const again = await reopen();
      expect([...(await again.load(POOL_A))].sort()).toEqual(["k1", "k2", "k3"]);
    });

    test("pools do not share keys", async () => {
      const { store } = await factory.open();
      await store.addMany(POOL_A, ["k1"]);
      expect(await store.has(POOL_B, "k1")).toBe(false);
      expect([...(await store.load(POOL_B))]).toEqual([]);
    });

    test("many small batches load as one set", async () => {
      const { store, reopen } = await factory.open();
      for (let i = 0; i < 50; i++) await store.addMany(POOL_A, [`k${i}`, `k${i + 1}`]);
      expect((await store.load(POOL_A)).size).toBe(51);
      expect((await (await reopen()).load(POOL_A)).size).toBe(51);
    });

    test("an empty batch is fine", async () => {
      const { store } = await factory.open();
      await store.addMany(POOL_A, []);
      expect((await store.load(POOL_A)).size).toBe(0);
    });
  });

  test("a verification key names its event id and signature", () => {
    const key = verificationKey(id(1), bytes(7, 64));
    expect(idOfVerificationKey(key)).toBe(id(1));
    expect(verificationKey(id(1), bytes(8, 64))).not.toBe(key);
  });
}

export function eventArchiveContract(name: string, factory: StoreFactory<EventArchive>): void {
  describe(`EventArchive contract: ${name}`, () => {
    test("archived events come back byte for byte, after a reload too", async () => {
      const { store, reopen } = await factory.open();
      await store.addMany(POOL_A, [
        { id: id(1), bytes: bytes(1, 300), sig: bytes(2, 64) },
        { id: id(2), bytes: bytes(3, 10), sig: bytes(4, 64) },
      ]);
      const again = await reopen();
      const got = await again.getMany(POOL_A, [id(1), id(2), id(3)]);
      expect([...got.keys()].sort()).toEqual([id(1), id(2)]);
      expect(got.get(id(1))).toEqual({ id: id(1), bytes: bytes(1, 300), sig: bytes(2, 64) });
      expect((await again.all(POOL_A)).map((e) => e.id).sort()).toEqual([id(1), id(2)]);
    });

    test("pools are kept apart", async () => {
      const { store } = await factory.open();
      await store.addMany(POOL_A, [{ id: id(1), bytes: bytes(1), sig: bytes(2, 64) }]);
      expect((await store.getMany(POOL_B, [id(1)])).size).toBe(0);
      expect(await store.all(POOL_B)).toEqual([]);
    });

    test("later changes to the caller's arrays do not change the archive", async () => {
      const { store } = await factory.open();
      const e = { id: id(1), bytes: bytes(1), sig: bytes(2, 64) };
      await store.addMany(POOL_A, [e]);
      e.bytes[0] = 99;
      expect((await store.getMany(POOL_A, [id(1)])).get(id(1))?.bytes[0]).toBe(1);
    });
  });
}

export function deviceStoreContract(name: string, factory: StoreFactory<DeviceStore>): void {
  describe(`DeviceStore contract: ${name}`, () => {
    test("a new device has no identity and no pools", async () => {
      const { store } = await factory.open();
      expect(await store.getIdentity()).toBeUndefined();
      expect(await store.listPools()).toEqual([]);
    });

    test("the identity survives a reload", async () => {
      const { store, reopen } = await factory.open();
      await store.saveIdentity({ displayName: "Alice", secretKey: bytes(5, 32) });
      expect(await (await reopen()).getIdentity()).toEqual({ displayName: "Alice", secretKey: bytes(5, 32) });
    });

    test("pools are listed by name and updated by genesis id", async () => {
      const { store, reopen } = await factory.open();
      await store.savePool({ genesisId: POOL_B, docUrl: "automerge:b", name: "Reading Circle" });
      await store.savePool({ genesisId: POOL_A, docUrl: "automerge:a", name: "Hiking Club" });
      await store.savePool({ genesisId: POOL_B, docUrl: "automerge:b", name: "Book Club" });
      const again = await reopen();
      expect((await again.listPools()).map((p) => p.name)).toEqual(["Book Club", "Hiking Club"]);
      expect(await again.getPool(POOL_A)).toEqual({ genesisId: POOL_A, docUrl: "automerge:a", name: "Hiking Club" });
      await again.removePool(POOL_A);
      expect((await again.listPools()).map((p) => p.genesisId)).toEqual([POOL_B]);
    });
  });
}
