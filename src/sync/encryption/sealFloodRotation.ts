/**
 * The payload of a `flood.key-rotated` (rules §5, §9): a fresh flood key sealed to the delivery key
 * of each remaining member of the flood (as their own pools publish it; `keyMembers`: with a pool
 * that left and is still being paid back), with the same HPKE and
 * `info` as a pool's rotation (`pools-pool-key:<flood>:<epoch>`), so a flood session takes it
 * exactly as a pool session takes a pool's (rotatedKeys.ts). Not sealed under a member pool's key:
 * the flood carries every member pool's keys under its own, so whoever the rotation shuts out could
 * read it there.
 */
import { fromBase64url, toBase64url } from "../../core/encoding/base64url.ts";
import type { EventDataByType, EventId } from "../../core/events/types.ts";
import type { FloodState } from "../../core/floods/deriveFlood.ts";
import { newPoolKeyBytes } from "../../crypto/aesGcmEntryCipher.ts";
import { hpkeKeySealer } from "../../crypto/hpkeKeySealer.ts";
import type { RawPoolKey } from "./floodPoolKeys.ts";
import { packKeys } from "./movedKeys.ts";
import { rotationContext } from "./rotatedKeys.ts";

/** At most this many epochs go to a newcomer (the sealed value stays under 3,200 characters). */
const MAX_EPOCHS = 64;

/**
 * The rotation's data and the new key's raw bytes, when the flood says one is due (`keys.rotationDue`).
 * `held`: the flood's keys this device holds. A member the last rotation did not reach (they came
 * to their pool since, holding only the keys their pool's `flood.join` carried) is sealed every
 * epoch's key, `epoch u32 ‖ key` each, so they read the flood's whole history; anyone else the new key.
 */
export async function sealFloodRotation(
  state: FloodState,
  held: readonly RawPoolKey[] = [],
): Promise<{ data: EventDataByType["flood.key-rotated"]; raw: Uint8Array; parents?: EventId[] } | undefined> {
  if (state.keys.rotationDue === undefined) return undefined;
  const epoch = state.keys.epoch + 1;
  const raw = newPoolKeyBytes();
  const last = state.keys.rotations.at(-1);
  const history = packKeys([...held.filter((k) => k.epoch < epoch).slice(1 - MAX_EPOCHS), { epoch, raw }]);
  const keys: Record<string, string> = {};
  for (const m of state.keyMembers) {
    const publicKey = fromBase64url(state.keys.deliveryKeys[m] ?? "");
    if (publicKey === undefined || publicKey.length !== 32) continue;
    const newcomer = last !== undefined && last.keys[m] === undefined;
    const payload = newcomer && held.length > 0 ? history : raw;
    keys[m] = toBase64url(await hpkeKeySealer.seal(publicKey, payload, rotationContext(state.poolId, epoch)));
  }
  // Its only parent is the last rotation (sealed, like it, under the first key), so a newcomer
  // holding that key alone reads its whole causal past; the newest entries would wait for keys
  // it does not have yet.
  return { data: { epoch, keys }, raw, ...(last ? { parents: [last.id] } : {}) };
}
