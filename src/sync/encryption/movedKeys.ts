/**
 * The keys of a moved pool's sealed document, handed to members in the old document (rules §9).
 *
 * A `pool.moved` in the old (plaintext) document names the sealed document and maps member ids to
 * its pool keys sealed to each member's delivery key with HPKE, the sealer rotations use. The
 * bundle holds every epoch the sealing device had (`epoch u32 ‖ key 32`, repeated), so a member
 * asking after rotations already happened in the new document still reads all of it. The HPKE
 * `info` names the pool and the destination document, so a bundle cannot be replayed for
 * another. The relay sees who has a bundle (member ids it already saw in the old plaintext
 * history), never a key.
 */
import { fromBase64url, toBase64url } from "../../core/encoding/base64url.ts";
import type { PoolKeysView } from "../../core/encryption/keyRotation.ts";
import type { EventId, MemberId } from "../../core/events/types.ts";
import { type DeliveryKeyPair, hpkeKeySealer } from "../../crypto/hpkeKeySealer.ts";

export interface RawPoolKey {
  epoch: number;
  raw: Uint8Array;
}

const KEY_BYTES = 32;
const ITEM_BYTES = 4 + KEY_BYTES;
/** As the core's shape check allows (about 3,200 base64url characters). */
export const MAX_MOVED_EPOCHS = 64;

const encoder = new TextEncoder();

/** HPKE `info` for a moved pool's keys: binds them to the pool and the document they open. */
export function movedKeysContext(poolId: EventId, to: string): Uint8Array {
  return encoder.encode(`pools-moved-keys:${poolId}:${to}`);
}

/** `epoch u32 ‖ key 32`, repeated: a bundle of keys (also a flood rotation's for a newcomer, sealFloodRotation.ts). */
export function packKeys(keys: readonly RawPoolKey[]): Uint8Array {
  const out = new Uint8Array(keys.length * ITEM_BYTES);
  const view = new DataView(out.buffer);
  keys.forEach((k, i) => {
    if (k.raw.length !== KEY_BYTES) throw new Error(`movedKeys: a pool key is ${KEY_BYTES} bytes`);
    view.setUint32(i * ITEM_BYTES, k.epoch);
    out.set(k.raw, i * ITEM_BYTES + 4);
  });
  return out;
}

export function unpackKeys(bytes: Uint8Array): RawPoolKey[] | undefined {
  if (bytes.length === 0 || bytes.length % ITEM_BYTES !== 0) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const keys: RawPoolKey[] = [];
  for (let at = 0; at < bytes.length; at += ITEM_BYTES)
    keys.push({ epoch: view.getUint32(at), raw: bytes.slice(at + 4, at + ITEM_BYTES) });
  return keys;
}

/** `keys` sealed to each recipient (member id → delivery key, base64url), for a `pool.moved`. */
export async function sealMovedKeys(
  poolId: EventId,
  to: string,
  keys: readonly RawPoolKey[],
  recipients: ReadonlyMap<MemberId, string>,
): Promise<Record<MemberId, string>> {
  const bundle = packKeys(keys.slice(-MAX_MOVED_EPOCHS));
  const out: Record<MemberId, string> = {};
  for (const [member, pub] of recipients) {
    const publicKey = fromBase64url(pub);
    if (publicKey === undefined || publicKey.length !== 32) continue;
    out[member] = toBase64url(await hpkeKeySealer.seal(publicKey, bundle, movedKeysContext(poolId, to)));
  }
  return out;
}

/** Room for sealed keys in one `pool.moved`, below the core's 256 KiB cap on a large event. */
const KEYS_BYTES_PER_EVENT = 200_000;

/**
 * Recipients split so that each `pool.moved` carrying `epochs` keys to them stays within the
 * core's size cap (a big pool, or an answer holding many epochs, takes several events).
 */
export function recipientBatches<T>(recipients: ReadonlyMap<MemberId, T>, epochs: number): Map<MemberId, T>[] {
  const sealedChars = Math.ceil(((32 + ITEM_BYTES * Math.min(epochs, MAX_MOVED_EPOCHS) + 16) * 4) / 3);
  const perEvent = Math.max(1, Math.floor(KEYS_BYTES_PER_EVENT / (sealedChars + 43 + 6)));
  const batches: Map<MemberId, T>[] = [];
  for (const [member, value] of recipients) {
    const last = batches[batches.length - 1];
    if (last === undefined || last.size >= perEvent) batches.push(new Map([[member, value]]));
    else last.set(member, value);
  }
  return batches;
}

/**
 * Where the pool went: the first `pool.moved` in event order (rules §9), on every device. A
 * device already in a sealed document passes the members active there: a move by someone that
 * document no longer counts as a member (removed after the move, still a member of the frozen old
 * document) does not take it anywhere.
 */
export function moveDestination(keys: PoolKeysView, activeNow?: readonly MemberId[]): string | undefined {
  return keys.moves.find((m) => activeNow === undefined || activeNow.includes(m.by))?.to;
}

/** Members who already have the keys of `to` in some `pool.moved`. */
export function answeredFor(keys: PoolKeysView, to: string): Set<MemberId> {
  const out = new Set<MemberId>();
  for (const m of keys.moves) if (m.to === to) for (const member of Object.keys(m.keys)) out.add(member);
  return out;
}

/** The keys of `to` sealed to one of this device's delivery keys, if any `pool.moved` holds them. */
export async function openMovedKeys(
  poolId: EventId,
  keys: PoolKeysView,
  to: string,
  mine: readonly DeliveryKeyPair[],
): Promise<RawPoolKey[] | undefined> {
  for (const pair of mine) {
    const pub = toBase64url(pair.publicKey);
    for (const move of keys.moves) {
      if (move.to !== to) continue;
      for (const [member, sealed] of Object.entries(move.keys)) {
        if (keys.deliveryKeys[member] !== pub) continue;
        const bytes = fromBase64url(sealed);
        if (bytes === undefined) continue;
        const opened = await hpkeKeySealer.open(pair, bytes, movedKeysContext(poolId, to));
        const bundle = opened === undefined ? undefined : unpackKeys(opened);
        if (bundle !== undefined) return bundle;
      }
    }
  }
  return undefined;
}
