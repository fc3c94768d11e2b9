/**
 * What the first screen needs from this phone, opened before anything else: the device's own
 * IndexedDB (who I am, which pools I hold). Plain IndexedDB, no Automerge: the home, first-run
 * and join screens render from it while sync and Automerge's wasm load (see engine.ts).
 */
import type { DeviceDb } from "../sync/storage/deviceDb.ts";
import { openDeviceDb } from "../sync/storage/deviceDb.ts";
import type { DeviceStore } from "../sync/storage/deviceStore.ts";
import { IdbDeviceStore } from "../sync/storage/idbStores.ts";

export interface Device {
  db: DeviceDb;
  store: DeviceStore;
}

export async function openDevice(): Promise<Device> {
  const db = await openDeviceDb();
  return { db, store: new IdbDeviceStore(db) };
}
