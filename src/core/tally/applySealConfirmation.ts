import { HOUR_MS } from "../events/limits.ts";
import type { DecodedEvent, EventId, MemberId } from "../events/types.ts";
import { votesInPast } from "../graph/votesInPast.ts";
import type { Fold } from "../pool/fold.ts";
import type { ProposalRecord, SealRecord } from "../proposals/proposalRecord.ts";
import type { ReasonCode } from "../reasons.ts";
import { departuresIn, withVotes } from "./applySeal.ts";
import { closeOfMerged } from "./close.ts";
import { inMask } from "./voters.ts";

export interface SealRef {
  proposal: ProposalRecord;
  seal: SealRecord;
}

/**
 * `proposal.seal-confirmed`: another member of the same electorate confirms a seal. Refused when dated inside the
 * late-vote window (unless everyone voted) or when its own causal past holds a countable vote
 * the seal lacks, so nobody can finalise a count they know to be incomplete. The first valid
 * confirmation in event order decides the proposal; later ones are refused.
 */
export function checkSealConfirmation(
  fold: Fold,
  e: DecodedEvent<"proposal.seal-confirmed">,
  seals: ReadonlyMap<EventId, SealRef>,
): ReasonCode | SealRef {
  const ref = seals.get(e.body.data.seal);
  if (!ref || !fold.inPast(fold.pastOf(e.id), ref.seal.id)) return "seal-missing";
  const { proposal: p, seal } = ref;
  if (seal.by === e.body.by) return "own-seal";
  if (p.decided) return "already-decided";
  if (!seal.everyoneVoted && e.body.at < seal.close + p.rules.sealAfterHours * HOUR_MS) return "confirm-too-early";
  // A seal's electorate is part of the proposal's base electorate: as large, it is all of it.
  const electorate: ReadonlySet<MemberId> =
    seal.electorate.length === p.electorateBase.size ? p.electorateBase : new Set(seal.electorate);
  // Only another elector confirms: someone who joined after the proposal, a puppet included, cannot.
  if (!electorate.has(e.body.by)) return "confirm-not-elector";
  const held = votesInPast(fold, e.id, p.event.id);
  // The votes held here may close the proposal earlier than the seal saw (closeWhenAllVoted): a
  // listed vote cast after that close does not stand in for the countable vote it replaced.
  const departedAt = departuresIn(fold, p, fold.pastOf(seal.id));
  const merged = () => withVotes(seal.votes, held);
  const close = Math.min(seal.close, closeOfMerged(p, seal.votes.length + held.length, merged, departedAt));
  // A seal lists each voter once: their listed vote, by voter number.
  const { voters } = fold;
  const mask = voters.maskOf(electorate);
  voters.begin();
  seal.votes.forEach((v, i) => {
    voters.set(v.voter, i);
  });
  for (const v of held) {
    if (!inMask(mask, v.voter) || v.at > close) continue;
    const mine = seal.votes[voters.get(v.voter)];
    if (!mine || v.position > mine.position || mine.at > close) return "seal-lacks-vote";
  }
  return ref;
}
