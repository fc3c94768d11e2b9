/**
 * The formation kit's papers (issue 16): the member register, the operating agreement and the
 * resolutions, read from the derived pool by the core and handed to the screens as documents.
 * The screens format money and dates with Intl and pass that in; nothing here touches a document.
 */
import {
  decisionRecord,
  type MemberId,
  memberPayee,
  memberRegister,
  type PaperDoc,
  type PaperFormat,
  type PoolState,
  paperMarkdown,
  type RegisterRow,
  type Resolution,
  registerCsv,
  registerDoc,
  renderAgreement,
  resolutionsDoc,
} from "../core/index.ts";
import { sha256 } from "../crypto/index.ts";
import { minorDigitsOf } from "./minorDigits.ts";

export type { PaperBlock, PaperDoc, PaperFormat, RegisterRow, Resolution } from "../core/index.ts";

/** A derived state is never changed, so its register (one bylaws hash per membership) is made once. */
const registers = new WeakMap<PoolState, RegisterRow[]>();

/** Every membership, past and present, with each signed acceptance of the bylaws. */
export function registerOf(state: PoolState): RegisterRow[] {
  let rows = registers.get(state);
  if (!rows) {
    rows = memberRegister(state, sha256, minorDigitsOf(state.currency));
    registers.set(state, rows);
  }
  return rows;
}

export const registerPaper = (state: PoolState, f: PaperFormat): PaperDoc => registerDoc(state, registerOf(state), f);

/** The register as CSV, amounts in the currency's own number of decimals. */
export const registerCsvOf = (state: PoolState, digits: number): string =>
  registerCsv(registerOf(state), state.currency, digits);

export const resolutionsOf = (state: PoolState): Resolution[] => decisionRecord(state);

export const resolutionsPaper = (state: PoolState, f: PaperFormat): PaperDoc =>
  resolutionsDoc(state, resolutionsOf(state), f);

/** `now` is the date printed on it ("produced on"). */
export const agreementPaper = (state: PoolState, f: PaperFormat, now: number): PaperDoc =>
  renderAgreement(state, registerOf(state), f, now);

export const paperText = (doc: PaperDoc): string => paperMarkdown(doc);

/** One amount the dissolution still owes, less what is recorded and waiting for confirmation. */
export interface DissolutionDue {
  kind: "refund" | "share";
  /** The member owed (a refund, or a member's share); absent for a named payee. */
  member?: MemberId;
  /** What a payout names as its payee (`member:<id>` or the named payee). */
  payee: string;
  owed: number;
  /** Recorded but not confirmed yet: not to be recorded twice. */
  pending: number;
}

/** What is still to pay out to wind the pool up, refunds first (docs/rules.md "Proposals", `dissolve`). */
export function dissolutionDues(state: PoolState): DissolutionDue[] {
  const d = state.dissolution;
  if (!d) return [];
  const waiting = state.ledger.entries.filter((e) => e.status === "awaiting-confirmation");
  const pendingRefund = (m: MemberId) =>
    waiting.filter((e) => e.refund?.member === m).reduce((s, e) => s - e.amount, 0);
  const pendingPayout = (payee: string) =>
    waiting.filter((e) => e.payout?.spend === d.proposal && e.payout.payee === payee).reduce((s, e) => s - e.amount, 0);
  const out: DissolutionDue[] = d.refunds.map((r) => ({
    kind: "refund",
    member: r.member,
    payee: memberPayee(r.member),
    owed: r.owed,
    pending: pendingRefund(r.member),
  }));
  for (const s of d.shares) {
    if (s.owed <= 0) continue;
    const due: DissolutionDue = { kind: "share", payee: s.payee, owed: s.owed, pending: pendingPayout(s.payee) };
    if (s.member) due.member = s.member;
    out.push(due);
  }
  return out;
}
