/**
 * The ledger: record a contribution, pay out a passed spend, refund a member who left, reverse
 * a mistake, confirm another member's entry (docs/rules.md §4.18). Amounts are whole minor
 * units; the screens parse and format them.
 */
import { type ContributionKind, type EventId, limits, type MemberId } from "../../core/index.ts";
import { author, type PoolContext } from "../author.ts";
import { type CommandResult, failed } from "../errors.ts";

function checkAmount(amount: number): string | undefined {
  return Number.isSafeInteger(amount) && amount > 0 ? undefined : "Type an amount greater than zero.";
}

function checkMemo(memo: string): string | undefined {
  return memo.length > limits.MAX_MEMO ? `A note can be at most ${limits.MAX_MEMO} characters.` : undefined;
}

export interface ContributionDraft {
  amount: number;
  from: { member: MemberId } | { outsider: string };
  kind: ContributionKind;
  memo: string;
}

export function recordContribution(ctx: PoolContext, d: ContributionDraft): Promise<CommandResult<EventId>> {
  const from = "outsider" in d.from ? { outsider: d.from.outsider.trim() } : d.from;
  const problem =
    checkAmount(d.amount) ??
    checkMemo(d.memo) ??
    ("outsider" in from && from.outsider === "" ? "Say who the money came from." : undefined) ??
    (d.kind === "buy-in" && "outsider" in from ? "Only a member can pay a buy-in." : undefined);
  if (problem) return Promise.resolve(failed(problem));
  return author(ctx, "ledger.contribution", { amount: d.amount, from, kind: d.kind, memo: d.memo.trim() });
}

export function confirmEntry(ctx: PoolContext, entry: EventId): Promise<CommandResult<EventId>> {
  return author(ctx, "ledger.confirmed", { entry });
}

export interface PayoutDraft {
  spend: EventId;
  amount: number;
  payee: string;
  memo: string;
}

export function recordPayout(ctx: PoolContext, d: PayoutDraft): Promise<CommandResult<EventId>> {
  const payee = d.payee.trim();
  const problem = checkAmount(d.amount) ?? checkMemo(d.memo) ?? (payee === "" ? "Say who was paid." : undefined);
  if (problem) return Promise.resolve(failed(problem));
  return author(ctx, "ledger.payout", { spend: d.spend, amount: d.amount, payee, memo: d.memo.trim() });
}

export function refund(
  ctx: PoolContext,
  d: { member: MemberId; amount: number; memo: string },
): Promise<CommandResult<EventId>> {
  const problem = checkAmount(d.amount) ?? checkMemo(d.memo);
  if (problem) return Promise.resolve(failed(problem));
  return author(ctx, "ledger.refund", { member: d.member, amount: d.amount, memo: d.memo.trim() });
}

export function reverse(ctx: PoolContext, entry: EventId, memo: string): Promise<CommandResult<EventId>> {
  const problem = checkMemo(memo);
  if (problem) return Promise.resolve(failed(problem));
  return author(ctx, "ledger.reversal", { entry, memo: memo.trim() });
}
