import type { MemberId } from "../events/types.ts";
import type { LedgerEntryView, PoolState } from "../pool/poolState.ts";

/** The member an entry names (who may not confirm it): a contribution's or refund's member, or a reversal's target's. */
export function memberNamedByEntry(state: PoolState, entry: LedgerEntryView): MemberId | undefined {
  if (entry.contribution && "member" in entry.contribution.from) return entry.contribution.from.member;
  if (entry.refund) return entry.refund.member;
  if (entry.reversal) {
    const target = state.ledger.entries.find((e) => e.id === entry.reversal?.entry);
    return target ? (memberNamedByEntry(state, target) ?? target.by) : undefined;
  }
  return undefined;
}

/**
 * docs/rules.md §4 "Ledger": an active member confirms an entry they neither wrote nor are named
 * by; under `treasurer`, only an active treasurer other than its author (any member when there is
 * no other).
 */
export function mayConfirmEntry(state: PoolState, entry: LedgerEntryView, me: MemberId): boolean {
  if (entry.status !== "awaiting-confirmation" || !state.activeMembers.includes(me)) return false;
  if (entry.by === me || memberNamedByEntry(state, entry) === me) return false;
  if (state.rules.confirmBy === "treasurer") {
    const others = state.rules.treasurers.filter((t) => t !== entry.by && state.activeMembers.includes(t));
    if (others.length > 0 && !others.includes(me)) return false;
  }
  return true;
}
