/**
 * `flood.pool-key` (docs/rules.md §5, §9): a member pool's key for one epoch, handed to the
 * flood's devices inside the flood's own sealed entries, as its `flood.pool-joined` hands over the
 * key current at the join. A pool that rotates its key (a member left or was removed) would
 * otherwise go dark to every flood device that is not one of its members' own.
 *
 * Who may write it is judged like the join: an active member of that pool at the entry's date, by
 * the pool's own derived roster, while the pool is in the flood (its join in the entry's causal
 * past, its departure not). The core holds no keys and cannot tell a right key from a wrong one;
 * it pins down *which* entry counts for an epoch, so that every device of the flood lends the
 * same key to the same pool:
 * - the epoch must have started by the entry's date: epoch 0, or a rotation to it that counts in
 *   the pool and is dated no later (`pool-key-epoch-unknown`). A member removed before a rotation
 *   was not a member at any date after it, so cannot hand the flood a key for it;
 * - one per pool and epoch: an entry that has the epoch's counted key (a join's or another
 *   entry's) in its causal past is refused (`pool-key-already-given`); two written without seeing
 *   each other (two phones noticing at once) are both accepted, and the first in event order
 *   counts.
 */
import type { DecodedEvent } from "../events/types.ts";
import type { ReasonCode } from "../reasons.ts";
import { activeInPool, type FloodFold } from "./floodFold.ts";

/** The epoch of a `"<epoch>.<key>"` text (its shape was checked with the event's data). */
export function poolKeyEpoch(text: string): number {
  return Number(text.slice(0, text.indexOf(".")));
}

export function judgePoolKey(fold: FloodFold, e: DecodedEvent<"flood.pool-key">): ReasonCode | (() => void) {
  const { pool, poolKey } = e.body.data;
  const state = fold.pools.get(pool);
  if (!state) return "pool-unknown";
  if (!activeInPool(state, e.body.by, e.body.at)) return "not-a-member";
  const past = fold.pastOf(e.id);
  const link = fold.linksIn(past).find((l) => l.pool === pool);
  if (!link) return "pool-not-in-flood";
  const epoch = poolKeyEpoch(poolKey);
  if (epoch > 0 && !state.keys.rotations.some((r) => r.epoch === epoch && r.at <= e.body.at))
    return "pool-key-epoch-unknown";
  const counted = link.keys.find((k) => k.epoch === epoch);
  if (counted && fold.inPast(past, counted.event)) return "pool-key-already-given";
  // Written without seeing the counted one: the same hand-over from another phone, accepted once.
  if (counted) return () => undefined;
  return () => {
    link.keys.push({ epoch, event: e.id });
  };
}
