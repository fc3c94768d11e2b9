/**
 * `flood.key-rotated` (docs/rules.md §5, §9): the flood's own key moves on. A flood's key reaches
 * people through their pools (`flood.join` carries it) and through flood links, so without a
 * rotation whoever once held it keeps reading the flood after they, or their pool, left.
 *
 * - Written by an active member of the flood (a member of a pool in the flood at its date), for
 *   epoch current + 1; the first in event order counts and a later one of the same epoch is
 *   superseded (kept, changing nothing), as for a pool's rotation. Its `keys` map each remaining
 *   member of the flood to the new key sealed to their delivery key (the key their own pool
 *   publishes): sealing under a member pool's key would not do, since the flood carries every
 *   pool's keys under the flood's own.
 * - It is due while the newest key reaches someone who is no longer a member of the flood (they
 *   left or were removed from their pool, or their pool left the flood). Epoch 0 reached every
 *   member of every pool in the flood since that pool proposed joining; a rotation reached the
 *   members it is sealed to. Rosters come from the member pools' documents, read at the moment of
 *   deriving, so the rule needs no causal link across documents.
 * - It is due, too, while a later key does not reach a member of the flood who has a delivery key
 *   (they came to their pool after the last rotation, with the keys their pool's `flood.join`
 *   carried): the rotation is sealed under the flood's first key, which they hold, and hands them
 *   every epoch's key (sync/encryption/sealFloodRotation.ts).
 */
import { supersededRotation } from "../encryption/keyRotation.ts";
import type { DecodedEvent, EventId, MemberId } from "../events/types.ts";
import type { PoolState } from "../pool/poolState.ts";
import type { ReasonCode } from "../reasons.ts";
import type { FloodFold } from "./floodFold.ts";

export function judgeFloodKeyRotation(
  fold: FloodFold,
  e: DecodedEvent<"flood.key-rotated">,
): ReasonCode | (() => void) {
  if (!fold.isActiveAt(e.body.by, fold.pastOf(e.id))) return "not-a-member";
  const { epoch, keys } = e.body.data;
  if (supersededRotation(fold, epoch)) return () => fold.keys.superseded.push(e.id);
  if (epoch !== fold.keys.epoch + 1) return "key-rotation-epoch-gap";
  return () => {
    fold.keys.epoch = epoch;
    fold.keys.rotations.push({ id: e.id, epoch, by: e.body.by, at: e.body.at, keys });
  };
}

/** Who held the flood's epoch-0 key through a pool: every member of a pool in the flood since it proposed joining. */
function epochZeroHolders(fold: FloodFold): Set<MemberId> {
  const out = new Set<MemberId>();
  for (const link of fold.links) {
    const state = fold.pools.get(link.pool);
    const since = state?.proposals[link.proposal]?.at ?? link.joinedAt;
    for (const [m, view] of Object.entries(state?.members ?? {}))
      if (view.periods.some((p) => p.to === undefined || p.to > since)) out.add(m);
  }
  return out;
}

/** Each flood member's delivery key, as their own pools publish it (the last pool in the flood's order wins). */
export function floodMemberDeliveryKeys(fold: FloodFold): Record<MemberId, string> {
  const out: Record<MemberId, string> = {};
  for (const link of fold.links) {
    const state: PoolState | undefined = fold.pools.get(link.pool);
    for (const [m, key] of Object.entries(state?.keys.deliveryKeys ?? {})) out[m] = key;
  }
  return out;
}

/**
 * The event a flood rotation is due after, or undefined: the newest rotation (or the genesis, for
 * epoch 0) while its key reaches someone who is not a member of the flood now, or a later key
 * misses a member with a delivery key.
 */
export function floodRotationDue(
  fold: FloodFold,
  active: readonly MemberId[],
  /** Whether some flood event waits for a pool this device cannot read yet (`pool-unknown`). */
  poolsMissing: boolean,
  deliveryKeys: Readonly<Record<MemberId, string>>,
): EventId | undefined {
  // A pool this device cannot read yet is not in its flood: a rotation sealed now would shut that
  // pool's members out. Nothing is due until every pool the flood names is here.
  if (poolsMissing) return undefined;
  const newest = fold.keys.rotations.at(-1);
  const holders = newest === undefined ? epochZeroHolders(fold) : new Set(Object.keys(newest.keys));
  const now = new Set(active);
  if ([...holders].some((m) => !now.has(m))) return newest?.id ?? fold.genesisId;
  if (newest !== undefined && active.some((m) => deliveryKeys[m] !== undefined && !holders.has(m))) return newest.id;
  return undefined;
}
