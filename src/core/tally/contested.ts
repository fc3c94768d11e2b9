import type { MemberId } from "../events/types.ts";
import type { DecidedView, ProposalView } from "../pool/poolState.ts";

/**
 * docs/rules.md §4 "Seal": a device that holds a countable vote missing from a confirmed result shows
 * the result as contested until its voter restores it or the restore window ends.
 */
export function isContested(decided: DecidedView, now: number): boolean {
  return decided.missing.length > 0 && now <= decided.restoreUntil;
}

/** The member's own vote that the confirmed result leaves out, while they may still restore it. */
export function myMissingVote(
  view: ProposalView,
  me: MemberId,
  now: number,
): DecidedView["missing"][number] | undefined {
  const d = view.decided;
  if (!d || now > d.restoreUntil) return undefined;
  return d.missing.find((m) => m.voter === me);
}
