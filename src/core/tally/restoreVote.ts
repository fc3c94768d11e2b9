import { overturnDissolve } from "../dissolve/applyDissolve.ts";
import { HOUR_MS } from "../events/limits.ts";
import type { DecodedEvent, MemberId } from "../events/types.ts";
import { type Bitset, hasBit } from "../graph/bitset.ts";
import { votesInPast } from "../graph/votesInPast.ts";
import type { Fold } from "../pool/fold.ts";
import type { Tally } from "../pool/poolState.ts";
import type { ProposalRecord, RestorationRecord, VoteRecord } from "../proposals/proposalRecord.ts";
import type { ReasonCode } from "../reasons.ts";
import { applyPassed } from "./applyDecision.ts";
import { isStaleAmendment } from "./applySeal.ts";
import { tallyOf } from "./countVotes.ts";

/**
 * `proposal.vote-restored` (docs/rules.md §4 "Seal"): an elector whose own vote, dated at or before
 * the close, the confirmed seal left out (or for whom it listed an earlier vote) puts it back.
 * Only they may; its parents hold the confirmation and the vote; it is dated within
 * `restoreHours` of the confirmation. So two members who seal without the others' votes are
 * undone by those voters, each restoring only their own vote.
 */
export function checkRestoration(fold: Fold, e: DecodedEvent<"proposal.vote-restored">): ReasonCode | undefined {
  const d = e.body.data;
  const p = fold.proposals.get(d.proposal);
  if (!p || !fold.inPast(fold.pastOf(e.id), p.event.id)) return "proposal-missing";
  if (!p.decided) return "not-decided";
  const { seal, confirmation, at: confirmedAt } = p.decided;
  if (!e.body.parents.includes(confirmation) || !e.body.parents.includes(d.vote)) return "restore-parents";
  const vote = p.votes.find((v) => v.id === d.vote);
  if (!vote || !fold.valid.has(vote.id)) return "restore-parents";
  if (vote.by !== e.body.by) return "restore-not-own-vote";
  if (e.body.at > confirmedAt + p.rules.restoreHours * HOUR_MS) return "restore-too-late";
  if (vote.at > seal.close || !seal.electorate.includes(vote.by)) return "restore-not-countable";
  const listed = seal.votes.find((v) => v.by === vote.by);
  if (listed && listed.position >= vote.position) return "restore-not-left-out";
  // Their last vote by the close among those the restoration holds: a voter cannot pick an older one.
  const later = votesInPast(fold, e.id, p.event.id).some(
    (v) => v.by === vote.by && v.position > vote.position && v.at <= seal.close,
  );
  if (later) return "restore-not-latest";
  if (p.restorations?.some((r) => r.vote.by === vote.by)) return "already-restored";
  return undefined;
}

export function applyRestoration(fold: Fold, e: DecodedEvent<"proposal.vote-restored">): void {
  const p = fold.proposals.get(e.body.data.proposal);
  const vote = p?.votes.find((v) => v.id === e.body.data.vote);
  if (!p || !vote) return;
  // Judged with every restoration taken so far: concurrent restorations by several left-out voters
  // may flip the result only together, and the one that completes the flip (in event order) applies it.
  const before = resultIn(fold, p, "everything").passed;
  const record: RestorationRecord = { id: e.id, bit: fold.bit(e.id) as number, vote };
  if (p.restorations) p.restorations.push(record);
  else p.restorations = [record];
  const after = resultIn(fold, p, "everything").passed;
  if (before !== after) overturn(fold, p, e.id, e.body.at, after);
}

/**
 * The result of a decided proposal where `past` is known: the confirmed seal's votes with every
 * restoration in that past in place of its voter's listed vote. Undecided proposals have none.
 */
export function resultIn(fold: Fold, p: ProposalRecord, past: Bitset | "everything"): Tally {
  const decided = p.decided;
  if (!decided) throw new Error("resultIn: the proposal has no confirmed result");
  const restorations = (p.restorations ?? []).filter((r) => past === "everything" || hasBit(past, r.bit));
  if (restorations.length === 0) return decided.seal.tally;
  const votes = votesWithRestorations(decided.seal.votes, restorations);
  const tally = tallyOf(
    p.rules,
    p.event.body.data.kind,
    decided.seal.electorate.length,
    votes.map((v) => v.choice),
  );
  if (tally.passed && isStaleAmendment(fold, p, fold.pastOf(decided.seal.id))) {
    tally.passed = false;
    tally.failReason = "stale-amendment";
  }
  return tally;
}

/** The seal's votes with each restored vote in place of its voter's listed one (or added). */
export function votesWithRestorations(
  listed: readonly VoteRecord[],
  restorations: readonly RestorationRecord[],
): readonly VoteRecord[] {
  // Nothing restored (nearly always): the seal's own list, already in event order.
  if (restorations.length === 0) return listed;
  const byVoter = new Map<MemberId, VoteRecord>();
  for (const v of listed) byVoter.set(v.by, v);
  for (const r of restorations) byVoter.set(r.vote.by, r.vote);
  return [...byVoter.values()].sort((a, b) => a.position - b.position);
}

/**
 * A result that flips is overturned for every event holding the restoration: a spend that no
 * longer passes authorises nothing more and its payouts are flagged; a removal stops applying
 * (the member is active again); a rules change stops applying (see `Fold.rulesAt`); a cancel-spend
 * stops cancelling. Budget rounds already opened are not undone (see the README). A failed
 * result that now passes takes effect here, as if this restoration had confirmed it.
 */
function overturn(fold: Fold, p: ProposalRecord, at: string, when: number, nowPasses: boolean): void {
  if (nowPasses) {
    // Rules changes are already listed with their proposal; `Fold.rulesAt` reads the result.
    if (p.event.body.data.kind !== "rules") applyPassed(fold, p, at, when);
    return;
  }
  const d = p.event.body.data;
  if (d.kind === "remove-member") {
    const marks = fold.marks.get(d.member);
    const last = marks?.[marks.length - 1];
    if (last?.kind === "depart" && fold.removals.has(last.event)) fold.addMark(d.member, "admit", at);
    return;
  }
  if (d.kind === "spend" || d.kind === "flood.join") fold.ledger.overturn(p.event.id, at);
  if (d.kind === "dissolve") overturnDissolve(fold, p, at);
  if (d.kind === "cancel-spend") {
    // The spend it ended is approved again for its unpaid part (unless another cancel-spend passed).
    const stillCancelled = [...fold.proposals.values()].some(
      (o) =>
        o !== p &&
        o.event.body.data.kind === "cancel-spend" &&
        o.event.body.data.spend === d.spend &&
        o.decided !== undefined &&
        resultIn(fold, o, "everything").passed,
    );
    if (stillCancelled) return;
    fold.cancelledSpends.delete(d.spend);
    const spend = fold.ledger.spends.get(d.spend);
    if (spend) spend.cancelled = false;
  }
}
