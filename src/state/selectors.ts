/**
 * Small named reads over a derived pool for the screens (STYLE.md: selectors, not property
 * digging spread through the UI).
 */
import {
  type EventId,
  type FloodState,
  type LedgerEntryView,
  type MemberId,
  memberOfPayee,
  type PoolState,
  type ProposalView,
  renderBylaws,
  type SpendView,
} from "../core/index.ts";
import { minorDigitsOf } from "./minorDigits.ts";
import { bucketById } from "./rounds.ts";

export function memberName(state: PoolState, id: MemberId | undefined, me?: MemberId): string {
  if (!id) return "";
  if (id === me) return "You";
  return state.members[id]?.name ?? state.pendingJoins.find((j) => j.member === id)?.name ?? "Someone outside the pool";
}

export function isActiveMember(state: PoolState, me: MemberId | undefined): boolean {
  return me !== undefined && state.activeMembers.includes(me);
}

export function openProposals(state: PoolState): ProposalView[] {
  return Object.values(state.proposals)
    .filter((p) => p.status === "open")
    .sort((a, b) => (a.closedAt ?? a.closesAt) - (b.closedAt ?? b.closesAt));
}

/** Open proposals on which I may vote and have not voted yet. */
export function awaitingMyVote(state: PoolState, me: MemberId | undefined): ProposalView[] {
  if (!me) return [];
  return openProposals(state).filter((p) => p.electorate.includes(me) && !(me in p.votes));
}

export function proposalsByStatus(state: PoolState): {
  open: ProposalView[];
  closed: ProposalView[];
  done: ProposalView[];
} {
  const all = Object.values(state.proposals).sort((a, b) => b.at - a.at);
  return {
    open: all.filter((p) => p.status === "open"),
    closed: all.filter((p) => p.status === "closed"),
    done: all.filter((p) => p.status === "decided" || p.status === "withdrawn"),
  };
}

/** Passed, confirmed spends with money still to pay out (not a budget round's reservation: its buckets are paid). */
export function payableSpends(state: PoolState): ProposalView[] {
  return Object.values(state.proposals).filter(
    (p) => p.decided?.tally.passed && p.spend?.kind === "spend" && p.spend.remaining > 0,
  );
}

/** What a payout may be for: passed spends and funded buckets of budget rounds, with money left to pay. */
export function payableApproved(state: PoolState): { id: EventId; title: string; spend: SpendView }[] {
  const out = payableSpends(state).map((p) => ({ id: p.id, title: p.title, spend: p.spend as SpendView }));
  for (const a of state.ledger.approved) {
    if (a.kind !== "bucket" || a.remaining <= 0) continue;
    const found = bucketById(state, a.id);
    out.push({ id: a.id, title: `${found?.bucket.title ?? "A funded bucket"} (budget round)`, spend: a });
  }
  // In a flood: a pool that left is owed its share, approved by its `flood.pool-left` (no proposal).
  for (const a of state.ledger.approved) {
    if (a.kind !== "spend" || a.remaining <= 0 || state.proposals[a.id] || !a.payee.startsWith("pool:")) continue;
    const pool = (state as Partial<FloodState>).pools?.find((p) => `pool:${p.pool}` === a.payee);
    out.push({ id: a.id, title: `Owed to ${pool?.name ?? "a pool"} (left the flood)`, spend: a });
  }
  return out;
}

export function bylawsOf(state: PoolState): string {
  const treasurerNames = state.rules.treasurers.map((t) => memberName(state, t));
  return renderBylaws(
    {
      name: state.name,
      purpose: state.purpose,
      currency: state.currency,
      rules: state.rules,
      treasurerNames,
      minorDigits: minorDigitsOf(state.currency),
    },
    state.bylawsVersion,
  );
}

/** Members who left or were removed and are still owed part of their buy-in. */
export function refundsDue(state: PoolState): { member: MemberId; owed: number }[] {
  return Object.values(state.members)
    .filter((m) => m.refundOwed > 0)
    .map((m) => ({ member: m.id, owed: m.refundOwed }));
}

/** The member an entry is about (they may not confirm it), as the core judges it. */
export function memberNamedBy(state: PoolState, entry: LedgerEntryView): MemberId | undefined {
  if (entry.contribution && "member" in entry.contribution.from) return entry.contribution.from.member;
  if (entry.refund) return entry.refund.member;
  if (entry.payout) return memberOfPayee(entry.payout.payee);
  if (entry.reversal) {
    const target = state.ledger.entries.find((e) => e.id === entry.reversal?.entry);
    return target ? (memberNamedBy(state, target) ?? target.by) : undefined;
  }
  return undefined;
}

/** Whether I may confirm this entry, or the plain reason why not. */
export function confirmability(
  state: PoolState,
  entry: LedgerEntryView,
  me: MemberId,
): { ok: true } | { ok: false; why: string } {
  if (entry.status !== "awaiting-confirmation") return { ok: false, why: "" };
  if (!isActiveMember(state, me)) return { ok: false, why: "Waiting for a member to confirm." };
  if (entry.by === me) return { ok: false, why: "You recorded this; another member confirms it." };
  if (memberNamedBy(state, entry) === me)
    return { ok: false, why: "This entry names you; another member confirms it." };
  if (state.rules.confirmBy === "treasurer") {
    const others = state.rules.treasurers.filter((t) => t !== entry.by && state.activeMembers.includes(t));
    if (others.length > 0 && !others.includes(me)) return { ok: false, why: "Waiting for a treasurer to confirm." };
  }
  return { ok: true };
}

/**
 * Who a payout went to, in words: a flood or a member pool by name ("the flood River Cleanup
 * Flood"), never its raw id; anyone else as the payee was typed.
 */
export function payeeName(
  state: PoolState,
  payee: string,
  floodName?: (id: EventId) => string | undefined,
  me?: MemberId,
): string {
  // A dissolution share (rules §4) is paid to `member:<id>`: named like the member everywhere else.
  const member = memberOfPayee(payee);
  if (member !== undefined) return memberName(state, member, me);
  const [kind, id] = payee.split(":", 2) as [string, string | undefined];
  if (id !== undefined && kind === "flood") {
    const name = floodName?.(id);
    return name ? `the flood ${name}` : "the flood this pool joined";
  }
  if (id !== undefined && kind === "pool") {
    const pool = (state as Partial<FloodState>).pools?.find((p) => p.pool === id);
    return pool ? `the pool ${pool.name}` : "a member pool";
  }
  return payee;
}
