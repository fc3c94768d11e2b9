import { usesAmendThreshold } from "../dissolve/applyDissolve.ts";
import type { EventId, MemberId } from "../events/types.ts";
import type { Fold } from "../pool/fold.ts";
import type { ProposalView, SpendView } from "../pool/poolState.ts";
import type { ProposalRecord, VoteRecord } from "../proposals/proposalRecord.ts";
import { departuresIn } from "./applySeal.ts";
import { closeOf } from "./close.ts";
import {
  countedVotes,
  electorateSetAtClose,
  sortedElectorateAtClose,
  sortedSealElectorate,
  stillNeeded,
  tallyOf,
} from "./countVotes.ts";
import { isStale } from "./staleness.ts";

/**
 * A proposal as the app shows it. Before a seal is confirmed the tally is provisional: it counts
 * every vote this device holds, with every departure it knows of.
 */
export function buildProposalView(
  fold: Fold,
  p: ProposalRecord,
  now: number,
  spends: ReadonlyMap<EventId, SpendView>,
  arrivals?: ReadonlyMap<EventId, number>,
): ProposalView {
  const e = p.event;
  const d = e.body.data;
  const departedAt = departuresIn(fold, p, "everything");
  const close = closeOf(p, p.votes, departedAt);
  const isAmendment = usesAmendThreshold(d.kind);
  // A decided proposal shows its seal's count; only an undecided one is counted here.
  const electorateNow = electorateSetAtClose(p, close, departedAt);
  const counted = p.decided ? new Map<MemberId, VoteRecord>() : countedVotes(p.votes, electorateNow, close);
  const tally = p.decided
    ? p.decided.seal.tally
    : tallyOf(
        p.rules,
        isAmendment,
        electorateNow.size,
        [...counted.values()].map((v) => v.choice),
      );
  const withdrawn = !p.decided && p.withdrawals.some((w) => w.at < close);
  const closed = p.decided !== undefined || now >= close;
  const votes: ProposalView["votes"] = {};
  const shown = p.decided ? new Map(p.decided.seal.votes.map((v) => [v.by, v])) : counted;
  for (const [member, v] of shown) {
    votes[member] =
      v.reason === undefined
        ? { choice: v.choice, vote: v.id, at: v.at }
        : { choice: v.choice, vote: v.id, reason: v.reason, at: v.at };
  }
  const shownElectorate: MemberId[] = p.decided
    ? sortedSealElectorate(p, p.decided.seal.electorate)
    : sortedElectorateAtClose(p, close, departedAt);
  const { kind: _k, title, text, closesAt, ...rest } = d;
  const view: ProposalView = {
    id: e.id,
    by: e.body.by,
    at: e.body.at,
    title,
    text,
    closesAt,
    spec: { kind: d.kind, ...rest } as ProposalView["spec"],
    rules: p.rules,
    status: p.decided ? "decided" : withdrawn ? "withdrawn" : closed ? "closed" : "open",
    stale: arrivals ? isStale(fold, p, arrivals) : false,
    closedAt: p.decided ? p.decided.seal.close : close,
    electorate: shownElectorate,
    votes,
    notVoted: shownElectorate.filter((m) => !(m in votes)),
    tally,
    needed: stillNeeded(p.rules, isAmendment, tally),
    seals: p.seals.map((s) => ({
      id: s.id,
      by: s.by,
      at: s.at,
      votes: s.votes.map((v) => v.id),
      close: s.close,
      everyoneVoted: s.everyoneVoted,
      confirmed: p.decided?.seal.id === s.id,
      tally: s.tally,
    })),
    comments: [...p.comments],
  };
  if (p.decided) {
    view.decided = { seal: p.decided.seal.id, confirmation: p.decided.confirmation, tally: p.decided.seal.tally };
    // Who confirmed and when, for the decision record (src/core/papers).
    const confirmation = fold.events.get(p.decided.confirmation);
    if (confirmation)
      Object.assign(view.decided, { confirmedBy: confirmation.body.by, confirmedAt: confirmation.body.at });
  }
  const spend = spends.get(e.id);
  if (spend) view.spend = spend;
  return view;
}
