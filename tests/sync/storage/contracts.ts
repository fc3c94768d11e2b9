/**
 * The store contracts (storeContracts.ts) as vitest suites, for implementations that run in
 * Node. The IndexedDB implementations run the same cases in Chromium (idbStores.browser.test.ts).
 */
import { describe, expect, test } from "vitest";
import type { DeviceStore } from "../../../src/sync/storage/deviceStore.ts";
import type { EventArchive } from "../../../src/sync/storage/eventArchive.ts";
import type { VerifiedIdCache } from "../../../src/sync/storage/verificationCache.ts";
import {
  type Check,
  type ContractCase,
  DEVICE_STORE_CASES,
  EVENT_ARCHIVE_CASES,
  type StoreFactory,
  VERIFIED_ID_CACHE_CASES,
} from "./storeContracts.ts";

export type { StoreFactory };

const vitestCheck: Check = {
  equal: (actual, expected, what) => expect(actual, what).toEqual(expected),
};

function suite<T>(title: string, cases: ContractCase<T>[], factory: StoreFactory<T>): void {
  describe(title, () => {
    for (const c of cases) test(c.name, () => c.run(factory, vitestCheck));
  });
}

export const verifiedIdCacheContract = (name: string, factory: StoreFactory<VerifiedIdCache>) =>
  suite(`VerifiedIdCache contract: ${name}`, VERIFIED_ID_CACHE_CASES, factory);
export const eventArchiveContract = (name: string, factory: StoreFactory<EventArchive>) =>
  suite(`EventArchive contract: ${name}`, EVENT_ARCHIVE_CASES, factory);
export const deviceStoreContract = (name: string, factory: StoreFactory<DeviceStore>) =>
  suite(`DeviceStore contract: ${name}`, DEVICE_STORE_CASES, factory);
