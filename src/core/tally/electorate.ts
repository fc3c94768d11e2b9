import { duesSpansAt, duesStatusIn } from "../dues/duesAt.ts";
import type { MemberId } from "../events/types.ts";
import type { Bitset } from "../graph/bitset.ts";
import type { Fold } from "../pool/fold.ts";
import type { Rules } from "../rules/rules.ts";

/** Confirmed buy-in less refunds, counting only what was confirmed in this causal past. */
export function buyInHeldAt(fold: Fold, member: MemberId, past: Bitset): number {
  let held = 0;
  for (const d of fold.ledger.buyInDeltas) if (d.member === member && fold.inPast(past, d.countedBy)) held += d.delta;
  return held;
}

/**
 * docs/rules.md §4.9: fixed by the proposal's causal past, so that people who join or
 * pay later cannot swing an open vote. A member a proposal would remove does not vote on it.
 * Under `duesToVote` (rules §11) only members current with their dues at the proposal's `at`,
 * by the dues rules and payments in its causal past, are in it.
 */
export function electorateAt(
  fold: Fold,
  past: Bitset,
  rules: Rules,
  excluded?: MemberId,
  at = 0,
): ReadonlySet<MemberId> {
  const spans = rules.duesToVote ? duesSpansAt(fold, past) : undefined;
  const active = fold.activeMembersShared(past);
  let members: readonly MemberId[] = active;
  // Every active member votes (no buy-in, dues or removal to check): the active list itself.
  if (spans || rules.buyIn > 0 || (excluded !== undefined && active.includes(excluded))) {
    const some: MemberId[] = [];
    for (const member of active) {
      if (member === excluded) continue;
      if (rules.buyIn > 0 && buyInHeldAt(fold, member, past) < rules.buyIn) continue;
      if (spans && duesStatusIn(fold, member, past, at, spans)?.current === false) continue;
      some.push(member);
    }
    members = some;
  }
  // Consecutive proposals usually have the same electorate: they share one (read-only) set.
  const last = lastElectorate.get(fold);
  if (
    last &&
    (last.members === members ||
      (last.members.length === members.length && last.members.every((m, i) => m === members[i])))
  )
    return last.set;
  const set = new Set(members);
  lastElectorate.set(fold, { members, set });
  return set;
}

const lastElectorate = new WeakMap<Fold, { members: readonly MemberId[]; set: ReadonlySet<MemberId> }>();
