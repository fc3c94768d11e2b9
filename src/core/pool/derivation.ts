import { FUTURE_SLACK_MS } from "../events/limits.ts";
import type { AnyDecodedEvent, EventId, MemberId } from "../events/types.ts";
import { extendOrder } from "../graph/extendOrder.ts";
import type { Order } from "../graph/order.ts";
import { orderEvents } from "../graph/orderEvents.ts";
import type { DeriveInput } from "./derivePool.ts";
import { Fold, type KnownDeparture } from "./fold.ts";
import { EventJudge } from "./judgeEvent.ts";
import type { AuditEntry, PoolState } from "./poolState.ts";
import { StateBuilder, touchedBy } from "./stateBuilder.ts";

/**
 * A derived pool that the next events can be folded onto (docs/rules.md §3: the state is a fold
 * over the one order). `state` is a plain value the app may keep; it is never changed. The rest
 * is the fold's working state, which `deriveNext` carries on from: a derivation can be carried on
 * from once, and carrying on from it again derives from scratch (correct, only slower).
 */
export interface Derivation {
  readonly state: PoolState;
}

/** What arrived since a derivation, and the inputs that move with it. */
export interface NextInput {
  /** Events the previous derivation did not hold (held ones are ignored: an id is its body's hash). */
  added: Iterable<AnyDecodedEvent>;
  /** Every verified id: the previous ones (unchanged) and those among `added`. */
  verified: ReadonlySet<EventId>;
  now: number;
  refusedEarlier?: readonly AuditEntry[];
  /** When this device first held each event: entries for earlier events unchanged. */
  arrivals?: ReadonlyMap<EventId, number>;
}

/** Departures can only multiply a few times before the set of events stops changing. */
const MAX_PASSES = 6;

/**
 * Types that can add a departure (a leave, a removal confirmed or restored into passing). The fold
 * re-runs when a departure turns up that earlier events did not descend from, so after one of
 * these the pool is derived from scratch.
 */
const MAY_DEPART = new Set(["member.left", "proposal.seal-confirmed", "proposal.vote-restored"]);

class Derived implements Derivation {
  /** Set once a later derivation carried on from this one: its fold is no longer its own. */
  spent = false;
  constructor(
    readonly state: PoolState,
    readonly genesisId: EventId,
    readonly order: Order,
    /** How many of `order.held` (by number) this derivation holds. */
    readonly heldCount: number,
    readonly fold: Fold,
    readonly judge: EventJudge,
    readonly builder: StateBuilder,
  ) {}
}

/** Derives a pool from scratch, ready to carry on from. */
export function deriveFrom(input: DeriveInput): Derivation {
  // An event dated too far ahead waits, with what descends from it, so it cannot drag every
  // later event, close and seal after it (docs/rules.md §3 "Time from the future waits").
  const order = orderEvents(input.events, input.now + FUTURE_SLACK_MS) as Order;
  const events = order.held;
  if (!events.has(input.genesisId)) throw new Error("derivePool: the genesis event is not among the events");

  const verifiedAt = verifiedByPlace(order, input.verified);
  let known = new Map<MemberId, KnownDeparture[]>();
  let pass = runPass(input, events, order, known, verifiedAt);
  for (let n = 1; n < MAX_PASSES; n++) {
    const next = knownDepartures(pass.fold, events);
    if (sameDepartures(next, known)) break;
    known = next;
    pass = runPass(input, events, order, known, verifiedAt);
  }
  const builder = new StateBuilder();
  const state = builder.build(pass.fold, order, input, "all");
  return new Derived(state, input.genesisId, order, events.size, pass.fold, pass.judge, builder);
}

/**
 * Folds what arrived onto a derivation when it all sorts after everything derived (a vote
 * arriving, or the clock releasing events that waited); otherwise, or when a departure may re-run
 * the fold, derives from scratch. The result equals `deriveFrom` given every event at once.
 */
export function deriveNext(prev: Derivation, input: NextInput): Derivation {
  const from = prev as Derived;
  const added = [...input.added];
  const scratch = () => {
    const events = from.order.held;
    const all: AnyDecodedEvent[] = [];
    for (let i = 0; i < from.heldCount; i++) all.push(events.at(i));
    for (const e of added) all.push(e);
    return deriveFrom({ ...input, genesisId: from.genesisId, events: all });
  };
  if (from.spent) return scratch();
  from.spent = true;
  const { order, fold, judge } = from;
  const departuresBefore = fold.departures.length;
  const placedBefore = order.placed.length;
  const placed = extendOrder(order, added, input.now + FUTURE_SLACK_MS);
  if (placed === undefined || placed.some((e) => MAY_DEPART.has(e.body.type))) return scratch();
  fold.makeRoom(order.held.size);
  judge.useVerified(input.verified);
  placed.forEach((event, k) => {
    judge.take(event, placedBefore + k);
  });
  // A departure some other way (a rule this module does not know yet): be exact, not fast.
  if (fold.departures.length !== departuresBefore) return scratch();
  const fullInput: DeriveInput = { ...input, genesisId: from.genesisId, events: [] };
  const state = from.builder.build(fold, order, fullInput, touchedBy(placed));
  return new Derived(state, from.genesisId, order, order.held.size, fold, judge, from.builder);
}

function runPass(
  input: DeriveInput,
  events: ReadonlyMap<EventId, AnyDecodedEvent>,
  order: Order,
  known: ReadonlyMap<MemberId, KnownDeparture[]>,
  verifiedAt: Uint8Array,
): { fold: Fold; judge: EventJudge } {
  const fold = new Fold(input.genesisId, events, known, "pool.created", order);
  const judge = new EventJudge(fold, input.verified, verifiedAt);
  order.placed.forEach((event, index) => {
    judge.take(event, index);
  });
  return { fold, judge };
}

/**
 * Whether each placed event is verified, by place. Looked up in the order the events came (which
 * is how they lie in memory), in one tight loop, rather than one by one while judging among
 * everything else: 100,000 lookups in a set of 100,000 ids.
 */
function verifiedByPlace(order: Order, verified: ReadonlySet<EventId>): Uint8Array {
  const out = new Uint8Array(order.placed.length);
  const { held, placeAt } = order;
  for (let i = 0; i < held.size; i++) {
    const place = placeAt[i] as number;
    if (place >= 0 && verified.has(held.at(i).id)) out[place] = 1;
  }
  return out;
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
