/**
 * A member who joined before encryption has no delivery key in the pool, so no rotated pool key
 * can be sealed to them (rules §9). Their device, finding that in a pool it can read, publishes
 * the person's delivery key (derived from the identity seed, as joins derive it) with
 * `member.key-published`. Each device of the person publishes the same key, so two doing it at
 * once is harmless: the latest in event order counts and they are equal.
 */
import type { EventId } from "../../core/index.ts";
import { author, type PoolContext } from "../author.ts";
import { deliveryKeyOf } from "../deliveryKey.ts";

export async function autoPublishKey(ctx: PoolContext, inFlight: Set<EventId>): Promise<void> {
  const state = ctx.state();
  const me = ctx.me();
  if (!state || !me || !state.activeMembers.includes(me.id)) return;
  // A flood is adopted like a pool but has no delivery keys: its keys travel in its member pools (rules §9).
  if (ctx.session.view().events.get(ctx.session.poolId)?.body.type !== "pool.created") return;
  if (inFlight.has(state.poolId)) return;
  inFlight.add(state.poolId);
  try {
    const mine = await deliveryKeyOf(me.secretKey);
    const fresh = ctx.state();
    if (fresh === undefined || fresh.keys.deliveryKeys[me.id] === mine) return;
    // A moved pool's old document: the move watcher asks there (followMove.ts), once.
    if (ctx.session.writeBlocked() !== undefined) return;
    const r = await author(ctx, "member.key-published", { deliveryKey: mine });
    if (!r.ok) console.warn(`publishing this member's delivery key was refused: ${r.error}`);
  } finally {
    inFlight.delete(state.poolId);
  }
}
