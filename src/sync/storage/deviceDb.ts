/**
 * The device's own IndexedDB database (apart from automerge-repo's document storage): identity,
 * pool list, verification cache and event archive. One database, so one upgrade path.
 */
import { type DBSchema, type IDBPDatabase, openDB } from "idb";
import type { PoolKeyRecord } from "../encryption/poolKeyStore.ts";
import type { Identity, PoolRef } from "./deviceStore.ts";
import type { OpenedChunk } from "./openedEntries.ts";

export const DEVICE_DB_NAME = "pools-device";
/**
 * 2: pool keys (rules §9) and the device key that wraps their raw bytes.
 * 3: entries opened from encrypted pools (openedEntries.ts), so a reopen does not decrypt them again.
 */
const DEVICE_DB_VERSION = 3;

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
  /** Pool keys by [pool, epoch]: non-extractable CryptoKeys (structured clone keeps them so) and wrapped bytes. */
  poolKeys: { key: [string, number]; value: PoolKeyRecord; indexes: { pool: string } };
  /** The device's non-extractable key that wraps pool keys' raw bytes. */
  deviceKeys: { key: string; value: CryptoKey };
  /** Opened entries of encrypted pools, in chunks (one per addOpened; openedEntries.ts `packOpened`). */
  opened: { key: number; value: { poolId: string } & OpenedChunk; indexes: { pool: string } };
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
      if (oldVersion < 2) {
        db.createObjectStore("poolKeys", { keyPath: ["poolId", "epoch"] }).createIndex("pool", "poolId");
        db.createObjectStore("deviceKeys");
      }
      if (oldVersion < 3) db.createObjectStore("opened", { autoIncrement: true }).createIndex("pool", "poolId");
    },
  });
}
