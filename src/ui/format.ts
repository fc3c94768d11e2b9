/**
 * Formatting at the edge (STYLE.md "Money"): integers in minor units everywhere, turned into
 * text only here, with Intl and the pool's currency.
 */
const formatters = new Map<string, Intl.NumberFormat>();

function currencyFormat(currency: string): Intl.NumberFormat {
  let f = formatters.get(currency);
  if (!f) {
    f = new Intl.NumberFormat(undefined, { style: "currency", currency });
    formatters.set(currency, f);
  }
  return f;
}

export function fractionDigits(currency: string): number {
  return currencyFormat(currency).resolvedOptions().maximumFractionDigits ?? 2;
}

export function formatMoney(minor: number, currency: string): string {
  const digits = fractionDigits(currency);
  return currencyFormat(currency).format(minor / 10 ** digits);
}

/**
 * Reads what a person typed ("340", "340.50", "1,200.5", "12,50") into minor units without
 * floating point. A comma followed by exactly the currency's digits counts as a decimal comma.
 */
export function parseMoney(text: string, currency: string): number | undefined {
  const digits = fractionDigits(currency);
  let t = text
    .trim()
    .replace(/[\s\u00a0'’]/g, "")
    .replace(/^[^\d]+/, "");
  if (t === "") return undefined;
  const decimalComma = digits > 0 && new RegExp(`^\\d+(\\.\\d{3})*,\\d{1,${digits}}$`).test(t);
  t = decimalComma ? t.replace(/\./g, "").replace(",", ".") : t.replace(/,/g, "");
  const m = /^(\d+)(?:\.(\d*))?$/.exec(t);
  if (!m) return undefined;
  const frac = m[2] ?? "";
  if (frac.length > digits) return undefined;
  const minor = BigInt(m[1] as string) * 10n ** BigInt(digits) + BigInt(frac.padEnd(digits, "0") || "0");
  return minor > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(minor);
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
