import type { DecodedEvent, MemberId } from "../events/types.ts";
import type { Bitset } from "../graph/bitset.ts";
import { votesInPast } from "../graph/votesInPast.ts";
import type { Fold } from "../pool/fold.ts";
import type { ProposalRecord, SealRecord, VoteRecord } from "../proposals/proposalRecord.ts";
import type { ReasonCode } from "../reasons.ts";
import type { RuleKey } from "../rules/rules.ts";
import { closeOfMerged, type DepartedAt } from "./close.ts";
import { countedVotes, electorateSetAtClose, tallyOf } from "./countVotes.ts";

/** When each member left, counting only departures in `past` that the proposal did not already know. */
export function departuresIn(fold: Fold, p: ProposalRecord, past: Bitset | "everything"): DepartedAt {
  return fold.departedAt(p, past);
}

/** A rules proposal fails if a newer confirmed change to one of its keys is in the seal's past. */
export function isStaleAmendment(fold: Fold, p: ProposalRecord, sealPast: Bitset): boolean {
  const d = p.event.body.data;
  return d.kind === "rules" && fold.newerChangeTouching(sealPast, p.past, Object.keys(d.changes) as RuleKey[]);
}

/**
 * `proposal.sealed` (docs/rules.md §4 "Seal"): a member of the proposal's electorate, after the close, lists the votes it
 * counts. Judged in the seal's causal past: it may not count a vote the rules would not count,
 * nor leave out a later countable vote by a voter it lists. Its result is the tally of exactly
 * those votes; it takes effect only once another member confirms it.
 */
export function judgeSeal(fold: Fold, e: DecodedEvent<"proposal.sealed">): ReasonCode | SealRecord {
  const past = fold.pastOf(e.id);
  const p = fold.proposals.get(e.body.data.proposal);
  if (!p || !fold.inPast(past, p.event.id)) return "proposal-missing";
  if (p.decided) return "already-decided";
  const places = fold.listedPlaces(e);
  const listed = places ? votesAtPlaces(p.votes, places) : listedVotes(p.votes, e.body.data.votes);
  if (!listed) return "seal-counts-invalid-vote";
  if (!places) listed.sort((a, b) => a.position - b.position);
  const departedAt = departuresIn(fold, p, past);
  const held = votesInPast(fold, e.id, p.event.id);
  // The close is judged from every vote the seal holds, not only those it lists: under
  // closeWhenAllVoted, leaving out a vote it holds would otherwise move the close later and let
  // a change of mind cast after the real close be counted in place of the vote it replaced.
  const close = closeOfMerged(p, listed.length + held.length, () => withVotes(listed, held), departedAt);
  if (e.body.at < close) return "seal-too-early";
  if (p.withdrawals.some((w) => w.at < close && fold.inPast(past, w.id))) return "proposal-withdrawn";
  const electorate = electorateSetAtClose(p, close, departedAt);
  // Only an elector may seal: a member who joined later (a sock puppet) or the member a removal names cannot.
  if (!electorate.has(e.body.by)) return "seal-not-elector";
  const counted = countedVotes(fold.voters, listed, electorate, close);
  if (counted.length !== listed.length) return "seal-counts-invalid-vote";
  // Each listed voter is listed once: the place of their listed vote, by voter number.
  const voters = fold.voters;
  voters.begin();
  for (const v of listed) voters.set(v.voter, v.position);
  for (const v of held) {
    const mine = voters.get(v.voter);
    if (mine >= 0 && v.position > mine && v.at <= close) return "seal-misses-later-vote";
  }
  const tally = tallyOf(
    p.rules,
    p.event.body.data.kind,
    electorate.size,
    listed.map((v) => v.choice),
  );
  if (tally.passed && isStaleAmendment(fold, p, past)) {
    tally.passed = false;
    tally.failReason = "stale-amendment";
  }
  return {
    id: e.id,
    by: e.body.by,
    at: e.body.at,
    votes: listed,
    close,
    electorate: listOf(electorate),
    everyoneVoted: counted.length === electorate.size,
    tally,
  };
}

/** Two lists of votes on one proposal merged without repeats, in event order. */
export function withVotes(a: readonly VoteRecord[], b: readonly VoteRecord[]): VoteRecord[] {
  // Both usually come in event order already: merge them in one pass (one place, one vote).
  if (inOrder(a) && inOrder(b)) {
    const out: VoteRecord[] = [];
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
      const x = a[i];
      const y = b[j];
      if (y === undefined || (x !== undefined && x.position < y.position)) {
        out.push(x as VoteRecord);
        i++;
      } else {
        if (x !== undefined && x.position === y.position) i++;
        out.push(y);
        j++;
      }
    }
    return out;
  }
  const byId = new Map<string, VoteRecord>();
  for (const v of a) byId.set(v.id, v);
  for (const v of b) byId.set(v.id, v);
  return [...byId.values()].sort((x, y) => x.position - y.position);
}

const inOrder = (votes: readonly VoteRecord[]) =>
  votes.every((v, i) => i === 0 || (votes[i - 1] as VoteRecord).position < v.position);

/** Seals of proposals sharing an electorate share its list (1,000 members, 1,000 seals: no copies). */
const lists = new WeakMap<ReadonlySet<MemberId>, readonly MemberId[]>();
function listOf(set: ReadonlySet<MemberId>): readonly MemberId[] {
  let list = lists.get(set);
  if (!list) {
    list = Object.freeze([...set]);
    lists.set(set, list);
  }
  return list;
}

/**
 * The proposal's votes at these places (the order resolved the seal's ids once), in event order,
 * or undefined if one is not among them: both sorted by place, so one walk finds them.
 */
function votesAtPlaces(votes: readonly VoteRecord[], places: Int32Array): VoteRecord[] | undefined {
  const sorted = places.slice().sort();
  const out: VoteRecord[] = [];
  let k = 0;
  for (const place of sorted) {
    while (k < votes.length && (votes[k] as VoteRecord).position < place) k++;
    const vote = votes[k];
    if (vote === undefined || vote.position !== place) return undefined;
    out.push(vote);
    k++;
  }
  return out;
}

/**
 * Without the order: the proposal's votes a seal lists, or undefined if one is not among them. A seal usually lists
 * them in event order, so one walk along the proposal's votes finds them; otherwise a map by id.
 */
function listedVotes(votes: readonly VoteRecord[], ids: readonly string[]): VoteRecord[] | undefined {
  const out: VoteRecord[] = [];
  let from = 0;
  for (const id of ids) {
    let k = from;
    while (k < votes.length && (votes[k] as VoteRecord).id !== id) k++;
    if (k === votes.length) return listedById(votes, ids);
    out.push(votes[k] as VoteRecord);
    from = k + 1;
  }
  return out;
}

function listedById(votes: readonly VoteRecord[], ids: readonly string[]): VoteRecord[] | undefined {
  const byId = new Map<string, VoteRecord>();
  for (const v of votes) byId.set(v.id, v);
  const out: VoteRecord[] = [];
  for (const id of ids) {
    const vote = byId.get(id);
    if (!vote) return undefined;
    out.push(vote);
  }
  return out;
}
