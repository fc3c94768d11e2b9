import type { BallotChoice, DecodedEvent, EventId, MemberId } from "../events/types.ts";
import type { Bitset } from "../graph/bitset.ts";
import type { Tally } from "../pool/poolState.ts";
import type { Rules } from "../rules/rules.ts";

export interface VoteRecord {
  id: EventId;
  by: MemberId;
  at: number;
  choice: BallotChoice;
  reason?: string;
  /** Position in event order: a later vote by the same member replaces an earlier one. */
  position: number;
  /** The voter's number in the fold (`Fold.voters`): counting looks voters up by it, not by id. */
  voter: number;
}

export interface SealRecord {
  id: EventId;
  by: MemberId;
  at: number;
  votes: VoteRecord[];
  close: number;
  /** Shared between seals with the same electorate: never changed. */
  electorate: readonly MemberId[];
  everyoneVoted: boolean;
  tally: Tally;
}

/** What the fold keeps about one valid proposal while events are taken in order. */
export interface ProposalRecord {
  event: DecodedEvent<"proposal.created">;
  /** The proposal's causal past including itself: what its electorate and rules are read from. */
  past: Bitset;
  /** The rules in force in the proposal's causal past: it is tallied with these. */
  rules: Rules;
  /** Members who may vote: active there with their buy-in met, less a member it would remove. */
  electorateBase: ReadonlySet<MemberId>;
  votes: VoteRecord[];
  withdrawals: { id: EventId; at: number }[];
  comments: { id: EventId; by: MemberId; at: number; text: string }[];
  seals: SealRecord[];
  decided?: { seal: SealRecord; confirmation: EventId; at: number };
  /** Votes restored by voters the confirmed seal left out, in event order (docs/rules.md §4). */
  restorations?: RestorationRecord[];
}

/** `proposal.vote-restored`: the voter's own vote put in place of what the seal listed for them. */
export interface RestorationRecord {
  id: EventId;
  bit: number;
  vote: VoteRecord;
}
