/** Pool keys in the device's IndexedDB (storage/deviceDb.ts): CryptoKeys are stored as they are, still non-extractable. */
import type { EventId } from "../../core/events/types.ts";
import type { DeviceDb } from "../storage/deviceDb.ts";
import type { PoolKeyRecord, PoolKeyRecords } from "./poolKeyStore.ts";

const WRAPPING = "pool-key-wrapping";

export class IdbPoolKeyRecords implements PoolKeyRecords {
  constructor(private readonly db: DeviceDb) {}

  wrappingKey(): Promise<CryptoKey | undefined> {
    return this.db.get("deviceKeys", WRAPPING);
  }

  /** `add`, not `put`: when two tabs make a wrapping key at once, the first one stays (the vault reads it back). */
  async saveWrappingKey(key: CryptoKey): Promise<void> {
    try {
      await this.db.add("deviceKeys", key, WRAPPING);
    } catch (err) {
      if ((err as Error).name !== "ConstraintError") throw err;
    }
  }

  list(poolId: EventId): Promise<PoolKeyRecord[]> {
    return this.db.getAllFromIndex("poolKeys", "pool", poolId);
  }

  async put(record: PoolKeyRecord): Promise<void> {
    await this.db.put("poolKeys", record);
  }
}
