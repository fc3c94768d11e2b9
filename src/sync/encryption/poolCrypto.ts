/** A pool's keys on this device, gathered for a session (rules §9). */
import type { EntryCipher, PoolKey } from "../../core/encryption/cipherPorts.ts";
import type { EventId } from "../../core/events/types.ts";
import { aesGcmEntryCipher } from "../../crypto/aesGcmEntryCipher.ts";
import { type EntryCrypto, PoolKeyRing } from "./entryCrypto.ts";
import type { PoolKeyStore } from "./poolKeyStore.ts";

export interface CryptoDeps {
  poolKeys?: PoolKeyStore;
  cipher?: EntryCipher;
  extraKeys?: readonly PoolKey[];
}

/**
 * The store's keys for the pool plus any extra ones; undefined when there are none (a plaintext
 * pool). For an epoch the store holds, its key wins: an extra key (a link's) is a member's word.
 */
export async function cryptoOf(poolId: EventId, deps: CryptoDeps): Promise<EntryCrypto | undefined> {
  const held = (await deps.poolKeys?.keysOf(poolId)) ?? [];
  const epochs = new Set(held.map((k) => k.epoch));
  const keys = [...held, ...(deps.extraKeys ?? []).filter((k) => !epochs.has(k.epoch))];
  if (keys.length === 0) return undefined;
  return { poolId, cipher: deps.cipher ?? aesGcmEntryCipher, ring: new PoolKeyRing(keys) };
}
