import type { EventId, MemberId } from "../events/types.ts";
import type { Fold } from "../pool/fold.ts";
import type { LedgerView, SpendView } from "../pool/poolState.ts";
import { isDeparted } from "./ledgerContext.ts";
import { remainingOf } from "./reserve.ts";

/** The ledger as members see it: every entry with its status, and the money in hand, reserved and free. */
export function buildLedgerView(fold: Fold): {
  view: LedgerView;
  spends: ReadonlyMap<EventId, SpendView>;
  refundOwedBy: (m: MemberId) => number;
} {
  const ledger = fold.ledger;
  const rules = fold.currentRules();
  const ctx = { refundOnLeave: rules.refundOnLeave, isDeparted: (m: MemberId) => isDeparted(fold, m) };
  const reservation = ledger.reservation({ ...ctx, passedSpend: () => undefined, overturnedHere: () => false });
  const spends = new Map<EventId, SpendView>();
  for (const s of ledger.spends.values()) {
    const remaining = remainingOf(s);
    spends.set(s.id, {
      kind: s.kind,
      amount: s.amount,
      payee: s.payee,
      paid: s.paid,
      cancelled: s.cancelled,
      remaining,
      reserved: reservation.reservedFor.get(s.id) ?? 0,
      waiting: reservation.waiting.has(s.id),
    });
  }
  const refundsOwed = ledger.refundsOwed({ ...ctx, passedSpend: () => undefined, overturnedHere: () => false });
  return {
    view: {
      entries: ledger.order.map((id) => ({ ...(ledger.entries.get(id)?.view as LedgerView["entries"][number]) })),
      balance: ledger.balance,
      reserved: reservation.reserved,
      available: Math.max(0, ledger.balance - reservation.reserved),
      shortfall: reservation.shortfall,
      refundsOwed,
      approved: ledger.spendQueue.map((id) => ({ id, ...(spends.get(id) as SpendView) })),
      history: [...ledger.history],
    },
    spends,
    refundOwedBy: (m) => (rules.refundOnLeave && isDeparted(fold, m) ? ledger.refundOwed(m) : 0),
  };
}
