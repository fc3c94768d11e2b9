/**
 * Proposals and votes: create each kind, vote or change a vote, withdraw, comment, seal the
 * result after the close, and confirm another member's seal (docs/rules.md §4).
 */
import {
  type BallotChoice,
  type EventId,
  limits,
  myMissingVote,
  type ProposalSpec,
  type ProposalView,
  sealsToConfirm,
} from "../../core/index.ts";

const HOUR_MS = limits.HOUR_MS;

import { author, type PoolContext } from "../author.ts";
import { eventTime } from "../clock.ts";
import { type CommandResult, failed } from "../errors.ts";
import { checkRoundSpec } from "./rounds.ts";

export interface ProposalDraft {
  title: string;
  text: string;
  /** How long voting stays open, in hours; defaults to the pool's `votingDays`. */
  openHours?: number;
  spec: ProposalSpec;
}

function checkDraft(draft: ProposalDraft, minHours: number): string | undefined {
  const title = draft.title.trim();
  if (title === "") return "Give the proposal a short title.";
  if (title.length > limits.MAX_TITLE) return `A title can be at most ${limits.MAX_TITLE} characters.`;
  if (draft.text.length > limits.MAX_TEXT) return `The text can be at most ${limits.MAX_TEXT} characters.`;
  const hours = draft.openHours;
  if (hours !== undefined && (!Number.isFinite(hours) || hours < minHours))
    return `Voting must stay open at least ${minHours} hour${minHours === 1 ? "" : "s"} under this pool's rules.`;
  if (hours !== undefined && hours * HOUR_MS > limits.MAX_CLOSE_MS) return "Voting can stay open at most 90 days.";
  const s = draft.spec;
  if (s.kind === "spend") {
    if (!Number.isSafeInteger(s.amount) || s.amount <= 0) return "Type the amount to spend, more than zero.";
    if (s.payee.trim() === "") return "Say who will be paid.";
    if (s.payee.length > limits.MAX_PAYEE) return `The payee can be at most ${limits.MAX_PAYEE} characters.`;
  }
  if (s.kind === "rules" && Object.keys(s.changes).length === 0) return "Change at least one rule.";
  return undefined;
}

export async function propose(ctx: PoolContext, draft: ProposalDraft): Promise<CommandResult<EventId>> {
  const rules = ctx.state()?.rules;
  if (!rules) return failed("This pool has not finished loading on this phone yet.");
  const problem = checkDraft(draft, rules.minVotingHours);
  if (problem) return failed(problem);
  const openMs = Math.round((draft.openHours ?? rules.votingDays * 24) * HOUR_MS);
  if (draft.spec.kind === "round") {
    const roundProblem = checkRoundSpec(draft.spec, eventTime((ctx.state()?.latestAt ?? 0) + 1) + openMs);
    if (roundProblem) return failed(roundProblem);
  }
  const spec = draft.spec.kind === "spend" ? { ...draft.spec, payee: draft.spec.payee.trim() } : draft.spec;
  return author(ctx, "proposal.created", (at) => ({
    title: draft.title.trim(),
    text: draft.text.trim(),
    closesAt: at + openMs,
    ...spec,
  }));
}

/**
 * A ballot's only parent is its proposal, so it is self-contained (it can travel by QR code).
 * A changed vote is dated after the voter's previous one, so it replaces it in event order.
 */
export async function castVote(
  ctx: PoolContext,
  proposalId: EventId,
  choice: BallotChoice,
  reason?: string,
): Promise<CommandResult<EventId>> {
  const p = ctx.state()?.proposals[proposalId];
  const me = ctx.me();
  if (!p || !me) return failed("This proposal is not on this phone yet.");
  if (p.status === "withdrawn") return failed("This proposal was withdrawn; there is nothing to vote on.");
  const why = reason?.trim();
  if (why && why.length > limits.MAX_VOTE_REASON)
    return failed(`A reason can be at most ${limits.MAX_VOTE_REASON} characters.`);
  const previous = p.votes[me.id]?.at ?? 0;
  const data = why ? { proposal: proposalId, choice, reason: why } : { proposal: proposalId, choice };
  return author(ctx, "vote.cast", data, { parents: [proposalId], notBefore: Math.max(p.at + 1, previous + 1) });
}

export function withdraw(ctx: PoolContext, proposalId: EventId): Promise<CommandResult<EventId>> {
  return author(ctx, "proposal.withdrawn", { proposal: proposalId });
}

export async function comment(ctx: PoolContext, proposalId: EventId, text: string): Promise<CommandResult<EventId>> {
  const clean = text.trim();
  if (clean === "") return failed("Type a comment first.");
  if (clean.length > limits.MAX_COMMENT) return failed(`A comment can be at most ${limits.MAX_COMMENT} characters.`);
  return author(ctx, "proposal.comment", { proposal: proposalId, text: clean });
}

/** Seals the count this phone holds: every counted vote, after the close. */
export async function seal(ctx: PoolContext, proposalId: EventId): Promise<CommandResult<EventId>> {
  const p = ctx.state()?.proposals[proposalId];
  const me = ctx.me();
  if (!p) return failed("This proposal is not on this phone yet.");
  if (me && !p.electorate.includes(me.id)) return failed("Only members who could vote on this proposal may seal it.");
  if (p.status !== "closed" || p.closedAt === undefined)
    return failed("A result can be sealed only after voting has closed.");
  const votes = Object.values(p.votes).map((v) => v.vote);
  return author(ctx, "proposal.sealed", { proposal: proposalId, votes }, { notBefore: p.closedAt });
}

/**
 * Confirms another member's seal, only when it misses no vote this phone holds, the late-vote
 * window is over (or everyone voted), and the proposal is not stale (the core's sealsToConfirm).
 */
export async function confirmSeal(ctx: PoolContext, proposalId: EventId, now: number): Promise<CommandResult<EventId>> {
  const state = ctx.state();
  const me = ctx.me();
  if (!state || !me) return failed("This pool has not finished loading on this phone yet.");
  const p = state.proposals[proposalId];
  const ok = sealsToConfirm(state, me.id, now).find((s) => s.proposal === proposalId);
  if (!p || !ok) return failed(whyNotConfirmable(state.proposals[proposalId], me.id, now));
  return author(ctx, "proposal.seal-confirmed", { seal: ok.seal });
}

export function whyNotConfirmable(p: ProposalView | undefined, me: string, now: number): string {
  if (!p) return "This proposal is not on this phone yet.";
  if (p.stale)
    return "This phone treats the proposal as stale (it left out members or rules this phone already knew), so it will not confirm it.";
  const others = p.seals.filter((s) => s.by !== me);
  if (others.length === 0) return "There is no seal by another member to confirm yet.";
  const held = Object.values(p.votes).map((v) => v.vote);
  if (!others.some((s) => held.every((v) => s.votes.includes(v))))
    return "Every seal leaves out a vote this phone holds. Seal the result again so it counts every vote.";
  const first = others[0]!;
  const opensAt = first.close + p.rules.sealAfterHours * HOUR_MS;
  if (!first.everyoneVoted && now < opensAt)
    return "Late offline votes may still arrive; the result can be confirmed once the waiting time is over.";
  return "This result cannot be confirmed from this phone.";
}

/**
 * Restores my own vote that a confirmed seal left out (docs/rules.md §4 "Seal"): its parents are the
 * seal's confirmation and that vote, and it must be dated within `restoreHours` of the confirmation.
 */
export async function restoreMyVote(
  ctx: PoolContext,
  proposalId: EventId,
  now: number,
): Promise<CommandResult<EventId>> {
  const p = ctx.state()?.proposals[proposalId];
  const me = ctx.me();
  if (!p || !me) return failed("This proposal is not on this phone yet.");
  const d = p.decided;
  if (!d) return failed("There is no confirmed result to restore a vote into yet.");
  const missing = myMissingVote(p, me.id, now);
  if (!missing) {
    if (d.missing.some((m) => m.voter === me.id))
      return failed("The time to restore your vote has passed; the result stands as confirmed.");
    return failed("Your vote is already counted in this result.");
  }
  return author(
    ctx,
    "proposal.vote-restored",
    { proposal: proposalId, vote: missing.vote },
    { parents: [d.confirmation, missing.vote].sort(), notBefore: Math.max(d.confirmedAt, missing.at) + 1 },
  );
}
