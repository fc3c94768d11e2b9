/**
 * `flood.pool-key` (docs/rules.md §5, §9): one epoch's key of a member pool, handed to the flood's
 * members. A pool that rotates its key (a member left or was removed) would otherwise go dark to
 * every flood device that is not one of its members' own. The key is sealed to each recipient's
 * delivery key, not only under the flood's key: the person the rotation shut out may still hold
 * the flood's key (it travelled in their pool's `flood.join`), and must not read the new key.
 *
 * Who may write it is judged like the join: an active member of that pool at the entry's date, by
 * the pool's own derived roster, while the pool is in the flood (its join in the entry's causal
 * past, its departure not), and only for an epoch the pool had started by the entry's date (epoch
 * 0, or a rotation to it that counts in the pool and is dated no later:
 * `pool-key-epoch-unknown`), so a member removed before a rotation cannot hand out a key for it.
 * The core holds no keys and cannot tell a right key from a wrong one. Several hand-overs of one
 * epoch are all accepted (two phones at once, or a later one for members who joined the flood
 * since): each reaches its own recipients, and a device uses the first, in event order, it can open.
 */
import type { DecodedEvent } from "../events/types.ts";
import type { ReasonCode } from "../reasons.ts";
import { activeInPool, type FloodFold } from "./floodFold.ts";

/** The epoch of a `"<epoch>.<key>"` text (a join's `poolKey`; its shape was checked with the event's data). */
export function poolKeyEpoch(text: string): number {
  return Number(text.slice(0, text.indexOf(".")));
}

export function judgePoolKey(fold: FloodFold, e: DecodedEvent<"flood.pool-key">): ReasonCode | (() => void) {
  const { pool, epoch, keys } = e.body.data;
  const state = fold.pools.get(pool);
  if (!state) return "pool-unknown";
  if (!activeInPool(state, e.body.by, e.body.at)) return "not-a-member";
  const link = fold.linksIn(fold.pastOf(e.id)).find((l) => l.pool === pool);
  if (!link) return "pool-not-in-flood";
  if (epoch > 0 && !state.keys.rotations.some((r) => r.epoch === epoch && r.at <= e.body.at))
    return "pool-key-epoch-unknown";
  return () => {
    link.keys.push({ epoch, event: e.id, to: Object.keys(keys).sort() });
  };
}
