/**
 * A member pool's keys reach the flood's devices inside the flood's sealed entries (rules §9):
 * its join's `poolKey`, then a `flood.pool-key` per later epoch. The flood lends those this
 * device can open to the read-only sessions it opened for its pools.
 */
import type { FloodState } from "../../core/floods/deriveFlood.ts";
import { floodDeliveryKeys, floodPoolKeyRings } from "../encryption/floodPoolKeys.ts";
import type { PoolView } from "../poolSession.ts";
import type { FloodInternals } from "./floodInternals.ts";

/** Lends each member pool the keys the flood carries for it that this device can open. */
export async function lendMemberKeys(f: FloodInternals, view: PoolView): Promise<void> {
  const mine = (await f.deps.deliveryKeys?.()) ?? [];
  const rings = await floodPoolKeyRings(
    view.events,
    view.verified,
    view.state as FloodState | undefined,
    f.floodId,
    mine,
    floodDeliveryKeys(f.states.values()),
    f.openedKeys,
  );
  for (const [pool, keys] of rings) {
    await f.opening.get(pool);
    const session = f.members.get(pool);
    // Only to a session this flood opened, never to the device's own session of its own pool.
    if (session === undefined || !f.owned.has(pool) || f.closed) continue;
    await session.lendKeys(keys);
  }
}
