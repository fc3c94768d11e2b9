import { HOUR_MS } from "../events/limits.ts";
import type { DecodedEvent, EventId, MemberId } from "../events/types.ts";
import { votesInPast } from "../graph/votesInPast.ts";
import type { Fold } from "../pool/fold.ts";
import type { ProposalRecord, SealRecord } from "../proposals/proposalRecord.ts";
import type { ReasonCode } from "../reasons.ts";
import { departuresIn, withVotes } from "./applySeal.ts";
import { closeOf } from "./close.ts";

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
  const listed = new Map(seal.votes.map((v) => [v.by, v]));
  const held = votesInPast(fold, e.id, p.event.id);
  // The votes held here may close the proposal earlier than the seal saw (closeWhenAllVoted): a
  // listed vote cast after that close does not stand in for the countable vote it replaced.
  const departedAt = departuresIn(fold, p, fold.pastOf(seal.id));
  const close = Math.min(seal.close, closeOf(p, withVotes(seal.votes, held), departedAt));
  for (const v of held) {
    if (!electorate.has(v.by) || v.at > close) continue;
    const mine = listed.get(v.by);
    if (!mine || v.position > mine.position || mine.at > close) return "seal-lacks-vote";
  }
  return ref;
}
