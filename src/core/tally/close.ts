import { HOUR_MS } from "../events/limits.ts";
import type { MemberId } from "../events/types.ts";
import type { ProposalRecord, VoteRecord } from "../proposals/proposalRecord.ts";

/** When a member left the proposal's electorate (Infinity if they did not). */
export type DepartedAt = (member: MemberId) => number;

/** Nobody left: the usual case, which the tally recognises to skip asking about each member. */
export const NEVER_DEPARTED: DepartedAt = () => Number.POSITIVE_INFINITY;

/**
 * docs/rules.md §4.11: `closesAt`; or, under `closeWhenAllVoted`, the later of the `at` of the
 * vote after which every elector has voted and the proposal's `at` + `minVotingHours`.
 * Leaving never closes a proposal: only a vote can be the one after which all have voted.
 * `votes` are in event order.
 */
export function closeOf(p: ProposalRecord, votes: readonly VoteRecord[], departedAt: DepartedAt): number {
  const { closesAt } = p.event.body.data;
  if (!p.rules.closeWhenAllVoted || p.electorateBase.size === 0) return closesAt;
  const minClose = p.event.body.at + p.rules.minVotingHours * HOUR_MS;
  const nobodyLeft = departedAt === NEVER_DEPARTED;
  const departures = nobodyLeft
    ? []
    : [...p.electorateBase]
        .map(departedAt)
        .filter(Number.isFinite)
        .sort((a, b) => a - b);
  // Everyone can have voted only if there are at least as many ballots as electors who stay.
  if (votes.length < p.electorateBase.size - departures.length) return closesAt;
  const voted = new Set<MemberId>();
  for (const v of votes) {
    if (v.at > closesAt || !p.electorateBase.has(v.by) || (!nobodyLeft && departedAt(v.by) <= v.at)) continue;
    voted.add(v.by);
    const departedBy = countAtMost(departures, v.at);
    if (voted.size < p.electorateBase.size - departedBy) continue;
    // With nobody gone, `voted` (a subset of the base) as large as the base is all of it.
    if (nobodyLeft || allVoted(p.electorateBase, voted, departedAt, v.at))
      return Math.min(closesAt, Math.max(v.at, minClose));
  }
  return closesAt;
}

/**
 * `closeOf` over the votes of two lists merged (`merge` makes that list): the list is only made
 * when it could close the proposal early, which needs at least as many ballots as electors.
 */
export function closeOfMerged(
  p: ProposalRecord,
  ballots: number,
  merge: () => readonly VoteRecord[],
  departedAt: DepartedAt,
): number {
  const { closesAt } = p.event.body.data;
  if (!p.rules.closeWhenAllVoted || p.electorateBase.size === 0) return closesAt;
  // With nobody gone, fewer ballots than electors cannot all have voted (the first check in `closeOf`).
  if (departedAt === NEVER_DEPARTED && ballots < p.electorateBase.size) return closesAt;
  return closeOf(p, merge(), departedAt);
}

function allVoted(base: ReadonlySet<MemberId>, voted: ReadonlySet<MemberId>, departedAt: DepartedAt, at: number) {
  for (const m of base) if (departedAt(m) > at && !voted.has(m)) return false;
  return true;
}

function countAtMost(sorted: readonly number[], t: number): number {
  let n = 0;
  while (n < sorted.length && (sorted[n] as number) <= t) n++;
  return n;
}
