import type { DecodedEvent, MemberId } from "../events/types.ts";
import { pollOf } from "../polls/pollOf.ts";
import { validatePollChoice } from "../polls/validatePoll.ts";
import type { Fold } from "../pool/fold.ts";
import type { ReasonCode } from "../reasons.ts";
import { inMask } from "../tally/voters.ts";

/**
 * `vote.cast`: its only parent is the proposal, so a ballot is self-contained and any device
 * holding the proposal can count it (ballots travel by QR code). A vote after the close is
 * valid but not counted; that is decided by the tally, not here.
 */
export function checkVote(fold: Fold, e: DecodedEvent<"vote.cast">): ReasonCode | undefined {
  const d = e.body.data;
  if (e.body.parents.length !== 1 || e.body.parents[0] !== d.proposal) return "vote-parent";
  const p = fold.proposalVotedOn(e);
  if (!p) return "proposal-missing";
  // Masking the electorate numbers its members: only then is a voter not found not in it.
  const mask = fold.voters.maskOf(p.electorateBase);
  const voter = fold.voters.find(e.body.by);
  if (voter === undefined || !inMask(mask, voter)) return "not-in-electorate";
  // A poll takes only a ballot that fits its method; any other proposal only yes/no/abstain/block (rules §11).
  const poll = pollOf(p.event.body.data);
  if (poll) return typeof d.choice !== "string" && validatePollChoice(poll, d.choice).ok ? undefined : "bad-ballot";
  if (typeof d.choice !== "string") return "bad-ballot";
  if (d.choice === "block" && !p.rules.allowBlock) return "blocks-not-allowed";
  return undefined;
}

export function applyVote(fold: Fold, e: DecodedEvent<"vote.cast">, position: number): void {
  const d = e.body.data;
  const voter = fold.voters.numberOf(e.body.by);
  const vote = { id: e.id, by: fold.voters.ids[voter] as MemberId, at: e.body.at, choice: d.choice, position, voter };
  fold.proposalVotedOn(e)?.votes.push(d.reason === undefined ? vote : { ...vote, reason: d.reason });
}
