import type { EventId, MemberId } from "../events/types.ts";
import type { LedgerEntryView } from "../pool/poolState.ts";
import { reserveQueue, type SpendRecord } from "./reserve.ts";

/** A valid ledger entry while the fold runs. `amount` is positive; `sign` says which way it moves money. */
export interface EntryRecord {
  view: LedgerEntryView;
  size: number;
  counted: boolean;
  /** A reversal that was counted before this entry was: the entry will never count. */
  cancelledByReversal: boolean;
  /** For a counted payout: the spend whose `paid` it is part of, so a reversal or cover moves exactly that. */
  chargedTo?: EventId;
}

export interface BuyInDelta {
  member: MemberId;
  delta: number;
  /** The event that made it count: its confirmation, or the entry itself when no confirmation is needed. */
  countedBy: EventId;
}

/** What the ledger asks of the rest of the pool while it counts an entry. */
export interface LedgerContext {
  /** Set once the pool is dissolving (src/core/dissolve): it judges every payout instead of the spends. */
  dissolution?: { judgePayout(record: EntryRecord): LedgerEntryView["notAuthorised"] };
  refundOnLeave: boolean;
  isDeparted(member: MemberId): boolean;
  /** The passed, confirmed spend this payout is judged against, if its decision is in the counting event's past. */
  passedSpend(spend: EventId): SpendRecord | undefined;
  /** Is the restoration that overturned this spend's result in the counting event's past? */
  overturnedHere(spend: SpendRecord): boolean;
}

/**
 * The money side of the fold (docs/rules.md §4.18). A confirmed entry always moves the
 * balance, because the ledger must match the real cash box; an entry the rules did not
 * authorise is counted and flagged until it is reversed or a passed spend covers it.
 */
export class LedgerFold {
  readonly entries = new Map<EventId, EntryRecord>();
  readonly order: EventId[] = [];
  readonly spends = new Map<EventId, SpendRecord>();
  /** Passed spends in the order of their decisions: first come, first served. */
  readonly spendQueue: EventId[] = [];
  readonly buyInDeltas: BuyInDelta[] = [];
  /** Confirmed dues paid (and reversed) per member, with the event that made each count (rules §11). */
  readonly duesDeltas = new Map<MemberId, BuyInDelta[]>();
  readonly buyIn = new Map<MemberId, number>();
  readonly refunded = new Map<MemberId, number>();
  readonly history: { at: number; balance: number; entry: EventId }[] = [];
  /** Payouts that a passed spend names as covered: they count against it and are authorised. */
  readonly coveredBy = new Map<EventId, EventId>();
  balance = 0;

  /**
   * Restored votes flipped a spend's result (docs/rules.md §4): it authorises no further payout, and
   * the payouts already counted against it are flagged until reversed or covered.
   */
  overturn(spendId: EventId, by: EventId): void {
    const spend = this.spends.get(spendId);
    if (!spend || spend.overturnedBy !== undefined) return;
    spend.overturnedBy = by;
    for (const entry of this.entries.values())
      if (
        entry.chargedTo === spendId &&
        entry.counted &&
        entry.view.status === "confirmed" &&
        !this.coveredBy.has(entry.view.id)
      )
        entry.view.notAuthorised = "result-overturned";
  }

  /** A passed spend that names earlier payouts as covered puts them right (docs/rules.md §4.18). */
  cover(spend: SpendRecord, payouts: readonly EventId[]): void {
    for (const id of payouts) {
      const entry = this.entries.get(id);
      if (!entry?.view.payout || this.coveredBy.has(id)) continue;
      this.coveredBy.set(id, spend.id);
      if (!entry.counted || entry.cancelledByReversal || entry.view.status === "reversed") continue;
      entry.view.notAuthorised = undefined;
      // It now counts against the covering spend only: a cent paid out is paid once.
      this.uncharge(entry);
      this.charge(entry, spend);
    }
  }

  private charge(entry: EntryRecord, spend: SpendRecord): void {
    spend.paid += entry.size;
    entry.chargedTo = spend.id;
  }

  private uncharge(entry: EntryRecord): void {
    const spend = entry.chargedTo === undefined ? undefined : this.spends.get(entry.chargedTo);
    if (spend) spend.paid -= entry.size;
    entry.chargedTo = undefined;
  }

  add(view: LedgerEntryView): EntryRecord {
    const record: EntryRecord = { view, size: Math.abs(view.amount), counted: false, cancelledByReversal: false };
    this.entries.set(view.id, record);
    this.order.push(view.id);
    return record;
  }

  refundOwed(member: MemberId): number {
    return Math.max(0, (this.buyIn.get(member) ?? 0) - (this.refunded.get(member) ?? 0));
  }

  refundsOwed(ctx: LedgerContext): number {
    if (!ctx.refundOnLeave) return 0;
    let owed = 0;
    for (const member of this.buyIn.keys()) if (ctx.isDeparted(member)) owed += this.refundOwed(member);
    return owed;
  }

  reservation(ctx: LedgerContext) {
    return reserveQueue(
      this.balance,
      this.refundsOwed(ctx),
      this.spendQueue.map((id) => this.spends.get(id) as SpendRecord),
    );
  }

  /** Counts an entry at the place of `countedBy` (its confirmation, or itself under `confirmBy: none`). */
  count(record: EntryRecord, countedBy: EventId, at: number, ctx: LedgerContext): void {
    const v = record.view;
    if (record.counted) throw new Error(`count: entry ${v.id} counted twice`);
    record.counted = true;
    if (record.cancelledByReversal) return;
    if (v.contribution) this.countContribution(record, countedBy);
    else if (v.payout) this.countPayout(record, ctx);
    else if (v.refund) this.countRefund(record, countedBy, ctx);
    else if (v.reversal) this.countReversal(record, countedBy);
    this.history.push({ at, balance: this.balance, entry: v.id });
  }

  private countContribution(record: EntryRecord, countedBy: EventId) {
    this.balance += record.size;
    const c = record.view.contribution;
    if (c?.kind === "buy-in" && "member" in c.from) this.moveBuyIn(c.from.member, record.size, countedBy);
    if (c?.kind === "dues" && "member" in c.from) this.moveDues(c.from.member, record.size, countedBy);
  }

  private countPayout(record: EntryRecord, ctx: LedgerContext) {
    const p = record.view.payout;
    if (!p) return;
    if (ctx.dissolution) {
      const flag = ctx.dissolution.judgePayout(record);
      if (flag) record.view.notAuthorised = flag;
      this.balance -= record.size;
      return;
    }
    const coveringSpend = this.spends.get(this.coveredBy.get(record.view.id) ?? "");
    const spend = ctx.passedSpend(p.spend);
    if (coveringSpend) this.charge(record, coveringSpend);
    else if (!spend) record.view.notAuthorised = "no-passed-spend";
    else if (ctx.overturnedHere(spend)) record.view.notAuthorised = "result-overturned";
    else if (spend.payee !== p.payee) record.view.notAuthorised = "other-payee";
    else {
      const reserved = this.reservation(ctx).reservedFor.get(spend.id) ?? 0;
      if (record.size > reserved) record.view.notAuthorised = "beyond-approved";
      this.charge(record, spend);
    }
    this.balance -= record.size;
  }

  private countRefund(record: EntryRecord, countedBy: EventId, ctx: LedgerContext) {
    const member = record.view.refund?.member as MemberId;
    if (!ctx.refundOnLeave || !ctx.isDeparted(member)) record.view.notAuthorised = "refund-not-owed";
    else if (record.size > this.refundOwed(member)) record.view.notAuthorised = "refund-beyond-owed";
    this.refunded.set(member, (this.refunded.get(member) ?? 0) + record.size);
    this.moveBuyIn(member, -record.size, countedBy, false);
    this.balance -= record.size;
  }

  private countReversal(record: EntryRecord, countedBy: EventId) {
    const target = this.entries.get(record.view.reversal?.entry as EventId);
    if (!target) return;
    target.view.status = "reversed";
    target.view.notAuthorised = undefined;
    if (!target.counted) {
      target.cancelledByReversal = true;
      record.view.amount = 0;
      return;
    }
    const t = target.view;
    this.balance -= t.amount;
    record.view.amount = -t.amount;
    if (t.contribution?.kind === "buy-in" && "member" in t.contribution.from)
      this.moveBuyIn(t.contribution.from.member, -target.size, countedBy);
    if (t.contribution?.kind === "dues" && "member" in t.contribution.from)
      this.moveDues(t.contribution.from.member, -target.size, countedBy);
    if (t.refund) {
      this.refunded.set(t.refund.member, (this.refunded.get(t.refund.member) ?? 0) - target.size);
      this.moveBuyIn(t.refund.member, target.size, countedBy, false);
    }
    // Reversing a payout reopens that much of the spend it was counted against (if any: a
    // payout made before its spend passed, or to another payee, never used the spend's money).
    if (t.payout) this.uncharge(target);
  }

  /** Kept per member: under `duesToVote` every proposal asks about every member's payments. */
  private moveDues(member: MemberId, delta: number, countedBy: EventId) {
    const list = this.duesDeltas.get(member);
    const d = { member, delta, countedBy };
    if (list) list.push(d);
    else this.duesDeltas.set(member, [d]);
  }

  /** Buy-in held per member (`buyIn` tracks only confirmed buy-ins, refunds are tracked apart). */
  private moveBuyIn(member: MemberId, delta: number, countedBy: EventId, isBuyIn = true) {
    if (isBuyIn) this.buyIn.set(member, (this.buyIn.get(member) ?? 0) + delta);
    this.buyInDeltas.push({ member, delta, countedBy });
  }
}
