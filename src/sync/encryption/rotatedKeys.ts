/**
 * Taking rotated pool keys into a session's ring (rules §9). A `pool.key-rotated` that counts
 * holds the new key sealed to each remaining member's delivery key and to each open invite's; a
 * device opens the one sealed to a delivery key it holds (its person's, or an invite link's it
 * is joining with). A phone that missed two rotations opens them in turn: the second rotation is
 * sealed under the first one's key, so it becomes readable once the first is opened.
 */

import { fromBase64url, toBase64url } from "../../core/encoding/base64url.ts";
import type { KeyRotationView, PoolKeysView } from "../../core/encryption/keyRotation.ts";
import type { EventId } from "../../core/events/types.ts";
import { importPoolKey } from "../../crypto/aesGcmEntryCipher.ts";
import { type DeliveryKeyPair, hpkeKeySealer } from "../../crypto/hpkeKeySealer.ts";
import { bytesEqual } from "../schema/docValues.ts";
import type { EntryCrypto } from "./entryCrypto.ts";
import { unpackKeys } from "./movedKeys.ts";

const encoder = new TextEncoder();

/** HPKE `info` for a pool key: binds the sealed key to its pool and epoch. */
export function rotationContext(poolId: EventId, epoch: number): Uint8Array {
  return encoder.encode(`pools-pool-key:${poolId}:${epoch}`);
}

/**
 * The keys a rotation holds for this device, if it was sealed to one of its delivery keys: the new
 * key alone, or (a flood's rotation to a member who came since the last one, rules §9) every
 * epoch's up to the new one, `epoch u32 ‖ key` each.
 */
async function openRotation(
  poolId: EventId,
  rotation: KeyRotationView,
  keys: PoolKeysView,
  mine: readonly DeliveryKeyPair[],
): Promise<{ epoch: number; raw: Uint8Array }[] | undefined> {
  for (const pair of mine) {
    const pub = toBase64url(pair.publicKey);
    for (const [to, sealed] of Object.entries(rotation.keys)) {
      if ((keys.deliveryKeys[to] ?? keys.inviteDeliveryKeys[to]) !== pub) continue;
      const bytes = fromBase64url(sealed);
      if (bytes === undefined) continue;
      const raw = await hpkeKeySealer.open(pair, bytes, rotationContext(poolId, rotation.epoch));
      if (raw !== undefined && raw.length === 32) return [{ epoch: rotation.epoch, raw }];
      const bundle = raw === undefined ? undefined : unpackKeys(raw);
      const own = bundle?.find((k) => k.epoch === rotation.epoch);
      if (bundle !== undefined && own !== undefined) return bundle.filter((k) => k.epoch <= rotation.epoch);
    }
  }
  return undefined;
}

/** What a session remembers between derivations: which rotation each epoch's key was checked against. */
export type CheckedRotations = Map<number, EventId>;

/**
 * Adds to the ring the key of every counted rotation this device can open (or made itself:
 * `made`, by rotation id), and returns those added, with their raw bytes for the store.
 *
 * The counted rotation's key replaces a different one held for its epoch (`heldRaw`): two phones
 * that rotated at once each made a key, and the one whose rotation lost must take the winner's,
 * or it reads nothing written after and sheds it as junk. The older epochs a flood's rotation
 * bundles for a newcomer are one member's word: added only where none is held. Each rotation is
 * opened once per session (`checked`).
 */
export async function takeRotatedKeys(
  poolId: EventId,
  crypto: EntryCrypto,
  keys: PoolKeysView,
  mine: readonly DeliveryKeyPair[],
  made: ReadonlyMap<EventId, Uint8Array>,
  heldRaw: (epoch: number) => Promise<Uint8Array | undefined>,
  checked: CheckedRotations,
): Promise<{ epoch: number; raw: Uint8Array }[]> {
  const added: { epoch: number; raw: Uint8Array }[] = [];
  for (const rotation of keys.rotations) {
    if (checked.get(rotation.epoch) === rotation.id) continue;
    const own = made.get(rotation.id);
    const opened = own ? [{ epoch: rotation.epoch, raw: own }] : await openRotation(poolId, rotation, keys, mine);
    if (opened === undefined) continue; // not sealed to this device: it keeps what it holds
    checked.set(rotation.epoch, rotation.id);
    for (const { epoch, raw } of opened) {
      if (crypto.ring.get(epoch) !== undefined) {
        if (epoch !== rotation.epoch) continue;
        const held = await heldRaw(epoch);
        if (held !== undefined && bytesEqual(held, raw)) continue;
      }
      crypto.ring.add(await importPoolKey(epoch, raw));
      added.push({ epoch, raw });
    }
  }
  return added;
}
