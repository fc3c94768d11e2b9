/**
 * What this device keeps about its person and pools (docs/rules.md §3): the identity (display name
 * and Ed25519 secret key: it never leaves the device except as a backup the person asks for)
 * and the pools it belongs to, each with its document URL and the genesis id that is its trust
 * anchor. The app reads the secret key only to build a signer.
 */
import type { EventId } from "../../core/events/types.ts";

export interface Identity {
  displayName: string;
  /** The 32-byte Ed25519 seed. */
  secretKey: Uint8Array;
}

export interface PoolRef {
  /** The pool's id: its genesis event's id. Remembered on joining, so a second "genesis" in the document changes nothing. */
  genesisId: EventId;
  /** The automerge URL of the pool's document. */
  docUrl: string;
  /** The pool's name when last seen, for the list of pools before any document is open. */
  name: string;
  /** `flood` for a flood (a federation of pools, docs/rules.md §5); absent for a pool. */
  kind?: "flood";
}

export interface DeviceStore {
  getIdentity(): Promise<Identity | undefined>;
  saveIdentity(identity: Identity): Promise<void>;
  listPools(): Promise<PoolRef[]>;
  getPool(genesisId: EventId): Promise<PoolRef | undefined>;
  /** Adds the pool, or updates it (by genesis id). */
  savePool(pool: PoolRef): Promise<void>;
  removePool(genesisId: EventId): Promise<void>;
}

/** Keeps nothing across reloads: for Node and for tests. Copies in and out, as IndexedDB does. */
export class MemoryDeviceStore implements DeviceStore {
  #identity: Identity | undefined;
  readonly #pools = new Map<EventId, PoolRef>();

  async getIdentity(): Promise<Identity | undefined> {
    return this.#identity && { displayName: this.#identity.displayName, secretKey: this.#identity.secretKey.slice() };
  }

  async saveIdentity(identity: Identity): Promise<void> {
    this.#identity = { displayName: identity.displayName, secretKey: identity.secretKey.slice() };
  }

  async listPools(): Promise<PoolRef[]> {
    return [...this.#pools.values()].map((p) => ({ ...p })).sort(byName);
  }

  async getPool(genesisId: EventId): Promise<PoolRef | undefined> {
    const p = this.#pools.get(genesisId);
    return p && { ...p };
  }

  async savePool(pool: PoolRef): Promise<void> {
    this.#pools.set(pool.genesisId, {
      genesisId: pool.genesisId,
      docUrl: pool.docUrl,
      name: pool.name,
      ...(pool.kind ? { kind: pool.kind } : {}),
    });
  }

  async removePool(genesisId: EventId): Promise<void> {
    this.#pools.delete(genesisId);
  }
}

/** Pools are listed by name, then id, on every implementation. */
export function byName(a: PoolRef, b: PoolRef): number {
  return a.name < b.name
    ? -1
    : a.name > b.name
      ? 1
      : a.genesisId < b.genesisId
        ? -1
        : a.genesisId > b.genesisId
          ? 1
          : 0;
}
