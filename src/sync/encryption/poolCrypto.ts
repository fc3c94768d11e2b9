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

/** The store's keys for the pool plus any extra ones; undefined when there are none (a plaintext pool). */
export async function cryptoOf(poolId: EventId, deps: CryptoDeps): Promise<EntryCrypto | undefined> {
  const keys = [...((await deps.poolKeys?.keysOf(poolId)) ?? []), ...(deps.extraKeys ?? [])];
  if (keys.length === 0) return undefined;
  return { poolId, cipher: deps.cipher ?? aesGcmEntryCipher, ring: new PoolKeyRing(keys) };
}
