/**
 * The device's own IndexedDB database (apart from automerge-repo's document storage): identity,
 * pool list, verification cache and event archive. One database, so one upgrade path.
 */
import { type DBSchema, type IDBPDatabase, openDB } from "idb";
import type { Identity, PoolRef } from "./deviceStore.ts";

export const DEVICE_DB_NAME = "pools-device";
const DEVICE_DB_VERSION = 1;

export interface DeviceDbSchema extends DBSchema {
  identity: { key: string; value: Identity };
  pools: { key: string; value: PoolRef };
  /**
   * Verification keys in chunks (one per addMany), so loading 10,000 keys reads a few records.
   * Chunks may also carry junk marks and first-seen times (verificationCache.ts `CacheNotes`):
   * optional fields, so records written before them still load and no upgrade is needed.
   */
  verified: {
    key: number;
    value: { poolId: string; keys: string[]; junk?: string[]; arrivals?: [string, number][] };
    indexes: { pool: string };
  };
  archive: {
    key: [string, string];
    value: { poolId: string; id: string; b: Uint8Array; s: Uint8Array };
    indexes: { pool: string };
  };
}

export type DeviceDb = IDBPDatabase<DeviceDbSchema>;

export function openDeviceDb(name: string = DEVICE_DB_NAME): Promise<DeviceDb> {
  return openDB<DeviceDbSchema>(name, DEVICE_DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore("identity");
        db.createObjectStore("pools", { keyPath: "genesisId" });
        db.createObjectStore("verified", { autoIncrement: true }).createIndex("pool", "poolId");
        db.createObjectStore("archive", { keyPath: ["poolId", "id"] }).createIndex("pool", "poolId");
      }
    },
  });
}
