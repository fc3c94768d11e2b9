import { applyDissolve } from "../dissolve/applyDissolve.ts";
import type { DecodedEvent, EventId } from "../events/types.ts";
import { isDeparted } from "../ledger/ledgerContext.ts";
import type { Fold } from "../pool/fold.ts";
import type { ProposalRecord } from "../proposals/proposalRecord.ts";
import { openRound, releaseDeparted } from "../rounds/applyRound.ts";
import type { SealRef } from "./applySealConfirmation.ts";

/**
 * What a confirmed, passed result does (docs/rules.md §4): rules change for every event that has this
 * confirmation in its past; a removal takes effect in confirmation order unless it would leave
 * nobody; a spend joins the queue for money; a cancel-spend ends a spend's unpaid part.
 */
export function applyDecision(fold: Fold, e: DecodedEvent<"proposal.seal-confirmed">, ref: SealRef): void {
  const { proposal: p, seal } = ref;
  p.decided = { seal, confirmation: e.id, at: e.body.at };
  const d = p.event.body.data;
  // Every confirmed rules proposal is listed: restored votes may later make a failed one pass.
  if (d.kind === "rules")
    fold.rulesChanges.push({
      confirmation: e.id,
      bit: fold.bit(e.id) as number,
      changes: d.changes,
      passed: seal.tally.passed,
      proposal: p,
    });
  if (seal.tally.passed) applyPassed(fold, p, e.id, e.body.at);
}

/**
 * What a passed result does, at the event that made it pass: the seal's confirmation, or a vote
 * restoration that turned a failed result into a passed one.
 */
export function applyPassed(fold: Fold, p: ProposalRecord, by: EventId, at: number): void {
  const d = p.event.body.data;
  switch (d.kind) {
    case "remove-member": {
      const here = fold.inclusiveOf(by);
      if (!fold.isActiveAt(d.member, here)) return;
      if (fold.activeMembersAt(here).length <= 1) return; // would leave no active member: does nothing
      // "Removals apply in the order of their confirmations": the members still active are those of
      // every removal and leave taken so far, not only of this confirmation's past, or two members
      // removing each other in concurrent confirmations would leave the pool with nobody.
      if (![...fold.marks.keys()].some((m) => m !== d.member && !isDeparted(fold, m))) return;
      fold.addMark(d.member, "depart", by);
      fold.departures.push({ event: by, member: d.member, at });
      fold.removals.add(by);
      releaseDeparted(fold, d.member, at);
      return;
    }
    case "spend": {
      const spend = {
        id: p.event.id,
        kind: "spend" as const,
        decidedBy: by,
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
        decidedBy: by,
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
      openRound(fold, p, p.decided?.seal.electorate ?? [], by);
      return;
    case "dissolve":
      applyDissolve(fold, p, by, at);
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
