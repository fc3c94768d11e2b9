import { applyDissolve } from "../dissolve/applyDissolve.ts";
import type { DecodedEvent } from "../events/types.ts";
import { isDeparted } from "../ledger/ledgerContext.ts";
import type { Fold } from "../pool/fold.ts";
import { openRound, releaseDeparted } from "../rounds/applyRound.ts";
import type { SealRef } from "./applySealConfirmation.ts";

/**
 * What a confirmed, passed result does (DESIGN.md §4): rules change for every event that has this
 * confirmation in its past; a removal takes effect in confirmation order unless it would leave
 * nobody; a spend joins the queue for money; a cancel-spend ends a spend's unpaid part.
 */
export function applyDecision(fold: Fold, e: DecodedEvent<"proposal.seal-confirmed">, ref: SealRef): void {
  const { proposal: p, seal } = ref;
  p.decided = { seal, confirmation: e.id };
  if (!seal.tally.passed) return;
  const d = p.event.body.data;
  switch (d.kind) {
    case "rules":
      fold.rulesChanges.push({ confirmation: e.id, bit: fold.bit(e.id) as number, changes: d.changes });
      return;
    case "remove-member": {
      const here = fold.inclusiveOf(e.id);
      if (!fold.isActiveAt(d.member, here)) return;
      if (fold.activeMembersAt(here).length <= 1) return; // would leave no active member: does nothing
      // "Removals apply in the order of their confirmations": the members still active are those of
      // every removal and leave taken so far, not only of this confirmation's past, or two members
      // removing each other in concurrent confirmations would leave the pool with nobody.
      if (![...fold.marks.keys()].some((m) => m !== d.member && !isDeparted(fold, m))) return;
      fold.addMark(d.member, "depart", e.id);
      fold.departures.push({ event: e.id, member: d.member, at: e.body.at });
      fold.removals.add(e.id);
      releaseDeparted(fold, d.member, e.body.at);
      return;
    }
    case "spend": {
      const spend = {
        id: p.event.id,
        kind: "spend" as const,
        decidedBy: e.id,
        amount: d.amount,
        payee: d.payee,
        paid: 0,
        cancelled: fold.cancelledSpends.has(p.event.id),
      };
      fold.ledger.spends.set(spend.id, spend);
      fold.ledger.spendQueue.push(spend.id);
      fold.ledger.cover(spend, d.covers ?? []);
      return;
    }
    case "flood.join": {
      // Passing it commits that much money to the flood: payouts to the flood up to it are authorised.
      const spend = {
        id: p.event.id,
        kind: "spend" as const,
        decidedBy: e.id,
        amount: d.amount,
        payee: `flood:${d.flood}`,
        paid: 0,
        cancelled: false,
      };
      fold.ledger.spends.set(spend.id, spend);
      fold.ledger.spendQueue.push(spend.id);
      return;
    }
    case "round":
      openRound(fold, p, seal.electorate, e.id);
      return;
    case "dissolve":
      applyDissolve(fold, p, e.id, e.body.at);
      return;
    case "cancel-spend": {
      fold.cancelledSpends.add(d.spend);
      const spend = fold.ledger.spends.get(d.spend);
      if (spend) spend.cancelled = true;
      return;
    }
    default:
      return;
  }
}
