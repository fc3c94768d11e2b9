import { admittedAtIn, duesSpansAt } from "../dues/duesAt.ts";
import { duesStatus } from "../dues/duesOwed.ts";
import type { ContributionKind, MemberId } from "../events/types.ts";
import type { EventOrder } from "../graph/orderEvents.ts";
import { isDeparted } from "../ledger/ledgerContext.ts";
import type { DeriveInput } from "./derivePool.ts";
import type { Fold } from "./fold.ts";
import { joinsByAdmission, stintsOf } from "./memberStints.ts";
import type { AuditEntry, MemberView, PendingJoin, PoolState } from "./poolState.ts";
import { StateBuilder } from "./stateBuilder.ts";

/** Turns the finished fold into the plain state the app shows. */
export function buildState(fold: Fold, order: EventOrder, input: DeriveInput): PoolState {
  return new StateBuilder().build(fold, order, input, "all");
}

export function memberViews(
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

export function pendingJoins(fold: Fold): PendingJoin[] {
  const out: PendingJoin[] = [];
  for (const j of fold.joins.values()) {
    if (j.admittedBy !== undefined || isActive(fold, j.member)) continue;
    const invite = fold.invites.get(j.invite);
    out.push({ join: j.id, member: j.member, name: j.name, invite: j.invite, invitedBy: invite?.by ?? "", at: j.at });
  }
  return out;
}

const isActive = (fold: Fold, member: MemberId) => fold.marks.has(member) && !isDeparted(fold, member);

/** Events that wait because they are dated too far after this device's clock: shown in the audit. */
export function datedInTheFuture(order: EventOrder): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (const p of order.pending) {
    if (!p.future) continue;
    const e = order.held.get(p.id);
    if (e) out.push({ id: p.id, type: e.body.type, by: e.body.by, at: e.body.at, reason: "dated-in-the-future" });
  }
  return out;
}
