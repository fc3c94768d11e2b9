import type { LedgerView, MemberView } from "../pool/poolState.ts";

/** RFC 4180 quoting; a leading =, +, - or @ is prefixed so spreadsheets do not run it as a formula. */
export function cell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === "string") text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Minor units as a plain decimal, never through floating point. */
export function minorToDecimal(amount: number, digits: number): string {
  const sign = amount < 0 ? "-" : "";
  const abs = Math.abs(amount)
    .toString()
    .padStart(digits + 1, "0");
  return digits === 0 ? `${sign}${abs}` : `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}

/** Every entry, with status and flags, so members can check the books anywhere (DESIGN.md §4 "Export"). */
export function ledgerCsv(
  ledger: LedgerView,
  members: Record<string, MemberView>,
  currency: string,
  digits = 2,
): string {
  const name = (id: string | undefined) => (id ? (members[id]?.name ?? id) : "");
  const header = [
    "date",
    "entry",
    "type",
    "amount",
    "currency",
    "counterparty",
    "memo",
    "status",
    "flag",
    "recorded by",
    "confirmed by",
  ];
  const rows = ledger.entries.map((e) => {
    const counterparty = e.contribution
      ? "member" in e.contribution.from
        ? name(e.contribution.from.member)
        : "outsider" in e.contribution.from
          ? e.contribution.from.outsider
          : `pool ${e.contribution.from.pool}`
      : e.payout
        ? e.payout.payee
        : e.refund
          ? name(e.refund.member)
          : (e.reversal?.entry ?? "");
    const type = e.contribution ? `contribution (${e.contribution.kind})` : e.type;
    return [
      new Date(e.at).toISOString(),
      e.id,
      type,
      minorToDecimal(e.amount, digits),
      currency,
      counterparty,
      e.memo,
      e.status,
      e.notAuthorised ?? "",
      name(e.by),
      name(e.confirmedBy),
    ];
  });
  return `${[header, ...rows].map((r) => r.map(cell).join(",")).join("\r\n")}\r\n`;
}
