/**
 * Reading an amount a person typed, at the edge (STYLE.md "Money"): minor units without floating
 * point, and a plain reason when the text is not an amount. Amounts are positive: money going
 * out is a payout or a refund, never a minus sign, so a minus is refused rather than dropped.
 */
// The module itself, not core's index: this file is on the first screen, and the index would
// bring all of the core's derivation into the JavaScript a first visit waits for.
import * as limits from "../core/events/limits.ts";
import { fractionDigits } from "./format.ts";

/**
 * The largest amount one entry may carry: one hundred million in the pool's currency. Far above
 * what a group of people pools, and small enough that 90,000 such entries still add up exactly
 * as JavaScript integers even in a currency with 3 decimals (1e8 × 1e3 × 9e4 < 2^53).
 */
export const MAX_AMOUNT_MAJOR = 100_000_000;

export type MoneyProblem = "empty" | "not-a-number" | "negative" | "zero" | "too-many-decimals" | "too-large";

export type ReadMoney = { ok: true; value: number } | { ok: false; reason: MoneyProblem };

const SIGN = /^[-\u2212\u2012\u2013]/;

/**
 * "340", "340.50", "1,200.5", "12,50" (a decimal comma), "$12", "12 EUR" → minor units.
 * A comma followed by 1..digits digits at the end counts as a decimal comma.
 */
export function readMoney(text: string, currency: string): ReadMoney {
  const digits = fractionDigits(currency);
  let t = text.trim().replace(/[\s\u00a0'’]/g, "");
  if (t === "") return { ok: false, reason: "empty" };
  // A currency symbol or the pool's own code before or after the number; a sign before either.
  const code = new RegExp(`^${currency}|${currency}$`, "i");
  let negative = false;
  if (/^\(.*\)$/.test(t)) {
    negative = true;
    t = t.slice(1, -1);
  }
  for (let i = 0; i < 2; i++) {
    if (SIGN.test(t)) {
      negative = true;
      t = t.slice(1);
    } else if (t.startsWith("+")) t = t.slice(1);
    t = t.replace(code, "").replace(/^\p{Sc}|\p{Sc}$/u, "");
  }
  const decimalComma = digits > 0 && new RegExp(`^\\d+(\\.\\d{3})*,\\d{1,${digits}}$`).test(t);
  t = decimalComma ? t.replace(/\./g, "").replace(",", ".") : t.replace(/,(?=\d{3}(\D|$))/g, "");
  const m = /^(\d+)(?:\.(\d*))?$/.exec(t) ?? /^()\.(\d+)$/.exec(t);
  if (!m) return { ok: false, reason: "not-a-number" };
  const frac = m[2] ?? "";
  if (frac.length > digits) return { ok: false, reason: "too-many-decimals" };
  const minor = BigInt(m[1] || "0") * 10n ** BigInt(digits) + BigInt(frac.padEnd(digits, "0") || "0");
  if (negative && minor > 0n) return { ok: false, reason: "negative" };
  if (minor === 0n) return { ok: false, reason: "zero" };
  // The core's cap (rules §3.13) binds too: in a currency with four decimals it is the lower one.
  const cap = BigInt(MAX_AMOUNT_MAJOR) * 10n ** BigInt(digits);
  if (minor > cap || minor > BigInt(limits.MAX_AMOUNT)) return { ok: false, reason: "too-large" };
  return { ok: true, value: Number(minor) };
}

/** One sentence per problem, for the field that holds the amount. */
export function moneyProblemText(reason: MoneyProblem, currency: string): string {
  const digits = fractionDigits(currency);
  const example = digits === 0 ? "25" : `25 or 25.${"5".padEnd(digits, "0")}`;
  switch (reason) {
    case "negative":
      return "Amounts are positive: type it without a minus sign. Money going out is recorded as a payout or a refund.";
    case "zero":
      return "Type an amount of more than zero.";
    case "too-many-decimals":
      return digits === 0
        ? `${currency} has no decimals: type a whole amount, like 25.`
        : `${currency} has ${digits} decimals at most: type it like ${example}.`;
    case "too-large":
      return `That is more than the largest amount Pools records at once (${MAX_AMOUNT_MAJOR.toLocaleString("en-US")} ${currency}). Check the number of zeros.`;
    default:
      return `Type an amount like ${example}.`;
  }
}

/** For a form: the minor units, or the sentence to show under the field. */
export function amountOrError(
  text: string,
  currency: string,
): { ok: true; value: number } | { ok: false; error: string } {
  const r = readMoney(text, currency);
  return r.ok ? r : { ok: false, error: moneyProblemText(r.reason, currency) };
}

/** The amount, or undefined when the text is not one (zero is an amount here: a field may allow it). */
export function parseMoney(text: string, currency: string): number | undefined {
  const r = readMoney(text, currency);
  return r.ok ? r.value : r.reason === "zero" ? 0 : undefined;
}
