/** Validation of untrusted data returns one of these, never throws (STYLE.md: validators return reasons). */
export type Ok<T> = { ok: true; value: T };
export type Refused = { ok: false; reason: ReasonCode; detail?: string };
export type Result<T> = Ok<T> | Refused;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const refuse = (reason: ReasonCode, detail?: string): Refused =>
  detail === undefined ? { ok: false, reason } : { ok: false, reason, detail };

import type { ReasonCode } from "./reasons.ts";
