/**
 * The pool keys a session learns beyond its store's (rules §9): keys opened from counted
 * `pool.key-rotated` events, and keys a flood lends. Each new key makes more entries readable,
 * so the document is read again.
 */
import type { PoolState } from "../../core/pool/poolState.ts";
import { importPoolKey } from "../../crypto/aesGcmEntryCipher.ts";
import { takeRotatedKeys as openRotatedKeys } from "../encryption/rotatedKeys.ts";
import { schedule } from "./scheduleRecompute.ts";
import type { SessionInternals } from "./sessionInternals.ts";

/** Opens the keys of rotations that count; a new key makes the entries it seals readable, so read again. */
export async function takeRotatedKeys(s: SessionInternals, state: PoolState): Promise<void> {
  if (s.crypto === undefined) return;
  s.crypto.ring.settle(state.keys.epoch);
  if (state.keys.rotations.length === 0) return;
  const mine = (await s.deps.deliveryKeys?.()) ?? [];
  const heldRaw = async (epoch: number) => s.learned.get(epoch) ?? (await s.deps.poolKeys?.rawKeyOf(s.poolId, epoch));
  const added = await openRotatedKeys(
    s.poolId,
    s.crypto,
    state.keys,
    mine,
    s.madeRotations,
    heldRaw,
    s.checkedRotations,
  );
  if (added.length === 0) return;
  for (const { epoch, raw } of added) s.learned.set(epoch, raw);
  // Saved now, except in a preview (opened with a link's key lent to it): kept once the pool is kept.
  if (s.deps.extraKeys === undefined) await keepKeys(s);
  s.opener?.forgetFailures();
  // The document did not change, but what this device can read did: forget the heads so the
  // scheduled recompute runs.
  s.lastHeads = [];
  schedule(s);
}

/** Saves the raw bytes of every key this session learned that the store does not hold yet. */
export async function keepKeys(s: SessionInternals): Promise<void> {
  const store = s.deps.poolKeys;
  if (store === undefined) return;
  // Opened from counted rotations sealed to this person: proof enough to replace a link's word.
  for (const [epoch, raw] of s.learned) await store.saveKey(s.poolId, epoch, raw, { replace: true });
  s.learned.clear();
}

/** Adds each epoch a flood lends that the session lacks, for this session only, and reads again. */
export async function lendKeys(
  s: SessionInternals,
  keys: readonly { epoch: number; raw: Uint8Array }[],
): Promise<void> {
  if (s.crypto === undefined) return;
  let added = false;
  for (const k of keys) {
    if (s.crypto.ring.get(k.epoch) !== undefined) continue;
    s.crypto.ring.lend(await importPoolKey(k.epoch, k.raw));
    added = true;
  }
  if (!added || s.closed) return;
  s.opener?.forgetFailures();
  s.lastHeads = [];
  schedule(s);
}
