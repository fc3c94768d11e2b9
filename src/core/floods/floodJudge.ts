import type { AnyDecodedEvent, DecodedEvent, EventId } from "../events/types.ts";
import { splitLargestRemainder } from "../money/splitLargestRemainder.ts";
import { EventJudge } from "../pool/judgeEvent.ts";
import type { ReasonCode } from "../reasons.ts";
import { activeInPool, type FloodFold } from "./floodFold.ts";
import { judgeFloodKeyRotation } from "./floodKeyRotation.ts";
import { judgePoolKey, poolKeyEpoch } from "./floodPoolKey.ts";

/** The flood's own event types, and the rule that money comes into a flood from its pools' payouts. */
export class FloodJudge extends EventJudge {
  constructor(
    private readonly flood: FloodFold,
    verified: ReadonlySet<EventId>,
  ) {
    super(flood, verified);
  }

  protected override misplaced(e: AnyDecodedEvent): ReasonCode | undefined {
    const base = super.misplaced(e);
    if (base || e.body.type !== "ledger.contribution") return base;
    const from = (e as DecodedEvent<"ledger.contribution">).body.data.from;
    if (!("pool" in from)) return undefined;
    return this.checkTransfer(e as DecodedEvent<"ledger.contribution">, from.pool, from.payout);
  }

  /**
   * Pools move committed money with a payout to the flood (against their passed `flood.join`),
   * then a flood contribution that names it: same amount, confirmed in the pool, named once.
   */
  private checkTransfer(
    e: DecodedEvent<"ledger.contribution">,
    pool: EventId,
    payout: EventId,
  ): ReasonCode | undefined {
    const fold = this.flood;
    if (!fold.links.some((l) => l.pool === pool && fold.inPast(fold.pastOf(e.id), l.joined)))
      return "pool-not-in-flood";
    const state = fold.pools.get(pool);
    if (!state) return "pool-unknown";
    const entry = state.ledger.entries.find((x) => x.id === payout);
    if (
      !entry?.payout ||
      entry.status !== "confirmed" ||
      entry.payout.payee !== `flood:${fold.genesisId}` ||
      -entry.amount !== e.body.data.amount
    )
      return "payout-missing";
    for (const other of fold.ledger.entries.values()) {
      const f = other.view.contribution?.from;
      if (f && "payout" in f && f.payout === payout) return "payout-already-counted";
    }
    return undefined;
  }

  protected override judgeExtra(e: AnyDecodedEvent): ReasonCode | (() => void) {
    if (e.body.type === "flood.pool-joined") return this.judgePoolJoined(e as DecodedEvent<"flood.pool-joined">);
    if (e.body.type === "flood.pool-left") return this.judgePoolLeft(e as DecodedEvent<"flood.pool-left">);
    if (e.body.type === "flood.pool-key") return judgePoolKey(this.flood, e as DecodedEvent<"flood.pool-key">);
    if (e.body.type === "flood.key-rotated")
      return judgeFloodKeyRotation(this.flood, e as DecodedEvent<"flood.key-rotated">);
    return "unknown-type";
  }

  /** The pool's passed and confirmed proposal of the given kind naming this flood, if any. */
  private approved(pool: EventId, proposal: EventId, kind: "flood.join" | "flood.leave"): boolean {
    const p = this.flood.pools.get(pool)?.proposals[proposal];
    return (
      p !== undefined &&
      p.spec.kind === kind &&
      p.spec.flood === this.flood.genesisId &&
      p.decided?.tally.passed === true
    );
  }

  private judgePoolJoined(e: DecodedEvent<"flood.pool-joined">): ReasonCode | (() => void) {
    const fold = this.flood;
    const { pool, poolDoc, proposal, poolKey } = e.body.data;
    const state = fold.pools.get(pool);
    if (!state) return "pool-unknown";
    if (!activeInPool(state, e.body.by, e.body.at)) return "not-a-member";
    if (!this.approved(pool, proposal, "flood.join")) return "pool-not-approved";
    if (fold.linksIn(fold.pastOf(e.id)).some((l) => l.pool === pool)) return "pool-already-joined";
    // Written without seeing a join of the same pool that is still in force: the same join,
    // recorded twice from two phones. A pool is in a flood once, whoever records it.
    // (The same passed proposal never joins the pool again after it left: that takes a new vote.)
    const twin = fold.links.find((l) => l.pool === pool && (l.left === undefined || l.proposal === proposal));
    const key = poolKey === undefined ? undefined : { epoch: poolKeyEpoch(poolKey), event: e.id };
    if (twin)
      return () => {
        twin.also.push(e.id);
        if (key && !twin.keys.some((k) => k.epoch === key.epoch)) twin.keys.push(key);
      };
    return () =>
      fold.links.push({
        pool,
        doc: poolDoc,
        joined: e.id,
        joinedAt: e.body.at,
        proposal,
        also: [],
        keys: key ? [key] : [],
      });
  }

  private judgePoolLeft(e: DecodedEvent<"flood.pool-left">): ReasonCode | (() => void) {
    const fold = this.flood;
    const { pool, proposal } = e.body.data;
    const state = fold.pools.get(pool);
    if (!state) return "pool-unknown";
    if (!activeInPool(state, e.body.by, e.body.at)) return "not-a-member";
    if (!this.approved(pool, proposal, "flood.leave")) return "pool-not-approved";
    const link = fold.linksIn(fold.pastOf(e.id)).find((l) => l.pool === pool);
    if (!link) return "pool-not-in-flood";
    return () => {
      link.left = e.id;
      link.leftAt = e.body.at;
      this.owePoolItsShare(e, pool);
    };
  }

  /**
   * docs/rules.md §5: a pool that leaves gets back its part of the flood's unreserved money, in
   * proportion to what each pool put in, by largest remainder (ties to the smaller pool id), to
   * the cent. The flood owes it as an approved payout to `pool:<id>`, first in the queue's order.
   */
  private owePoolItsShare(e: DecodedEvent<"flood.pool-left">, pool: EventId): void {
    const fold = this.flood;
    const ledger = fold.ledger;
    const put = new Map<EventId, number>();
    for (const entry of ledger.entries.values()) {
      const from = entry.view.contribution?.from;
      if (!from || !("pool" in from) || !entry.counted || entry.view.status !== "confirmed") continue;
      put.set(from.pool, (put.get(from.pool) ?? 0) + entry.size);
    }
    // Only the pools still in the flood (the leaving one included) share what is unreserved.
    for (const p of [...put.keys()])
      if (!fold.links.some((l) => l.pool === p && (l.left === undefined || l.left === e.id))) put.delete(p);
    const unreserved = Math.max(
      0,
      ledger.balance -
        ledger.reservation({
          refundOnLeave: false,
          isDeparted: () => false,
          passedSpend: () => undefined,
          overturnedHere: () => false,
        }).reserved,
    );
    const part = put.has(pool) ? (splitLargestRemainder(unreserved, put).get(pool) ?? 0) : 0;
    if (part === 0) return;
    ledger.spends.set(e.id, {
      id: e.id,
      kind: "spend",
      decidedBy: e.id,
      amount: part,
      payee: `pool:${pool}`,
      paid: 0,
      cancelled: false,
    });
    ledger.spendQueue.push(e.id);
  }
}
