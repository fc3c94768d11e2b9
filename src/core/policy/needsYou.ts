import type { EventId, MemberId } from "../events/types.ts";
import type { PoolState } from "../pool/poolState.ts";
import { myMissingVote } from "../tally/contested.ts";
import { joinsIMayAdmit, needsSeal, sealsToConfirm } from "./autoActions.ts";
import { mayConfirmEntry } from "./mayConfirmEntry.ts";

export type NeedKind = "vote" | "confirm-entry" | "admit" | "seal" | "confirm-seal" | "restore-vote" | "dues";

/** One thing the person on this phone should do (rules §11 "Reminders"). */
export interface Need {
  kind: NeedKind;
  /** The proposal, ledger entry, join or member it is about. */
  proposal?: EventId;
  entry?: EventId;
  join?: EventId;
  seal?: EventId;
  /** Plain words for the list: a proposal's title, a newcomer's name. */
  title: string;
  /** After this it can no longer be done, or it is late: a vote's close, a restore window, a dues period's end. */
  deadline?: number;
  /** Dues: how much is owed, in minor units. */
  amount?: number;
  /** Dues: more than the running period is owed (the member is not current). */
  overdue?: boolean;
}

/**
 * What needs `me` in one pool at `now`: votes to cast, entries to confirm, joins to admit by hand,
 * seals to write or confirm, votes to restore, dues owed. Overdue dues first, then the soonest deadline, then
 * the rest in a fixed order, so the list and the app badge read the same on every screen.
 */
export function needsYou(state: PoolState, me: MemberId, now: number): Need[] {
  if (!state.activeMembers.includes(me)) return [];
  const out: Need[] = [];
  const proposals = Object.values(state.proposals);
  for (const p of proposals) {
    if (
      p.status === "open" &&
      !p.stale &&
      now < (p.closedAt ?? p.closesAt) &&
      !(me in p.votes) &&
      p.electorate.includes(me)
    )
      out.push({ kind: "vote", proposal: p.id, title: p.title, deadline: p.closedAt ?? p.closesAt });
    if (p.electorate.includes(me) && !p.stale && needsSeal(p, now))
      out.push({ kind: "seal", proposal: p.id, title: p.title });
    const missing = myMissingVote(p, me, now);
    if (missing) out.push({ kind: "restore-vote", proposal: p.id, title: p.title, deadline: p.decided?.restoreUntil });
  }
  for (const s of sealsToConfirm(state, me, now))
    out.push({
      kind: "confirm-seal",
      proposal: s.proposal,
      seal: s.seal,
      title: state.proposals[s.proposal]?.title ?? "",
    });
  for (const e of state.ledger.entries)
    if (mayConfirmEntry(state, e, me)) out.push({ kind: "confirm-entry", entry: e.id, title: e.memo || e.type });
  // Under auto admission the app admits by itself; only manual admission needs a person.
  if (state.rules.admission === "manual")
    for (const j of joinsIMayAdmit(state, me)) out.push({ kind: "admit", join: j.join, title: j.name });
  const dues = state.members[me]?.dues;
  if (dues && dues.owed > 0) {
    const need: Need = { kind: "dues", title: "Dues", amount: dues.owed, overdue: !dues.current };
    if (dues.current && dues.runningPeriodEnd !== undefined) need.deadline = dues.runningPeriodEnd;
    out.push(need);
  }
  return out.sort((a, b) => urgency(a) - urgency(b) || ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
}

/** Overdue dues first, then by deadline; things without one last. */
const urgency = (n: Need) => (n.overdue ? Number.NEGATIVE_INFINITY : (n.deadline ?? Number.POSITIVE_INFINITY));

const ORDER: readonly NeedKind[] = ["dues", "vote", "restore-vote", "confirm-seal", "seal", "confirm-entry", "admit"];
