import { FUTURE_SLACK_MS } from "../events/limits.ts";
import type { AnyDecodedEvent, EventId, MemberId } from "../events/types.ts";
import { type EventOrder, orderEvents } from "../graph/orderEvents.ts";
import { buildState } from "./buildState.ts";
import { Fold, type KnownDeparture } from "./fold.ts";
import { EventJudge } from "./judgeEvent.ts";
import type { AuditEntry, PoolState } from "./poolState.ts";

export interface DeriveInput {
  /** The pool's id: its genesis event's id, remembered by the device (the trust anchor). */
  genesisId: EventId;
  /** Every decoded event the device holds, in any order. */
  events: Iterable<AnyDecodedEvent>;
  /** Ids whose signature (and, for joins, invite proof) verified. Anything else is refused. */
  verified: ReadonlySet<EventId>;
  /** The device's clock, for what is open or closed. Rules never read a clock themselves. */
  now: number;
  /** Entries refused before decoding or by verification, to list in the audit view. */
  refusedEarlier?: readonly AuditEntry[];
  /**
   * When this device first held each event (its own record, not part of any event). Used only to
   * flag stale proposals, which an app shows but never confirms.
   */
  arrivals?: ReadonlyMap<EventId, number>;
}

/** Departures can only multiply a few times before the set of events stops changing. */
const MAX_PASSES = 6;

/**
 * Derives the whole state of a pool from a set of events. Same events, same state, on every
 * device, whatever order they arrived in. The fold runs again when a departure turns up that
 * earlier events by the same member did not descend from ("leaving ends authorship").
 */
export function derivePool(input: DeriveInput): PoolState {
  // The order also keeps the events by id (one copy per id, the last given), for the fold.
  // An event dated too far ahead waits, with what descends from it, so it cannot drag every
  // later event, close and seal after it (docs/rules.md §3 "Time from the future waits").
  const order = orderEvents(input.events, input.now + FUTURE_SLACK_MS);
  const events = order.held;
  if (!events.has(input.genesisId)) throw new Error("derivePool: the genesis event is not among the events");

  let known = new Map<MemberId, KnownDeparture[]>();
  let fold = runPass(input, events, order, known);
  for (let pass = 1; pass < MAX_PASSES; pass++) {
    const next = knownDepartures(fold, events);
    if (sameDepartures(next, known)) break;
    known = next;
    fold = runPass(input, events, order, known);
  }
  return buildState(fold, order, input);
}

function runPass(
  input: DeriveInput,
  events: ReadonlyMap<EventId, AnyDecodedEvent>,
  order: EventOrder,
  known: ReadonlyMap<MemberId, KnownDeparture[]>,
): Fold {
  const fold = new Fold(input.genesisId, events, known, "pool.created", order);
  const judge = new EventJudge(fold, input.verified);
  order.placed.forEach((event, index) => {
    judge.take(event, index);
  });
  return fold;
}

/** Every departure of this pass with its full causal past (the departure itself included). */
function knownDepartures(fold: Fold, events: ReadonlyMap<EventId, AnyDecodedEvent>) {
  const out = new Map<MemberId, KnownDeparture[]>();
  for (const d of fold.departures) {
    const ancestors = new Set<EventId>([d.event]);
    const stack = [...(events.get(d.event)?.body.parents ?? [])];
    while (stack.length > 0) {
      const id = stack.pop() as EventId;
      if (ancestors.has(id)) continue;
      ancestors.add(id);
      for (const p of events.get(id)?.body.parents ?? []) if (!ancestors.has(p)) stack.push(p);
    }
    const list = out.get(d.member) ?? [];
    list.push({ event: d.event, member: d.member, ancestors });
    out.set(d.member, list);
  }
  return out;
}

function sameDepartures(a: ReadonlyMap<MemberId, KnownDeparture[]>, b: ReadonlyMap<MemberId, KnownDeparture[]>) {
  const ids = (m: ReadonlyMap<MemberId, KnownDeparture[]>) =>
    [...m.values()]
      .flatMap((list) => list.map((d) => d.event))
      .sort()
      .join(",");
  return ids(a) === ids(b);
}
