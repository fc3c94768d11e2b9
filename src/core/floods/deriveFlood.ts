import type { EventId, MemberId } from "../events/types.ts";
import { orderEvents } from "../graph/orderEvents.ts";
import { buildState } from "../pool/buildState.ts";
import type { DeriveInput } from "../pool/derivePool.ts";
import type { MemberView, PoolState } from "../pool/poolState.ts";
import { activeInPool, FloodFold, type FloodPoolKey } from "./floodFold.ts";
import { FloodJudge } from "./floodJudge.ts";
import { floodMemberDeliveryKeys, floodRotationDue } from "./floodKeyRotation.ts";

export interface FloodPoolView {
  pool: EventId;
  name: string;
  doc: string;
  joinedAt: number;
  leftAt?: number;
  /** Confirmed money this pool has put into the flood. */
  contributed: number;
  /** The part of the flood's money owed back to it after leaving, and how much is still unpaid. */
  owed?: { amount: number; remaining: number };
  /** Its members right now, by its own rules. */
  members: MemberId[];
  /** The pool's keys the flood carries (rules §9), by epoch: the entry that counts for each. */
  keys: FloodPoolKey[];
}

export interface FloodState extends PoolState {
  pools: FloodPoolView[];
  /**
   * Whom the flood's key should reach (rules §9): its active members, and the members of a pool
   * that left while the flood has not yet paid back (and confirmed) what it owes that pool, so the
   * pool can follow its refund. A flood rotation is sealed to them.
   */
  keyMembers: MemberId[];
}

export interface DeriveFloodInput extends DeriveInput {
  /** Derived state of every pool the flood names, from each pool's own document, by genesis id. */
  pools: ReadonlyMap<EventId, PoolState>;
}

/**
 * Derives a flood (docs/rules.md §5): the same proposals, votes, seals and ledger as a pool, with
 * members taken from the member pools' own derived states — nobody's typed roster.
 */
export function deriveFlood(input: DeriveFloodInput): FloodState {
  const events = new Map([...input.events].map((e) => [e.id, e]));
  if (!events.has(input.genesisId)) throw new Error("deriveFlood: the flood's genesis event is not among the events");
  const order = orderEvents(events.values());
  const fold = new FloodFold(input.genesisId, events, input.pools);
  const judge = new FloodJudge(fold, input.verified);
  order.placed.forEach((event, index) => {
    judge.take(event, index);
  });
  const base = buildState(fold, order, input);

  const members: Record<MemberId, MemberView> = {};
  const current = fold.links.filter((l) => l.left === undefined);
  for (const link of current) {
    const state = input.pools.get(link.pool);
    for (const [id, view] of Object.entries(state?.members ?? {}))
      if (activeInPool(state, id, input.now) && !members[id]) members[id] = view;
  }
  const pools: FloodPoolView[] = fold.links.map((l) => {
    const state = input.pools.get(l.pool);
    let contributed = 0;
    for (const e of base.ledger.entries) {
      const from = e.contribution?.from;
      if (from && "pool" in from && from.pool === l.pool && e.status === "confirmed") contributed += e.amount;
    }
    const view: FloodPoolView = {
      pool: l.pool,
      name: state?.name ?? "A pool not loaded yet",
      doc: l.doc,
      joinedAt: l.joinedAt,
      contributed,
      keys: [...l.keys].sort((x, y) => x.epoch - y.epoch),
      members: Object.keys(state?.members ?? {})
        .filter((m) => activeInPool(state, m, input.now))
        .sort(),
    };
    if (l.leftAt !== undefined) view.leftAt = l.leftAt;
    const owed = l.left ? base.ledger.approved.find((a) => a.id === l.left) : undefined;
    if (owed) view.owed = { amount: owed.amount, remaining: owed.remaining };
    return view;
  });
  const activeMembers = Object.keys(members).sort();
  // The flood's own key epochs (rules §9): its members' delivery keys come from their pools.
  const deliveryKeys = floodMemberDeliveryKeys(fold);
  const settling = (p: FloodPoolView) =>
    p.leftAt !== undefined &&
    ((p.owed?.remaining ?? 0) > 0 ||
      base.ledger.entries.some((e) => e.payout?.payee === `pool:${p.pool}` && e.status === "awaiting-confirmation"));
  const keyMembers = [...new Set([...activeMembers, ...pools.filter(settling).flatMap((p) => p.members)])].sort();
  const due = floodRotationDue(
    fold,
    keyMembers,
    base.audit.some((x) => x.reason === "pool-unknown"),
    deliveryKeys,
  );
  const { rotationDue: _poolsOnly, ...keys } = base.keys;
  return {
    ...base,
    members,
    activeMembers,
    pools,
    keyMembers,
    keys: { ...keys, deliveryKeys, inviteDeliveryKeys: {}, ...(due ? { rotationDue: due } : {}) },
  };
}
