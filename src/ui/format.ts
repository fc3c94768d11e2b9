/**
 * Formatting at the edge (STYLE.md "Money"): integers in minor units everywhere, turned into
 * text only here, with Intl and the pool's currency.
 */
import { minorDigitsOf } from "../state/minorDigits.ts";

const formatters = new Map<string, Intl.NumberFormat>();

function currencyFormat(currency: string, locale?: string): Intl.NumberFormat {
  const key = `${locale ?? ""}|${currency}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: "currency", currency });
    formatters.set(key, f);
  }
  return f;
}

/** The currency's decimals, the same the bylaws and exports write amounts in. */
export const fractionDigits = minorDigitsOf;

/** An amount in the pool's currency; a negative one (money out) with a minus sign. */
export function formatMoney(minor: number, currency: string, locale?: string): string {
  const digits = fractionDigits(currency);
  const text = currencyFormat(currency, locale).format(Math.abs(minor) / 10 ** digits);
  return minor < 0 ? `\u2212${text}` : text;
}

/**
 * An entry's effect on the balance: money in with "+", money out (a payout, a refund) with "−",
 * so a payout never reads as "+$340.00".
 */
export function formatSignedMoney(minor: number, currency: string, locale?: string): string {
  const text = formatMoney(Math.abs(minor), currency, locale);
  return minor < 0 ? `\u2212${text}` : minor > 0 ? `+${text}` : text;
}

/** Minor units as the plain number a person would type back into a field. */
export function moneyInput(minor: number, currency: string): string {
  const digits = fractionDigits(currency);
  if (digits === 0) return String(minor);
  const s = String(minor).padStart(digits + 1, "0");
  return `${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

export function timeLeft(until: number, now: number): string {
  const ms = until - now;
  if (ms <= 0) return "closed";
  const min = Math.ceil(ms / 60_000);
  if (min < 60) return `${min} minute${min === 1 ? "" : "s"} left`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} hour${h === 1 ? "" : "s"} left`;
  const d = Math.floor(h / 24);
  return `${d} day${d === 1 ? "" : "s"} left`;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

export const formatDateTime = (t: number) => dateTime.format(t);
export const formatDate = (t: number) => dateOnly.format(t);

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const CURRENCIES = [
  "USD",
  "EUR",
  "GBP",
  "CAD",
  "AUD",
  "NZD",
  "CHF",
  "JPY",
  "INR",
  "BRL",
  "MXN",
  "ZAR",
  "SEK",
  "NOK",
  "DKK",
  "PLN",
  "CZK",
  "KES",
  "NGN",
  "SGD",
  "HKD",
];
