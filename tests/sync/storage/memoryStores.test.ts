import { expect, test } from "vitest";
import { MemoryDeviceStore } from "../../../src/sync/storage/deviceStore.ts";
import { MemoryEventArchive } from "../../../src/sync/storage/eventArchive.ts";
import {
  idOfVerificationKey,
  MemoryVerifiedIdCache,
  verificationKey,
} from "../../../src/sync/storage/verificationCache.ts";
import { deviceStoreContract, eventArchiveContract, verifiedIdCacheContract } from "./contracts.ts";
import { deepEqual } from "./storeContracts.ts";

/** A memory store "reloads" as itself: it lives as long as the page. */
const same = <T>(make: () => T) => ({
  open: async () => {
    const store = make();
    return { store, reopen: async () => store };
  },
});

verifiedIdCacheContract(
  "in memory",
  same(() => new MemoryVerifiedIdCache()),
);
eventArchiveContract(
  "in memory",
  same(() => new MemoryEventArchive()),
);
deviceStoreContract(
  "in memory",
  same(() => new MemoryDeviceStore()),
);

test("a verification key names its event id and its signature", () => {
  const id = "A".repeat(43);
  const key = verificationKey(id, new Uint8Array(64).fill(7));
  expect(idOfVerificationKey(key)).toBe(id);
  expect(verificationKey(id, new Uint8Array(64).fill(8))).not.toBe(key);
});

test("the contracts' own equality tells bytes, lists and records apart", () => {
  expect(deepEqual({ a: new Uint8Array([1]) }, { a: new Uint8Array([1]) })).toBe(true);
  expect(deepEqual(new Uint8Array([1]), new Uint8Array([2]))).toBe(false);
  expect(deepEqual([1, 2], [2, 1])).toBe(false);
  expect(deepEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
  expect(deepEqual(undefined, null)).toBe(false);
});
