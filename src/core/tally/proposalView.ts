import { HOUR_MS } from "../events/limits.ts";
import type { EventId, MemberId } from "../events/types.ts";
import { countPoll } from "../polls/countPoll.ts";
import { pollOf } from "../polls/pollOf.ts";
import type { PollChoice } from "../polls/pollTypes.ts";
import type { Fold } from "../pool/fold.ts";
import type { DecidedView, ProposalView, SpendView } from "../pool/poolState.ts";
import type { ProposalRecord, VoteRecord } from "../proposals/proposalRecord.ts";
import { departuresIn } from "./applySeal.ts";
import { closeOf } from "./close.ts";
import { isContested } from "./contested.ts";
import {
  countedVotes,
  electorateSetAtClose,
  sortedElectorateAtClose,
  sortedSealElectorate,
  stillNeeded,
  tallyOf,
} from "./countVotes.ts";
import { resultIn, votesWithRestorations } from "./restoreVote.ts";
import { isStale } from "./staleness.ts";
import type { SortedElectorate, Voters } from "./voters.ts";

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
  // A decided proposal shows its seal's count and close; only an undecided one is counted here.
  const close = p.decided ? p.decided.seal.close : closeOf(p, p.votes, departedAt);
  const electorateNow = p.decided ? p.electorateBase : electorateSetAtClose(p, close, departedAt);
  const result = p.decided ? decidedView(fold, p, now) : undefined;
  // One vote per voter: the seal's with restorations once decided, else each elector's last by the close.
  const shown: readonly VoteRecord[] = result ? result.votes : countedVotes(fold.voters, p.votes, electorateNow, close);
  const tally = result
    ? result.view.tally
    : tallyOf(
        p.rules,
        d.kind,
        electorateNow.size,
        shown.map((v) => v.choice),
      );
  const withdrawn = !p.decided && p.withdrawals.some((w) => w.at < close);
  const closed = p.decided !== undefined || now >= close;
  const votes: ProposalView["votes"] = {};
  const closedAt = p.decided ? p.decided.seal.close : close;
  const restored = result?.view.restored;
  for (const v of shown) {
    const entry: ProposalView["votes"][MemberId] = { choice: v.choice, vote: v.id, at: v.at };
    if (v.reason !== undefined) entry.reason = v.reason;
    // Members are trusted with their clocks, but a vote this device first held after the close shows.
    const arrived = arrivals?.get(v.id);
    if (arrived !== undefined && arrived > closedAt) entry.arrivedAfterClose = true;
    if (restored !== undefined && restored.length > 0 && restored.some((r) => r.vote === v.id)) entry.restored = true;
    votes[v.by] = entry;
  }
  const sortedElectorate = p.decided
    ? sortedSealElectorate(fold.voters, p, p.decided.seal.electorate)
    : sortedElectorateAtClose(fold.voters, p, close, departedAt);
  const shownElectorate = sortedElectorate.ids.slice();
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
    closedAt,
    electorate: shownElectorate,
    votes,
    notVoted: notVoted(fold.voters, sortedElectorate, shown),
    tally,
    needed: stillNeeded(p.rules, d.kind, tally),
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
  if (result) view.decided = result.view;
  // A poll is counted over exactly the ballots the tally counts: the seal's, with restorations, once decided.
  const poll = pollOf(d);
  if (poll)
    view.poll = countPoll(
      poll,
      shown.map((v) => ({ by: v.by, choice: v.choice as PollChoice })),
    );
  const spend = spends.get(e.id);
  if (spend) view.spend = spend;
  return view;
}

/** The confirmed result with restorations in place, what this device holds that it misses, and the restore window it opens. */
function decidedView(fold: Fold, p: ProposalRecord, now: number) {
  const decided = p.decided as NonNullable<ProposalRecord["decided"]>;
  const { seal } = decided;
  const restorations = p.restorations ?? [];
  const votes = votesWithRestorations(seal.votes, restorations);
  const tally = resultIn(fold, p, "everything");
  // Each elector's last vote by the close that this device holds.
  // A seal's electorate is part of the base electorate: as large, it is all of it (no copy of 1,000).
  const electorate: ReadonlySet<MemberId> =
    seal.electorate.length === p.electorateBase.size ? p.electorateBase : new Set(seal.electorate);
  const last = countedVotes(fold.voters, p.votes, electorate, seal.close);
  // The result holds one vote per voter: its place, by voter number.
  const { voters } = fold;
  voters.begin();
  for (const v of votes) voters.set(v.voter, v.position);
  const missing: DecidedView["missing"] = [];
  for (const v of last) {
    const counted = voters.get(v.voter);
    if (counted < 0 || counted < v.position) missing.push({ voter: v.by, vote: v.id, at: v.at });
  }
  const restoreUntil = decided.at + p.rules.restoreHours * HOUR_MS;
  const view: DecidedView = {
    seal: seal.id,
    confirmation: decided.confirmation,
    confirmedAt: decided.at,
    // Who confirmed, for the decision record (src/core/papers).
    confirmedBy: fold.events.get(decided.confirmation)?.body.by ?? "",
    tally,
    sealTally: seal.tally,
    overturned: tally.passed !== seal.tally.passed,
    restored: restorations.map((r) => ({ voter: r.vote.by, vote: r.vote.id, restoration: r.id })),
    missing,
    restoreUntil,
    contested: false,
  };
  view.contested = isContested(view, now);
  return { view, votes };
}

/** The electors (sorted) with no vote among those shown. */
function notVoted(voters: Voters, electorate: SortedElectorate, shown: readonly VoteRecord[]): MemberId[] {
  voters.begin();
  for (const v of shown) voters.set(v.voter, 1);
  const { ids, numbers } = electorate;
  // Counted first, so the list is made at its size (900 of 1,000 names, for each of 1,000 proposals).
  let count = 0;
  for (let i = 0; i < ids.length; i++) if (voters.get(numbers[i] as number) < 0) count++;
  const out = new Array<MemberId>(count);
  let k = 0;
  for (let i = 0; i < ids.length; i++) if (voters.get(numbers[i] as number) < 0) out[k++] = ids[i] as MemberId;
  return out;
}
