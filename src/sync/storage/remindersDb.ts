/**
 * Which pools this device asked the relay to wake it for (rules §11 reminders), and what the last
 * wake-up already told the person, in a small IndexedDB database of its own: the page writes it
 * when the person turns reminders on or off, and the service worker reads it on every push (a
 * push carries no payload, so the worker learns from here which pools to sync). Kept apart from
 * the device database so that neither needs the other's upgrade path.
 */
import { type DBSchema, type IDBPDatabase, openDB } from "idb";

export const REMINDERS_DB_NAME = "pools-reminders";

export interface ReminderPool {
  genesisId: string;
  docUrl: string;
  name: string;
  /** The keys of what needed the person at the last wake-up: only something new notifies. */
  notified: string[];
  /** When a wake-up last read the pool (ms): absent until the first push. */
  checkedAt?: number;
}

interface RemindersSchema extends DBSchema {
  pools: { key: string; value: ReminderPool };
}

export interface RemindersStore {
  list(): Promise<ReminderPool[]>;
  get(genesisId: string): Promise<ReminderPool | undefined>;
  put(pool: ReminderPool): Promise<void>;
  remove(genesisId: string): Promise<void>;
  close(): void;
}

export async function openRemindersStore(name: string = REMINDERS_DB_NAME): Promise<RemindersStore> {
  const db: IDBPDatabase<RemindersSchema> = await openDB<RemindersSchema>(name, 1, {
    upgrade(d) {
      d.createObjectStore("pools", { keyPath: "genesisId" });
    },
  });
  return {
    list: () => db.getAll("pools"),
    get: (genesisId) => db.get("pools", genesisId),
    put: async (pool) => {
      await db.put("pools", pool);
    },
    remove: (genesisId) => db.delete("pools", genesisId),
    close: () => db.close(),
  };
}
