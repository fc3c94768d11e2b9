import type { EventId, MemberId } from "../events/types.ts";
import type { Fold } from "../pool/fold.ts";

/** How a dissolve proposal shares out what is left after the refunds. */
export type DissolveSplit = "equal" | "contributed" | { payee: string };

/** A confirmed, passed `dissolve` (docs/rules.md §4.8), as the fold keeps it. */
export interface DissolutionRecord {
  /** The dissolve proposal: payouts recording the dissolution name it as their `spend`. */
  proposal: EventId;
  /** The confirmation of its winning seal: the dissolution applies to events holding it in their past. */
  confirmation: EventId;
  at: number;
  split: DissolveSplit;
  /** Members active at the confirmation, in id order: the rest is split among them. */
  members: MemberId[];
  /** Whether buy-ins of members who had left were still owed back when it applied. */
  refundOnLeave: boolean;
  /** The vote restoration that flipped its result: it no longer applies where this is known. */
  overturnedBy?: EventId;
}

/** The payee text a dissolution payout to a member carries (members have ids, not payee names). */
export const memberPayee = (member: MemberId): string => `member:${member}`;

/** The member a `member:<id>` payee names; undefined for any other payee. */
export const memberOfPayee = (payee: string): MemberId | undefined =>
  payee.startsWith("member:") ? payee.slice("member:".length) : undefined;

/** Does the dissolution apply to the event whose causal past (inclusive) is `here`? */
export function dissolutionIn(fold: Fold, here: Parameters<Fold["inPast"]>[0]): DissolutionRecord | undefined {
  const d = fold.dissolution;
  if (!d || !fold.inPast(here, d.confirmation)) return undefined;
  return d.overturnedBy !== undefined && fold.inPast(here, d.overturnedBy) ? undefined : d;
}

/**
 * After a dissolution, whose buy-in not yet refunded is owed back: every member active at the
 * confirmation or still active, and members who left when refunds on leaving applied.
 */
export function refundEligible(d: DissolutionRecord, isDeparted: (m: MemberId) => boolean) {
  const active = new Set(d.members);
  return (member: MemberId): boolean => d.refundOnLeave || active.has(member) || !isDeparted(member);
}
