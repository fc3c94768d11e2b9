/**
 * The formation kit's papers (issue 16): the member register, the operating agreement and the
 * resolutions, read from the derived pool by the core and handed to the screens as documents.
 * The screens format money and dates with Intl and pass that in; nothing here touches a document.
 */
import {
  decisionRecord,
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

export type { PaperBlock, PaperDoc, PaperFormat, RegisterRow, Resolution } from "../core/index.ts";

/** Every membership, past and present, with each signed acceptance of the bylaws. */
export const registerOf = (state: PoolState): RegisterRow[] => memberRegister(state, sha256);

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

/** The dissolution, when the pool voted to wind up: what the Papers and Overview screens show. */
export const dissolutionOf = (state: PoolState) => state.dissolution;
