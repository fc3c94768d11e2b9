/**
 * After a member leaves or is removed, a remaining member's device starts a new pool key epoch
 * (rules §9): the next one to see the departure writes `pool.key-rotated`. Devices wait a little,
 * longer the later their member sorts, so that one device usually rotates alone; when two do, the
 * first in event order counts and the other is ignored, so waiting is only about a tidy audit.
 */
import type { EventId, FloodState, PoolState } from "../../core/index.ts";
import { type FloodSession, sealFloodRotation, sealRotation } from "../../sync/index.ts";
import { author, type PoolContext } from "../author.ts";

/** Between two members' turns to rotate (ms). */
const TURN_MS = 3_000;

export async function autoRotate(
  ctx: PoolContext,
  now: () => number,
  inFlight: Set<EventId>,
  wait: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<void> {
  const state = ctx.state();
  const me = ctx.me();
  const departure = state?.keys.rotationDue;
  if (!state || !me || departure === undefined || !ctx.session.encrypted) return;
  if (!state.activeMembers.includes(me.id) || inFlight.has(departure)) return;
  inFlight.add(departure);
  try {
    await wait(TURN_MS * state.activeMembers.indexOf(me.id));
    const fresh = ctx.state();
    if (fresh?.keys.rotationDue !== departure) return; // someone else rotated meanwhile
    const beforeWrite = (raw: Uint8Array) => (id: EventId) => ctx.session.madeRotation(id, raw);
    // A flood's key moves on too (rules §5, §9): sealed to the flood's members, by its own event.
    if (isFlood(fresh)) {
      // A member who came to their pool since the last rotation is sealed every epoch's key.
      const held = (await (ctx.session as Partial<FloodSession>).floodKeysForLink?.()) ?? [];
      const sealed = await sealFloodRotation(fresh, held);
      if (sealed === undefined) return;
      const r = await author(ctx, "flood.key-rotated", sealed.data, {
        beforeWrite: beforeWrite(sealed.raw),
        ...(sealed.parents ? { parents: sealed.parents, notBefore: fresh.latestAt + 1 } : {}),
      });
      if (!r.ok) console.warn(`flood key rotation refused: ${r.error}`);
      return;
    }
    const sealed = await sealRotation(fresh, now());
    if (sealed === undefined) return;
    const r = await author(ctx, "pool.key-rotated", sealed.data, { beforeWrite: beforeWrite(sealed.raw) });
    if (!r.ok) console.warn(`key rotation refused: ${r.error}`);
  } finally {
    inFlight.delete(departure);
  }
}

function isFlood(state: PoolState): state is FloodState {
  return "pools" in state;
}
