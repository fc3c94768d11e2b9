import { checkNotDissolved } from "../dissolve/applyDissolve.ts";
import { HOUR_MS, MAX_CLOSE_MS } from "../events/limits.ts";
import type { DecodedEvent } from "../events/types.ts";
import type { Fold } from "../pool/fold.ts";
import type { ReasonCode } from "../reasons.ts";
import { applyRuleChange, consistent } from "../rules/validateRules.ts";
import { closeOf } from "../tally/close.ts";
import { electorateAt } from "../tally/electorate.ts";
import { checkCommentCap, checkOpenProposals, noteProposal } from "./caps.ts";
import type { ProposalRecord } from "./proposalRecord.ts";

/** `proposal.created`: open at least `minVotingHours` and at most 90 days; each kind's own checks. */
export function checkProposal(fold: Fold, e: DecodedEvent<"proposal.created">): ReasonCode | undefined {
  const past = fold.pastOf(e.id);
  const rules = fold.rulesAt(past);
  const d = e.body.data;
  const open = d.closesAt - e.body.at;
  const dissolved = checkNotDissolved(fold, e);
  if (dissolved) return dissolved;
  if (open < rules.minVotingHours * HOUR_MS || open > MAX_CLOSE_MS) return "bad-close-time";
  const capped = checkOpenProposals(fold, e);
  if (capped) return capped;
  switch (d.kind) {
    case "rules":
      return consistent(applyRuleChange(rules, d.changes)) ? undefined : "bad-rule-value";
    case "remove-member":
      return fold.isActiveAt(d.member, past) ? undefined : "target-not-member";
    case "round":
      // The round opens only once this proposal is decided, so buckets need time after its close.
      return d.bucketDeadline >= d.closesAt ? undefined : "bad-close-time";
    case "cancel-spend": {
      const target = fold.proposals.get(d.spend);
      return target && target.event.body.data.kind === "spend" && fold.inPast(past, d.spend)
        ? undefined
        : "spend-missing";
    }
    default:
      return undefined;
  }
}

export function applyProposal(fold: Fold, e: DecodedEvent<"proposal.created">): void {
  const past = fold.inclusiveOf(e.id);
  const rules = fold.rulesAt(fold.pastOf(e.id));
  const d = e.body.data;
  const record: ProposalRecord = {
    event: e,
    past,
    rules,
    electorateBase: electorateAt(fold, past, rules, d.kind === "remove-member" ? d.member : undefined, e.body.at),
    votes: [],
    withdrawals: [],
    comments: [],
    seals: [],
  };
  fold.addProposal(record);
  noteProposal(fold, record);
}

/** `proposal.withdrawn`: by its author, before it closes. */
export function checkWithdrawal(fold: Fold, e: DecodedEvent<"proposal.withdrawn">): ReasonCode | undefined {
  const p = fold.proposals.get(e.body.data.proposal);
  if (!p || !fold.inPast(fold.pastOf(e.id), p.event.id)) return "proposal-missing";
  if (p.event.body.by !== e.body.by) return "not-the-author";
  if (p.decided) return "already-closed";
  // Closed early when everyone voted: judged with the votes and departures taken so far.
  const close = closeOf(p, p.votes, fold.departedAt(p, fold.pastOf(e.id)));
  if (e.body.at >= close) return "already-closed";
  return undefined;
}

export function applyWithdrawal(fold: Fold, e: DecodedEvent<"proposal.withdrawn">): void {
  fold.proposals.get(e.body.data.proposal)?.withdrawals.push({ id: e.id, at: e.body.at });
}

/** `proposal.comment`: discussion, by any active member, on a proposal in its past. */
export function checkComment(fold: Fold, e: DecodedEvent<"proposal.comment">): ReasonCode | undefined {
  const p = fold.proposals.get(e.body.data.proposal);
  if (!p || !fold.inPast(fold.pastOf(e.id), p.event.id)) return "proposal-missing";
  return checkCommentCap(p, e.body.by);
}

export function applyComment(fold: Fold, e: DecodedEvent<"proposal.comment">): void {
  fold.proposals
    .get(e.body.data.proposal)
    ?.comments.push({ id: e.id, by: e.body.by, at: e.body.at, text: e.body.data.text });
}
