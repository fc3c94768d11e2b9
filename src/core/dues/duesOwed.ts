import { type DuesEvery, periodStart, periodsBegun } from "./periods.ts";

/** The dues rule in force from `from` (the confirmation that set it) until the next one; `null` ends dues. */
export interface DuesSpan {
  from: number;
  dues: { amount: number; every: DuesEvery } | null;
}

export interface DuesStatus {
  /** Everything charged so far, in minor units. */
  charged: number;
  paid: number;
  /** Charged minus paid, never below zero (paying ahead is credit, shown by `paidThrough`). */
  owed: number;
  /** The end of the last period fully paid (oldest first), or undefined when none is. */
  paidThrough?: number;
  /** Owes at most the period now running (rules §11): may vote under `duesToVote`. */
  current: boolean;
  /** The amount of the period now running (0 without dues). */
  runningPeriodAmount: number;
  /** When the period now running ends: what is owed for it is overdue after that. */
  runningPeriodEnd?: number;
}

interface Period {
  start: number;
  end: number;
  amount: number;
}

/**
 * What one member owes at `at` (rules §11). Each span of a dues rule charges one period's amount
 * for every period begun since the later of the member's admission and the span's start, until
 * the next span starts: a change of dues applies from its confirmation on and does not rewrite
 * what was owed before it. Confirmed dues contributions (`paid`) pay the oldest periods first.
 */
export function duesStatus(spans: readonly DuesSpan[], admittedAt: number, at: number, paid: number): DuesStatus {
  const periods = chargedPeriods(spans, admittedAt, at);
  const charged = periods.reduce((s, p) => s + p.amount, 0);
  let left = paid;
  let paidThrough: number | undefined;
  for (const p of periods) {
    if (left < p.amount) break;
    left -= p.amount;
    paidThrough = p.end;
  }
  const running = periods.at(-1);
  const runningPeriodAmount = running && running.end > at ? running.amount : 0;
  const owed = Math.max(0, charged - paid);
  const status: DuesStatus = {
    charged,
    paid,
    owed,
    paidThrough,
    current: owed <= runningPeriodAmount,
    runningPeriodAmount,
  };
  if (running && running.end > at) status.runningPeriodEnd = running.end;
  return status;
}

function chargedPeriods(spans: readonly DuesSpan[], admittedAt: number, at: number): Period[] {
  const periods: Period[] = [];
  spans.forEach((span, i) => {
    if (!span.dues) return;
    const anchor = Math.max(admittedAt, span.from);
    const until = Math.min(at, (spans[i + 1]?.from ?? Number.POSITIVE_INFINITY) - 1);
    const count = periodsBegun(anchor, span.dues.every, until);
    for (let k = 0; k < count; k++) {
      const start = periodStart(anchor, span.dues.every, k);
      periods.push({ start, end: periodStart(anchor, span.dues.every, k + 1), amount: span.dues.amount });
    }
  });
  return periods;
}
