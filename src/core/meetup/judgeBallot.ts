import type { DecodedEvent } from "../events/types.ts";
import { pollOf } from "../polls/pollOf.ts";
import { validatePollChoice } from "../polls/validatePoll.ts";
import type { PoolState } from "../pool/poolState.ts";
import { ok, type Result, refuse } from "../result.ts";

export interface BallotCheck {
  /** Already counted here: scanning it again changes nothing. */
  duplicate: boolean;
  /** Replaces an earlier vote of the same voter. */
  replaces: boolean;
}

/**
 * The chair's phone checks a scanned ballot on the spot (after its signature verified): right
 * pool, a proposal this phone holds, a voter in that proposal's electorate, a choice the rules
 * allow. The full rules run again when it is added to the pool.
 */
export function judgeBallot(state: PoolState, vote: DecodedEvent<"vote.cast">): Result<BallotCheck> {
  if (vote.body.pool !== state.poolId) return refuse("wrong-pool");
  const proposal = state.proposals[vote.body.data.proposal];
  if (!proposal) return refuse("proposal-missing");
  if (!proposal.electorate.includes(vote.body.by)) {
    return refuse(state.activeMembers.includes(vote.body.by) ? "not-in-electorate" : "not-a-member");
  }
  const choice = vote.body.data.choice;
  const poll = pollOf(proposal.spec);
  if (poll) {
    if (typeof choice === "string" || !validatePollChoice(poll, choice).ok) return refuse("bad-ballot");
  } else if (typeof choice !== "string") return refuse("bad-ballot");
  if (choice === "block" && !proposal.rules.allowBlock) return refuse("blocks-not-allowed");
  const counted = proposal.votes[vote.body.by];
  return ok({ duplicate: counted?.vote === vote.id, replaces: counted !== undefined && counted.vote !== vote.id });
}
