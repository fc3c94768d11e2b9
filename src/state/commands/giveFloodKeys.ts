/**
 * A pool's rotated key reaches its floods (rules §5, §9): when a pool this phone's person is an
 * active member of has started a key epoch that one of its floods does not carry yet, this phone
 * writes `flood.pool-key` into the flood — the rotating phone first, any other member's phone that
 * notices later. Two phones doing it at once is harmless: the flood counts the first in event
 * order and accepts the other as the same hand-over.
 */
import type { EventId, FloodState, PoolState } from "../../core/index.ts";
import { type FloodSession, floodDeliveryKeys, floodKeysToGive, type PoolKeyStore } from "../../sync/index.ts";
import { author, type PoolContext } from "../author.ts";

export async function giveFloodKeys(
  flood: PoolContext,
  pool: PoolState,
  store: PoolKeyStore | undefined,
  inFlight: Set<string>,
): Promise<void> {
  const state = flood.state() as FloodState | undefined;
  const me = flood.me();
  if (!state || !me || !pool.activeMembers.includes(me.id)) return;
  // A flood made before encryption stores its entries in the clear: a key written there would be readable by the relay.
  if (!flood.session.encrypted) return;
  // Sealed to each member of the flood, by the delivery key their own pool publishes.
  const members = [...((flood.session as Partial<FloodSession>).memberSessions?.().values() ?? [])];
  const deliveryKeys = floodDeliveryKeys(members.flatMap((s) => s.view().state ?? []));
  for (const data of await floodKeysToGive(state, pool, store, deliveryKeys)) {
    const job = `${state.poolId} ${data.pool} ${data.epoch}`;
    if (inFlight.has(job)) continue;
    inFlight.add(job);
    try {
      const r = await author(flood, "flood.pool-key", data);
      // Refused (the flood has not read the pool's rotation yet, say): tried again on the next change.
      if (!r.ok) console.warn(`flood.pool-key refused: ${r.error}`);
    } finally {
      inFlight.delete(job);
    }
  }
}

/** The pools this phone should hand keys over for in a flood: those it holds as its own, still in the flood. */
export function ownPoolsIn(flood: FloodState, isOwn: (pool: EventId) => boolean): EventId[] {
  return flood.pools.filter((p) => p.leftAt === undefined && isOwn(p.pool)).map((p) => p.pool);
}
