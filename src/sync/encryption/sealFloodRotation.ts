/**
 * The payload of a `flood.key-rotated` (rules §5, §9): a fresh flood key sealed to the delivery key
 * of each remaining member of the flood (as their own pools publish it), with the same HPKE and
 * `info` as a pool's rotation (`pools-pool-key:<flood>:<epoch>`), so a flood session takes it
 * exactly as a pool session takes a pool's (rotatedKeys.ts). Not sealed under a member pool's key:
 * the flood carries every member pool's keys under its own, so whoever the rotation shuts out could
 * read it there.
 */
import { fromBase64url, toBase64url } from "../../core/encoding/base64url.ts";
import type { EventDataByType } from "../../core/events/types.ts";
import type { FloodState } from "../../core/floods/deriveFlood.ts";
import { newPoolKeyBytes } from "../../crypto/aesGcmEntryCipher.ts";
import { hpkeKeySealer } from "../../crypto/hpkeKeySealer.ts";
import { rotationContext } from "./rotatedKeys.ts";

/** The rotation's data and the new key's raw bytes, when the flood says one is due (`keys.rotationDue`). */
export async function sealFloodRotation(
  state: FloodState,
): Promise<{ data: EventDataByType["flood.key-rotated"]; raw: Uint8Array } | undefined> {
  if (state.keys.rotationDue === undefined) return undefined;
  const epoch = state.keys.epoch + 1;
  const raw = newPoolKeyBytes();
  const keys: Record<string, string> = {};
  for (const m of state.activeMembers) {
    const publicKey = fromBase64url(state.keys.deliveryKeys[m] ?? "");
    if (publicKey === undefined || publicKey.length !== 32) continue;
    keys[m] = toBase64url(await hpkeKeySealer.seal(publicKey, raw, rotationContext(state.poolId, epoch)));
  }
  return { data: { epoch, keys }, raw };
}
