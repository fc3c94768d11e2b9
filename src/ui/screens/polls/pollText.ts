import { reasonSentence } from "../../../state/reasonText.ts";

/** A refused poll or ballot in plain words, with the detail the check gave. */
export function reasonText(r: { reason: string; detail?: string }): string {
  const base = reasonSentence(r.reason);
  return r.detail ? `${base} (${r.detail})` : base;
}
