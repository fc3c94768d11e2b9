/**
 * The chair's side of a meetup with no network (docs/rules.md §6): a scanned ballot is checked on
 * this phone before it counts. In order: is it a ballot at all (core `decodeBallot`), is its
 * signature good (so a changed ballot is caught before anything else is said about it), is it
 * for this pool, this proposal and a voter in its electorate (core `judgeBallot`); only then is
 * it added to the pool, where the full rules run once more (a vote after the close, say).
 *
 * Every outcome comes back as one plain sentence, so the screen, a screen reader and the tests
 * all say the same thing.
 */
import {
  type AnyDecodedEvent,
  type BallotChoice,
  type DecodedEvent,
  decodeBallot,
  describeBallot,
  type EventId,
  judgeBallot,
  type MemberId,
  type PoolState,
  type ReasonCode,
  verifyEvents,
} from "../../core/index.ts";
import { sha256 } from "../../crypto/index.ts";
import type { PoolDeps, PoolSession, SyncReasonCode } from "../../sync/index.ts";
import { reasonSentence } from "../reasonText.ts";
import { memberName } from "../selectors.ts";

/** A ballot for another proposal of this pool: valid, but not what the chair is collecting. */
export type BallotRefusal = ReasonCode | SyncReasonCode | "other-proposal";

/**
 * Refusals in the chair's words, about a ballot someone is holding up. Anything not here is
 * said with the core's own sentence (REASONS), as the audit view says it.
 */
export const BALLOT_REASONS: Partial<Record<BallotRefusal, string>> = {
  "not-a-ballot": "This QR code is not a Pools ballot.",
  "not-json": "This ballot is damaged or was changed: it cannot be read.",
  "not-canonical": "This ballot is damaged or was changed: it cannot be read.",
  "bad-envelope": "This ballot is damaged or was changed: it cannot be read.",
  "bad-data": "This ballot is damaged or was changed: it cannot be read.",
  "too-large": "This ballot is larger than any real ballot.",
  "bad-signature": "Its signature does not match what it says: this ballot was changed or forged.",
  "wrong-pool": "This ballot is from another pool.",
  "not-a-member": "The voter is not a member of this pool.",
  "not-in-electorate": "The voter cannot vote on this proposal: they joined after it was made.",
  "proposal-missing": "This ballot is for a proposal this phone does not have.",
  "already-closed": "Voting had already closed when this ballot was cast.",
  "proposal-withdrawn": "The proposal was withdrawn.",
  "other-proposal": "This ballot is for another proposal of this pool.",
};

export function ballotReasonText(reason: BallotRefusal): string {
  return BALLOT_REASONS[reason] ?? reasonSentence(reason);
}

export type BallotOutcome =
  | {
      /** Counted now (it may replace the voter's earlier vote). */
      status: "counted";
      ballot: EventId;
      voter: MemberId;
      choice: BallotChoice;
      message: string;
    }
  | {
      /** This phone already held this exact ballot: nothing changes. */
      status: "already";
      ballot: EventId;
      voter: MemberId;
      choice: BallotChoice;
      message: string;
    }
  | {
      /** Valid and kept, but the voter has a later vote on this phone, and that one counts. */
      status: "superseded";
      ballot: EventId;
      voter: MemberId;
      choice: BallotChoice;
      message: string;
    }
  | { status: "refused"; reason: BallotRefusal; message: string; ballot?: EventId };

function refused(reason: BallotRefusal, ballot?: EventId, detail?: string): BallotOutcome {
  const base = `Ballot refused: ${ballotReasonText(reason)}`;
  return { status: "refused", reason, ballot, message: detail ? `${base} ${detail}` : base };
}

export interface CollectOptions {
  /** The proposal being decided; a ballot for any other proposal is refused. */
  proposal?: EventId;
  /** Who holds this phone, so their own ballot reads "You". */
  me?: MemberId;
}

/**
 * Checks one scanned ballot and, if it is good, adds it to the pool. Never throws for bad
 * input; a failure of this phone's storage does throw (the caller says so plainly).
 */
export async function collectBallot(
  session: PoolSession,
  deps: Pick<PoolDeps, "verifier">,
  text: string,
  options: CollectOptions = {},
): Promise<BallotOutcome> {
  const decoded = decodeBallot(text, sha256);
  if (!decoded.ok) return refused(decoded.reason);
  const vote = decoded.value;
  const who = (state: PoolState | undefined) => (state ? memberName(state, vote.body.by, options.me) : "a member");
  const said = (state: PoolState | undefined) =>
    describeBallot(state?.proposals[vote.body.data.proposal]?.spec, vote.body.data.choice);
  const what = (state: PoolState | undefined) => `${who(state)} voted ${said(state)}`;
  const facts = { ballot: vote.id, voter: vote.body.by, choice: vote.body.data.choice };

  const view = session.view();
  const state = view.state;
  if (!state) return refused("proposal-missing", vote.id);
  if (view.verified.has(vote.id) && view.events.has(vote.id)) return heldAlready(state, vote, who, what);

  // Signature first: a changed ballot says "changed", whatever else it claims to be.
  const verdict = await verifyEvents([vote as AnyDecodedEvent], deps.verifier, () => undefined);
  const bad = verdict.refused[0];
  if (bad) return refused(bad.reason, vote.id);

  if (vote.body.pool === state.poolId && options.proposal && vote.body.data.proposal !== options.proposal) {
    const other = state.proposals[vote.body.data.proposal];
    return refused("other-proposal", vote.id, other ? `(“${other.title}”)` : undefined);
  }
  const judged = judgeBallot(state, vote);
  if (!judged.ok) return refused(judged.reason, vote.id);
  if (judged.value.duplicate) return { status: "already", ...facts, message: `Already counted: ${what(state)}.` };

  const appended = await session.append([vote], { partial: true });
  if (!appended.ok) return refused(appended.reason, vote.id);
  const refusal = appended.value.refused[0];
  if (refusal) return refused(refusal.reason, vote.id);
  const after = session.view().state;
  const counted = after?.proposals[vote.body.data.proposal]?.votes[vote.body.by];
  if (counted?.vote !== vote.id) {
    return { status: "superseded", ...facts, message: `Kept, but ${who(after)} has a later vote that counts instead.` };
  }
  const message = judged.value.replaces
    ? `Counted: ${who(after)} changed their vote to ${said(after)}.`
    : `Counted: ${what(after)}.`;
  return { status: "counted", ...facts, message };
}

function heldAlready(
  state: PoolState,
  vote: DecodedEvent<"vote.cast">,
  who: (s: PoolState) => string,
  what: (s: PoolState) => string,
): BallotOutcome {
  const facts = { ballot: vote.id, voter: vote.body.by, choice: vote.body.data.choice };
  const counted = state.proposals[vote.body.data.proposal]?.votes[vote.body.by];
  if (counted !== undefined && counted.vote !== vote.id)
    return {
      status: "superseded",
      ...facts,
      message: `Already on this phone; ${who(state)} has a later vote that counts instead.`,
    };
  return { status: "already", ...facts, message: `Already counted: ${what(state)}.` };
}
