/**
 * How many decimals the app keeps a currency's minor units in: the one the money fields read
 * amounts with (Intl's, e.g. 2 for EUR, 0 for JPY, 3 for KWD). The bylaws, the register and the
 * CSV exports write amounts with it, so a ¥1,000 buy-in never reads as "10.00 JPY".
 */
const cache = new Map<string, number>();

export function minorDigitsOf(currency: string): number {
  let digits = cache.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    cache.set(currency, digits);
  }
  return digits;
}
