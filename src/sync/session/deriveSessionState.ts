import type { AnyDecodedEvent, EventId } from "../../core/events/types.ts";
import { deriveFrom, deriveNext } from "../../core/pool/derivation.ts";
import type { AuditEntry, PoolState } from "../../core/pool/poolState.ts";
import type { PoolView } from "./poolSessionTypes.ts";
import type { SessionInternals } from "./sessionInternals.ts";

/**
 * Derives the pool for these events. When they are the events of `before` plus new ones, with
 * the same verdicts on the old ones, the new ones are folded onto the last derivation
 * (core/pool/derivation.ts), which costs about the new events rather than the whole pool.
 */
export function deriveSessionState(
  s: SessionInternals,
  before: PoolView,
  events: ReadonlyMap<EventId, AnyDecodedEvent>,
  verified: ReadonlySet<EventId>,
  now: number,
  refused: readonly AuditEntry[],
): PoolState {
  const input = { verified, now, refusedEarlier: refused, arrivals: s.arrivals };
  if (s.deps.derive !== undefined) return s.deps.derive({ ...input, genesisId: s.poolId, events: events.values() });
  const added = s.derivation === undefined ? undefined : addedSince(before, events, verified);
  s.derivation =
    s.derivation !== undefined && added !== undefined
      ? deriveNext(s.derivation, { ...input, added })
      : deriveFrom({ ...input, genesisId: s.poolId, events: events.values() });
  return s.derivation.state;
}

/**
 * The events not in `before`, when `events` holds every event of `before` with the same
 * signature verdict (else undefined: something left or changed, and the pool is derived afresh).
 */
function addedSince(
  before: PoolView,
  events: ReadonlyMap<EventId, AnyDecodedEvent>,
  verified: ReadonlySet<EventId>,
): AnyDecodedEvent[] | undefined {
  if (before.state === undefined) return undefined;
  for (const id of before.events.keys()) {
    if (!events.has(id) || before.verified.has(id) !== verified.has(id)) return undefined;
  }
  const added: AnyDecodedEvent[] = [];
  if (events.size === before.events.size) return added;
  for (const [id, e] of events) if (!before.events.has(id)) added.push(e);
  return added;
}
