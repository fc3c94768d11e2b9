/**
 * Tiny shape checks for untrusted JSON. Each returns true when the value fits;
 * callers turn a false into a reason. Hand-written because they sit on the hot path of
 * decoding every synced event and a schema library would double the cost.
 */
import { MAX_AMOUNT } from "./limits.ts";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

export const isText = (v: unknown, max: number, min = 0): v is string =>
  typeof v === "string" && v.length >= min && v.length <= max;

/** A base64url SHA-256 or Ed25519 public key: 32 bytes are 43 characters. */
export const isKey43 = (v: unknown): v is string => typeof v === "string" && /^[A-Za-z0-9_-]{43}$/.test(v);

export const isSafeInt = (v: unknown, min = 0): v is number =>
  typeof v === "number" && Number.isSafeInteger(v) && v >= min;

/** A positive amount in minor units, at most MAX_AMOUNT (docs/rules.md §3.13). */
export const isAmount = (v: unknown): v is number => isSafeInt(v, 1) && v <= MAX_AMOUNT;

/** An amount that may be zero (a buy-in of none, an allocation taken back). */
export const isAmountOrZero = (v: unknown): v is number => v === 0 || isAmount(v);

export const oneOf = <T extends string>(v: unknown, options: readonly T[]): v is T =>
  typeof v === "string" && (options as readonly string[]).includes(v);

/** Only the allowed keys, and every required one. */
export function hasKeys(o: JsonObject, required: readonly string[], optional: readonly string[] = []): boolean {
  for (const k of required) if (!(k in o)) return false;
  for (const k in o) if (!required.includes(k) && !optional.includes(k)) return false;
  return true;
}

export const isKeyList = (v: unknown, max: number): v is string[] =>
  Array.isArray(v) && v.length <= max && v.every(isKey43);

/** Sorted as ASCII strings, no repeats (docs/rules.md §3: parents). */
export function isSortedUnique(list: readonly string[]): boolean {
  for (let i = 1; i < list.length; i++) if (!((list[i - 1] as string) < (list[i] as string))) return false;
  return true;
}
