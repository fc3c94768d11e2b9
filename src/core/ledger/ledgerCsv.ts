import { memberOfPayee } from "../dissolve/dissolution.ts";
import type { LedgerView, MemberView } from "../pool/poolState.ts";

/** A plain signed decimal: a number to a spreadsheet, never a formula. */
const NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * RFC 4180 quoting. Text starting with =, +, -, @, tab or CR is prefixed with an apostrophe so
 * spreadsheets do not run it as a formula; a valid signed number is left a number, so the
 * amount columns still add up.
 */
export function cell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && !NUMBER.test(text)) text = `'${text}`;
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

/**
 * Every entry, with status and flags, so members can check the books anywhere (docs/rules.md §4
 * "Export"). `amount` is what the entry moves (a reversal awaiting confirmation shows what it
 * will take back); `counted amount` is what it moves now, so that column sums to the balance.
 */
export function ledgerCsv(
  ledger: LedgerView,
  members: Record<string, MemberView>,
  currency: string,
  digits = 2,
): string {
  const name = (id: string | undefined) => (id ? (members[id]?.name ?? id) : "");
  // A dissolution share is paid to `member:<id>` (rules §4): named like every other member here.
  const payeeCell = (payee: string) => {
    const member = memberOfPayee(payee);
    return member === undefined ? payee : name(member);
  };
  const counted = new Set(ledger.history.map((h) => h.entry));
  const byId = new Map(ledger.entries.map((e) => [e.id, e]));
  /** A reversal not counted yet takes back what its target moved, if its target counted. */
  const moves = (e: (typeof ledger.entries)[number]): number => {
    if (!e.reversal || counted.has(e.id)) return e.amount;
    const target = byId.get(e.reversal.entry);
    return target && counted.has(target.id) ? -target.amount : 0;
  };
  const header = [
    "date",
    "entry",
    "type",
    "amount",
    "counted amount",
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
        ? payeeCell(e.payout.payee)
        : e.refund
          ? name(e.refund.member)
          : (e.reversal?.entry ?? "");
    const type = e.contribution ? `contribution (${e.contribution.kind})` : e.type;
    return [
      new Date(e.at).toISOString(),
      e.id,
      type,
      minorToDecimal(moves(e), digits),
      minorToDecimal(counted.has(e.id) ? e.amount : 0, digits),
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
