import type { MemberId } from "../events/types.ts";
import { type Bitset, hasBit } from "../graph/bitset.ts";
import { changeApplies, type Fold } from "../pool/fold.ts";
import { type DuesSpan, type DuesStatus, duesStatus } from "./duesOwed.ts";

/**
 * The dues rule in force over time, as known in `past` (rules §11): the genesis's from its date,
 * then each confirmed change of `dues` from its confirmation's date. A change overturned by
 * restored votes in that past does not apply.
 */
export function duesSpansAt(fold: Fold, past: Bitset | "everything"): DuesSpan[] {
  const spans: DuesSpan[] = [{ from: fold.genesis.body.at, dues: fold.genesisRules().dues }];
  for (const change of fold.rulesChanges) {
    if (!("dues" in change.changes)) continue;
    if (past !== "everything" && !hasBit(past, change.bit)) continue;
    if (!changeApplies(fold, change, past)) continue;
    const at = fold.events.get(change.confirmation)?.body.at ?? 0;
    spans.push({ from: at, dues: change.changes.dues ?? null });
  }
  // Confirmations come in event order; a span is charged from its date, so they are read by date.
  return spans.sort((a, b) => a.from - b.from);
}

/** When the member was last admitted, as known in `past` (the genesis for the founder). */
export function admittedAtIn(fold: Fold, member: MemberId, past: Bitset | "everything"): number | undefined {
  const marks = fold.marks.get(member) ?? [];
  for (let i = marks.length - 1; i >= 0; i--) {
    const mark = marks[i];
    if (mark?.kind !== "admit" || (past !== "everything" && !hasBit(past, mark.bit))) continue;
    return fold.events.get(mark.event)?.body.at;
  }
  return undefined;
}

/** Confirmed dues the member paid, less reversals, counting only what counted in `past`. */
export function duesPaidIn(fold: Fold, member: MemberId, past: Bitset | "everything"): number {
  let paid = 0;
  for (const d of fold.ledger.duesDeltas.get(member) ?? [])
    if (past === "everything" || fold.inPast(past, d.countedBy)) paid += d.delta;
  return paid;
}

/** A member's dues at `at`, from what `past` holds: spans, their admission and their payments. */
export function duesStatusIn(
  fold: Fold,
  member: MemberId,
  past: Bitset | "everything",
  at: number,
  spans = duesSpansAt(fold, past),
): DuesStatus | undefined {
  const admittedAt = admittedAtIn(fold, member, past);
  if (admittedAt === undefined) return undefined;
  return duesStatus(spans, admittedAt, at, duesPaidIn(fold, member, past));
}
