import { usesAmendThreshold } from "../dissolve/applyDissolve.ts";
import type { BallotChoice, MemberId, ProposalKind } from "../events/types.ts";
import type { Tally } from "../pool/poolState.ts";
import type { ProposalRecord, VoteRecord } from "../proposals/proposalRecord.ts";
import type { Rules } from "../rules/rules.ts";
import { type DepartedAt, NEVER_DEPARTED } from "./close.ts";
import { inMask, type SortedElectorate, type Voters } from "./voters.ts";

/** Members of the base electorate still in it at the close: a member who left before it takes their vote along. */
export function electorateAtClose(p: ProposalRecord, close: number, departedAt: DepartedAt): MemberId[] {
  if (departedAt === NEVER_DEPARTED) return [...p.electorateBase];
  return [...p.electorateBase].filter((m) => departedAt(m) >= close);
}

/**
 * `electorateAtClose`, sorted by id (as views show it), with voter numbers. Proposals share
 * electorate sets, so each set is sorted once (1,000 members, 1,000 proposals); the ids are shared.
 */
export function sortedElectorateAtClose(
  voters: Voters,
  p: ProposalRecord,
  close: number,
  departedAt: DepartedAt,
): SortedElectorate {
  if (departedAt === NEVER_DEPARTED) return voters.sortedOf(p.electorateBase);
  return voters.sortIds(electorateAtClose(p, close, departedAt));
}

/** A seal's electorate sorted by id; it is part of the base electorate, so as large it is all of it. */
export function sortedSealElectorate(
  voters: Voters,
  p: ProposalRecord,
  electorate: readonly MemberId[],
): SortedElectorate {
  if (electorate.length === p.electorateBase.size) return voters.sortedOf(p.electorateBase);
  return voters.sortIds([...electorate]);
}

/** `electorateAtClose` as a set: the base electorate itself when nobody left (1,000 members, no copy). */
export function electorateSetAtClose(p: ProposalRecord, close: number, departedAt: DepartedAt): ReadonlySet<MemberId> {
  return departedAt === NEVER_DEPARTED ? p.electorateBase : new Set(electorateAtClose(p, close, departedAt));
}

/**
 * Each elector's last vote in event order cast by the close (docs/rules.md §4.10), one per voter,
 * in the order of each voter's first such vote. Voters are looked up by number (`Voters`): 1,000
 * proposals of 100 ballots each make no map.
 */
export function countedVotes(
  voters: Voters,
  votes: readonly VoteRecord[],
  electorate: ReadonlySet<MemberId>,
  close: number,
): VoteRecord[] {
  const mask = voters.maskOf(electorate);
  const last: VoteRecord[] = [];
  voters.begin();
  for (const v of votes) {
    if (v.at > close || !inMask(mask, v.voter)) continue;
    const slot = voters.get(v.voter);
    if (slot < 0) {
      voters.set(v.voter, last.length);
      last.push(v);
    } else last[slot] = v;
  }
  return last;
}

/**
 * docs/rules.md §4.12, integers only: passes when E > 0, (Y+N+A+B)·100 ≥ quorum·E, Y > N,
 * Y·100 ≥ threshold·(Y+N), and no block where blocks are allowed. Rules proposals use
 * `amendThreshold`. A poll (rules §11) has no threshold: every ballot counts toward quorum and
 * its result stands when quorum holds. There is no weight: each counted vote adds exactly one.
 */
export function tallyOf(rules: Rules, kind: ProposalKind, electorate: number, choices: Iterable<BallotChoice>): Tally {
  const t: Tally = { electorate, yes: 0, no: 0, abstain: 0, block: 0, passed: false };
  const poll = kind === "poll";
  if (poll) t.ballots = 0;
  for (const c of choices) {
    if (typeof c !== "string") t.ballots = (t.ballots ?? 0) + 1;
    else if (c === "yes") t.yes++;
    else if (c === "no") t.no++;
    else if (c === "abstain") t.abstain++;
    else t.block++;
  }
  const threshold = usesAmendThreshold(kind) ? rules.amendThreshold : rules.threshold;
  const cast = castIn(t);
  if (electorate === 0) t.failReason = "no-electorate";
  else if (cast * 100 < rules.quorum * electorate) t.failReason = "no-quorum";
  else if (poll) t.passed = true;
  else if (rules.allowBlock && t.block > 0) t.failReason = "blocked";
  else if (!(t.yes > t.no) || t.yes * 100 < threshold * (t.yes + t.no)) t.failReason = "not-enough-support";
  else t.passed = true;
  return t;
}

/** Votes cast of any kind: yes, no, abstain, block, and poll ballots. */
export function castIn(t: Tally): number {
  return t.yes + t.no + t.abstain + t.block + (t.ballots ?? 0);
}

/** What is still needed: votes of any kind for quorum, and yes votes to pass if nobody else says no. */
export function stillNeeded(rules: Rules, kind: ProposalKind, t: Tally): { forQuorum: number; yesToPass: number } {
  const forQuorum = Math.max(0, Math.ceil((rules.quorum * t.electorate) / 100) - castIn(t));
  if (kind === "poll") return { forQuorum, yesToPass: 0 };
  const threshold = usesAmendThreshold(kind) ? rules.amendThreshold : rules.threshold;
  let yesNeeded = t.no + 1;
  if (threshold >= 100) yesNeeded = t.no === 0 ? 1 : Number.POSITIVE_INFINITY;
  else yesNeeded = Math.max(yesNeeded, Math.ceil((threshold * t.no) / (100 - threshold)));
  return { forQuorum, yesToPass: Math.max(0, yesNeeded - t.yes) };
}
