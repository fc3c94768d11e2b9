/**
 * The payload of a `pool.key-rotated` (rules §9): a fresh pool key sealed to each remaining
 * member's delivery key and to each invite still open, so that a link made before the rotation
 * and used after it still reads the pool. Members who joined before encryption published no
 * delivery key and cannot be reached this way: they need a new invite link.
 */
import { fromBase64url, toBase64url } from "../../core/encoding/base64url.ts";
import type { EventDataByType, EventId } from "../../core/events/types.ts";
import type { PoolState } from "../../core/pool/poolState.ts";
import { newPoolKeyBytes } from "../../crypto/aesGcmEntryCipher.ts";
import { hpkeKeySealer } from "../../crypto/hpkeKeySealer.ts";
import { rotationContext } from "./rotatedKeys.ts";

/** The recipients a rotation made now must seal to: remaining members and open invites with delivery keys. */
export function rotationRecipients(state: PoolState, now: number): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of state.activeMembers) {
    const key = state.keys.deliveryKeys[m];
    if (key !== undefined) out.set(m, key);
  }
  for (const [id, key] of Object.entries(state.keys.inviteDeliveryKeys)) {
    const invite = state.invites[id];
    if (invite === undefined || invite.revoked || now > invite.expiresAt) continue;
    if (invite.admittedJoins.length >= invite.maxUses) continue;
    out.set(id, key);
  }
  return out;
}

/** The rotation's data and the new key's raw bytes, for the departure `state.keys.rotationDue`. */
export async function sealRotation(
  state: PoolState,
  now: number,
): Promise<{ data: EventDataByType["pool.key-rotated"]; raw: Uint8Array } | undefined> {
  const departure: EventId | undefined = state.keys.rotationDue;
  if (departure === undefined) return undefined;
  const epoch = state.keys.epoch + 1;
  const raw = newPoolKeyBytes();
  const keys: Record<string, string> = {};
  for (const [to, pub] of rotationRecipients(state, now)) {
    const publicKey = fromBase64url(pub);
    if (publicKey === undefined || publicKey.length !== 32) continue;
    keys[to] = toBase64url(await hpkeKeySealer.seal(publicKey, raw, rotationContext(state.poolId, epoch)));
  }
  return { data: { epoch, departure, keys }, raw };
}
