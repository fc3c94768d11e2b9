/** How often dues fall due (rules §11). */
export type DuesEvery = "month" | "quarter" | "year";
export const DUES_EVERY: readonly DuesEvery[] = ["month", "quarter", "year"];

const MONTHS: Record<DuesEvery, number> = { month: 1, quarter: 3, year: 12 };

/**
 * The start of period `k` (0 is the first) of a series anchored at `anchor` (ms, UTC): `k` whole
 * months, quarters or years later, on the same day of the month, or the month's last day when it
 * is shorter (a series anchored on 31 January falls due on 28 or 29 February). Calendar arithmetic
 * on the anchor, not a running sum, so no period drifts.
 */
export function periodStart(anchor: number, every: DuesEvery, k: number): number {
  const a = new Date(anchor);
  const month = a.getUTCMonth() + k * MONTHS[every];
  const year = a.getUTCFullYear() + Math.floor(month / 12);
  const m = ((month % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, m + 1, 0)).getUTCDate();
  const day = Math.min(a.getUTCDate(), lastDay);
  return Date.UTC(year, m, day, a.getUTCHours(), a.getUTCMinutes(), a.getUTCSeconds(), a.getUTCMilliseconds());
}

/** How many periods of the series have begun at or before `at` (0 when `at` is before the anchor). */
export function periodsBegun(anchor: number, every: DuesEvery, at: number): number {
  if (at < anchor) return 0;
  // Start from an estimate and correct it: months are 28–31 days long.
  const approxMonths = Math.floor((at - anchor) / (31 * 86_400_000));
  let k = Math.floor(approxMonths / MONTHS[every]);
  while (periodStart(anchor, every, k + 1) <= at) k++;
  return k + 1;
}
