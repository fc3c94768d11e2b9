import { MAX_COMMENTS_PER_PROPOSAL, MAX_OPEN_PROPOSALS } from "../events/limits.ts";
import type { DecodedEvent, MemberId } from "../events/types.ts";
import type { Fold } from "../pool/fold.ts";
import type { ReasonCode } from "../reasons.ts";
import { closeOf } from "../tally/close.ts";
import type { ProposalRecord } from "./proposalRecord.ts";

/**
 * docs/rules.md §3 "Caps on one member's volume": at most 10 open proposals per member at once and
 * 100 comments by one member on one proposal, so one member cannot drown a pool (and every
 * device's re-derive) in thousands of proposals.
 */

/** Per fold (one derivation pass): each author's proposals that may still be open, in event order. */
const openBy = new WeakMap<Fold, Map<MemberId, ProposalRecord[]>>();

function isOpenAt(fold: Fold, p: ProposalRecord, at: number): boolean {
  if (p.decided) return false;
  if (p.withdrawals.some((w) => w.at <= at)) return false;
  if (p.event.body.data.closesAt <= at) return false;
  // Closed early when everyone voted (judged with the votes and departures taken so far).
  return closeOf(p, p.votes, fold.departedAt(p, "everything")) > at;
}

export function checkOpenProposals(fold: Fold, e: DecodedEvent<"proposal.created">): ReasonCode | undefined {
  const mine = openBy.get(fold)?.get(e.body.by);
  if (!mine || mine.length < MAX_OPEN_PROPOSALS) return undefined;
  // Events are taken in order of `at`, so a proposal closed now stays closed for every later one.
  const still = mine.filter((p) => isOpenAt(fold, p, e.body.at));
  openBy.get(fold)?.set(e.body.by, still);
  return still.length >= MAX_OPEN_PROPOSALS ? "too-many-open-proposals" : undefined;
}

export function noteProposal(fold: Fold, p: ProposalRecord): void {
  let byAuthor = openBy.get(fold);
  if (!byAuthor) {
    byAuthor = new Map();
    openBy.set(fold, byAuthor);
  }
  const list = byAuthor.get(p.event.body.by);
  if (list) list.push(p);
  else byAuthor.set(p.event.body.by, [p]);
}

export function checkCommentCap(p: ProposalRecord, by: MemberId): ReasonCode | undefined {
  let n = 0;
  for (const c of p.comments) if (c.by === by && ++n >= MAX_COMMENTS_PER_PROPOSAL) return "too-many-comments";
  return undefined;
}
