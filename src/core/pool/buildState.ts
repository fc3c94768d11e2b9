import { dissolutionView } from "../dissolve/dissolutionView.ts";
import { admittedAtIn, duesSpansAt } from "../dues/duesAt.ts";
import { duesStatus } from "../dues/duesOwed.ts";
import { poolKeysView } from "../encryption/keyRotation.ts";
import { MAX_PARENTS } from "../events/limits.ts";
import type { ContributionKind, EventId, MemberId } from "../events/types.ts";
import type { EventOrder } from "../graph/orderEvents.ts";
import { isDeparted } from "../ledger/ledgerContext.ts";
import { buildLedgerView } from "../ledger/ledgerView.ts";
import { buildRoundView } from "../rounds/roundView.ts";
import { RULE_KEYS } from "../rules/rules.ts";
import { buildProposalView } from "../tally/proposalView.ts";
import type { DeriveInput } from "./derivePool.ts";
import type { Fold } from "./fold.ts";
import { joinsByAdmission, stintsOf } from "./memberStints.ts";
import type { AuditEntry, MemberView, PendingJoin, PoolState, ProposalView } from "./poolState.ts";

/** Turns the finished fold into the plain state the app shows. */
export function buildState(fold: Fold, order: EventOrder, input: DeriveInput): PoolState {
  const g = fold.genesis;
  if (!g) throw new Error("buildState: the genesis was refused; check its signature and id");
  const rules = fold.currentRules();
  const ledger = buildLedgerView(fold);
  const members = memberViews(fold, rules.buyIn, ledger.refundOwedBy, input.now);
  const proposals: Record<EventId, ProposalView> = {};
  for (const p of fold.proposals.values())
    proposals[p.event.id] = buildProposalView(fold, p, input.now, ledger.spends, input.arrivals);
  const validInOrder = order.placed.filter((_, place) => fold.isValidAt(place));
  const dissolution = dissolutionView(fold);
  if (dissolution) {
    // No spend authorises more: what the balance holds is owed to the dissolution.
    ledger.view.reserved = Math.max(0, ledger.view.balance);
    ledger.view.available = 0;
  }
  return {
    poolId: g.id,
    name: g.body.data.name,
    purpose: g.body.data.purpose,
    currency: g.body.data.currency,
    founder: g.body.by,
    createdAt: g.body.at,
    bylawsVersion: g.body.data.bylawsVersion,
    rules: Object.fromEntries(RULE_KEYS.map((k) => [k, rules[k]])) as unknown as typeof rules,
    members,
    activeMembers: Object.values(members)
      .filter((m) => m.status === "active")
      .map((m) => m.id)
      .sort(),
    invites: Object.fromEntries([...fold.invites].map(([id, { at: _at, revocations: _r, ...view }]) => [id, view])),
    keys: poolKeysView(fold),
    pendingJoins: pendingJoins(fold),
    proposals,
    rounds: Object.fromEntries([...fold.rounds.values()].map((r) => [r.id, buildRoundView(fold, r, input.now)])),
    ledger: ledger.view,
    ...(dissolution ? { dissolution } : {}),
    audit: [...(input.refusedEarlier ?? []), ...fold.audit, ...datedInTheFuture(order)],
    pending: order.pending,
    lateVotes: Object.values(proposals).flatMap((p) =>
      Object.entries(p.votes)
        .filter(([, v]) => v.arrivedAfterClose)
        .map(([by, v]) => ({ vote: v.vote, proposal: p.id, by, at: v.at })),
    ),
    extraInviteUses: fold.extraInviteUses,
    order: validInOrder.map((e) => e.id),
    heads: headsOf(fold, order),
    latestAt: validInOrder.reduce((max, e) => Math.max(max, e.body.at), 0),
  };
}

function memberViews(
  fold: Fold,
  buyIn: number,
  refundOwedBy: (m: MemberId) => number,
  now: number,
): Record<MemberId, MemberView> {
  const out: Record<MemberId, MemberView> = {};
  // Dues (rules §11) only once some rule has set them: a pool without dues shows none.
  const spans = duesSpansAt(fold, "everything");
  const hasDues = spans.some((s) => s.dues !== null);
  // Confirmed contributions by member and kind, in one pass over the ledger (not one per member).
  const contributions = new Map<MemberId, Record<ContributionKind, number>>();
  for (const entry of fold.ledger.entries.values()) {
    const c = entry.view.contribution;
    if (!c || !("member" in c.from) || !entry.counted || entry.view.status !== "confirmed") continue;
    const sums = contributions.get(c.from.member) ?? { "buy-in": 0, dues: 0, donation: 0 };
    sums[c.kind] += entry.size;
    contributions.set(c.from.member, sums);
  }
  const admissions = joinsByAdmission(fold);
  for (const [id, marks] of fold.marks) {
    const last = marks[marks.length - 1];
    const removed = last?.kind === "depart" && fold.removals.has(last.event);
    const joinEvent = fold.joinOfMember.get(id);
    const join = joinEvent ? fold.joins.get(joinEvent) : undefined;
    const contributed = { ...(contributions.get(id) ?? { "buy-in": 0, dues: 0, donation: 0 }) };
    const held = fold.ledger.refundOwed(id);
    const periods: MemberView["periods"] = [];
    for (const mark of marks) {
      const at = fold.events.get(mark.event)?.body.at ?? 0;
      const open = periods[periods.length - 1];
      if (mark.kind === "admit" && (!open || open.to !== undefined)) periods.push({ from: at });
      else if (mark.kind === "depart" && open && open.to === undefined) open.to = at;
    }
    const view: MemberView = {
      id,
      name: fold.names.get(id) ?? "Member",
      status: isDeparted(fold, id) ? (removed ? "removed" : "left") : "active",
      joinedAt: join?.at ?? fold.genesis.body.at,
      isFounder: id === fold.genesis.body.by,
      contributed,
      buyInHeld: held,
      buyInMet: held >= buyIn,
      refundOwed: refundOwedBy(id),
      periods,
      stints: stintsOf(fold, id, admissions),
    };
    if (joinEvent) view.joinEvent = joinEvent;
    const admittedAt = hasDues && view.status === "active" ? admittedAtIn(fold, id, "everything") : undefined;
    if (admittedAt !== undefined) view.dues = duesStatus(spans, admittedAt, now, contributed.dues);
    const inviter = join ? fold.invites.get(join.invite)?.by : undefined;
    if (inviter) view.invitedBy = inviter;
    out[id] = view;
  }
  return out;
}

function pendingJoins(fold: Fold): PendingJoin[] {
  const out: PendingJoin[] = [];
  for (const j of fold.joins.values()) {
    if (j.admittedBy !== undefined || isActive(fold, j.member)) continue;
    const invite = fold.invites.get(j.invite);
    out.push({ join: j.id, member: j.member, name: j.name, invite: j.invite, invitedBy: invite?.by ?? "", at: j.at });
  }
  return out;
}

const isActive = (fold: Fold, member: MemberId) => fold.marks.has(member) && !isDeparted(fold, member);

/** Valid events no valid event names as a parent; the newest 64, sorted as the body wants them. */
function headsOf(fold: Fold, order: EventOrder): EventId[] {
  // By place, not by id: a pool may hold 100,000 events.
  const referenced = new Uint8Array(order.placed.length);
  for (let i = 0; i < order.placed.length; i++)
    if (fold.isValidAt(i))
      for (let k = order.parentStart[i] as number; k < (order.parentStart[i + 1] as number); k++)
        referenced[order.parentPlace[k] as number] = 1;
  const heads = order.placed.filter((_, i) => fold.isValidAt(i) && referenced[i] === 0);
  heads.sort((a, b) => b.body.at - a.body.at || (a.id < b.id ? 1 : -1));
  return heads
    .slice(0, MAX_PARENTS)
    .map((e) => e.id)
    .sort();
}

/** Events that wait because they are dated too far after this device's clock: shown in the audit. */
function datedInTheFuture(order: EventOrder): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (const p of order.pending) {
    if (!p.future) continue;
    const e = order.held.get(p.id);
    if (e) out.push({ id: p.id, type: e.body.type, by: e.body.by, at: e.body.at, reason: "dated-in-the-future" });
  }
  return out;
}
