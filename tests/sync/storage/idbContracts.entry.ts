/**
 * Bundled for Chromium by idbStores.browser.test.ts: runs every store contract case against
 * the IndexedDB implementations, each case in a database of its own, and reports the results.
 */
import { openDeviceDb } from "../../../src/sync/storage/deviceDb.ts";
import { IdbDeviceStore, IdbEventArchive, IdbVerifiedIdCache } from "../../../src/sync/storage/idbStores.ts";
import {
  type Check,
  type ContractCase,
  DEVICE_STORE_CASES,
  deepEqual,
  EVENT_ARCHIVE_CASES,
  type StoreFactory,
  VERIFIED_ID_CACHE_CASES,
} from "./storeContracts.ts";

export interface CaseResult {
  suite: string;
  name: string;
  error?: string;
}

const show = (v: unknown) =>
  JSON.stringify(v, (_k, x) =>
    x instanceof Uint8Array ? `bytes[${[...x].join(",")}]` : x instanceof Set ? [...x] : x,
  );

const check: Check = {
  equal(actual, expected, what) {
    if (!deepEqual(actual, expected)) throw new Error(`${what}: expected ${show(expected)}, got ${show(actual)}`);
  },
};

let dbCount = 0;

/** A fresh database per case; `reopen` closes the connection and opens it again, as a reload does. */
function factory<T>(make: (db: Awaited<ReturnType<typeof openDeviceDb>>) => T): StoreFactory<T> {
  return {
    async open() {
      const name = `pools-contract-${Date.now()}-${dbCount++}`;
      let db = await openDeviceDb(name);
      return {
        store: make(db),
        async reopen() {
          db.close();
          db = await openDeviceDb(name);
          return make(db);
        },
      };
    },
  };
}

async function runSuite<T>(suite: string, cases: ContractCase<T>[], f: StoreFactory<T>): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  for (const c of cases) {
    try {
      await c.run(f, check);
      out.push({ suite, name: c.name });
    } catch (err) {
      out.push({ suite, name: c.name, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return out;
}

export async function runIdbContracts(): Promise<CaseResult[]> {
  return [
    ...(await runSuite(
      "VerifiedIdCache",
      VERIFIED_ID_CACHE_CASES,
      factory((db) => new IdbVerifiedIdCache(db)),
    )),
    ...(await runSuite(
      "EventArchive",
      EVENT_ARCHIVE_CASES,
      factory((db) => new IdbEventArchive(db)),
    )),
    ...(await runSuite(
      "DeviceStore",
      DEVICE_STORE_CASES,
      factory((db) => new IdbDeviceStore(db)),
    )),
  ];
}
