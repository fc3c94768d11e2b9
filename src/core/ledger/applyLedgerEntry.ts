import { memberOfPayee } from "../dissolve/dissolution.ts";
import type { AnyDecodedEvent, DecodedEvent, EventId, MemberId } from "../events/types.ts";
import type { Fold } from "../pool/fold.ts";
import type { LedgerEntryView } from "../pool/poolState.ts";
import type { ReasonCode } from "../reasons.ts";
import { ledgerContextAt } from "./ledgerContext.ts";

export type LedgerEntryEvent =
  | DecodedEvent<"ledger.contribution">
  | DecodedEvent<"ledger.payout">
  | DecodedEvent<"ledger.refund">
  | DecodedEvent<"ledger.reversal">;

export const isLedgerEntry = (e: AnyDecodedEvent): e is LedgerEntryEvent =>
  e.body.type === "ledger.contribution" ||
  e.body.type === "ledger.payout" ||
  e.body.type === "ledger.refund" ||
  e.body.type === "ledger.reversal";

/** The member an entry is about: they may not confirm it, nor may its author. */
export function memberNamedBy(fold: Fold, view: LedgerEntryView): MemberId | undefined {
  if (view.contribution && "member" in view.contribution.from) return view.contribution.from.member;
  if (view.refund) return view.refund.member;
  // A dissolution pays members their share under the payee `member:<id>`.
  if (view.payout) return memberOfPayee(view.payout.payee);
  if (view.reversal) {
    const target = fold.ledger.entries.get(view.reversal.entry)?.view;
    return target ? (memberNamedBy(fold, target) ?? target.by) : undefined;
  }
  return undefined;
}

/** Entries are recorded by any active member; who they name must have been a member. */
export function checkLedgerEntry(fold: Fold, e: LedgerEntryEvent): ReasonCode | undefined {
  const past = fold.pastOf(e.id);
  switch (e.body.type) {
    case "ledger.contribution": {
      const from = (e as DecodedEvent<"ledger.contribution">).body.data.from;
      return "member" in from && !fold.isKnownMember(from.member) ? "target-not-member" : undefined;
    }
    case "ledger.refund":
      return fold.isKnownMember((e as DecodedEvent<"ledger.refund">).body.data.member)
        ? undefined
        : "target-not-member";
    case "ledger.reversal": {
      const targetId = (e as DecodedEvent<"ledger.reversal">).body.data.entry;
      const target = fold.ledger.entries.get(targetId);
      if (!target || !fold.inPast(past, targetId)) return "entry-missing";
      if (target.view.reversal) return "reverse-reversal";
      if (target.view.reversedBy !== undefined) return "already-reversed";
      return undefined;
    }
    default:
      return undefined;
  }
}

function viewOf(e: LedgerEntryEvent): LedgerEntryView {
  const base = { id: e.id, by: e.body.by, at: e.body.at, status: "awaiting-confirmation" as const };
  switch (e.body.type) {
    case "ledger.contribution": {
      const d = (e as DecodedEvent<"ledger.contribution">).body.data;
      return {
        ...base,
        type: "contribution",
        amount: d.amount,
        memo: d.memo,
        contribution: { kind: d.kind, from: d.from },
      };
    }
    case "ledger.payout": {
      const d = (e as DecodedEvent<"ledger.payout">).body.data;
      const payout =
        d.receipt === undefined
          ? { spend: d.spend, payee: d.payee }
          : { spend: d.spend, payee: d.payee, receipt: d.receipt };
      return { ...base, type: "payout", amount: -d.amount, memo: d.memo, payout };
    }
    case "ledger.refund": {
      const d = (e as DecodedEvent<"ledger.refund">).body.data;
      return { ...base, type: "refund", amount: -d.amount, memo: d.memo, refund: { member: d.member } };
    }
    default: {
      const d = (e as DecodedEvent<"ledger.reversal">).body.data;
      return { ...base, type: "reversal", amount: 0, memo: d.memo, reversal: { entry: d.entry } };
    }
  }
}

/**
 * Records the entry; under `confirmBy: none` it counts at once. So does its author's reversal
 * of their own entry that has not counted yet (rules: cancelling a mistake nobody confirmed):
 * the entry never moved money, so the cancellation moves none and needs no second person.
 */
export function applyLedgerEntry(fold: Fold, e: LedgerEntryEvent): void {
  const view = viewOf(e);
  let cancelsOwn = false;
  if (view.reversal) {
    const target = fold.ledger.entries.get(view.reversal.entry);
    if (target) target.view.reversedBy = e.id;
    cancelsOwn = target !== undefined && !target.counted && target.view.by === e.body.by;
  }
  const record = fold.ledger.add(view);
  if (cancelsOwn || fold.rulesAt(fold.pastOf(e.id)).confirmBy === "none") {
    view.status = view.status === "awaiting-confirmation" ? "confirmed" : view.status;
    fold.ledger.count(record, e.id, e.body.at, ledgerContextAt(fold, e.id));
  }
}

/**
 * `ledger.confirmed`: neither the entry's author nor the member it names may confirm it. Under
 * `treasurer` only active treasurers confirm, and a treasurer's own entry needs another treasurer
 * (or any member when there is no other).
 */
export function checkLedgerConfirmation(fold: Fold, e: DecodedEvent<"ledger.confirmed">): ReasonCode | undefined {
  const past = fold.pastOf(e.id);
  const entry = fold.ledger.entries.get(e.body.data.entry);
  if (!entry || !fold.inPast(past, entry.view.id)) return "entry-missing";
  if (entry.counted || entry.view.confirmedBy !== undefined) return "already-confirmed";
  if (e.body.by === entry.view.by || e.body.by === memberNamedBy(fold, entry.view)) return "confirm-own-entry";
  const rules = fold.rulesAt(past);
  if (rules.confirmBy === "treasurer") {
    // Treasurers who may confirm this entry: not its author, nor the member it names (who may never
    // confirm it), or an entry naming the only treasurer could never be confirmed by anyone.
    const named = memberNamedBy(fold, entry.view);
    const others = rules.treasurers.filter((t) => t !== entry.view.by && t !== named && fold.isActiveAt(t, past));
    if (others.length > 0 && !others.includes(e.body.by)) return "not-treasurer";
  }
  return undefined;
}

export function applyLedgerConfirmation(fold: Fold, e: DecodedEvent<"ledger.confirmed">): void {
  const entry = fold.ledger.entries.get(e.body.data.entry as EventId);
  if (!entry) return;
  entry.view.confirmedBy = e.body.by;
  entry.view.confirmedAt = e.body.at;
  if (entry.view.status === "awaiting-confirmation") entry.view.status = "confirmed";
  fold.ledger.count(entry, e.id, e.body.at, ledgerContextAt(fold, e.id));
}
