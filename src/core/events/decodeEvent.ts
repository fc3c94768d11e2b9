import { toBase64url } from "../encoding/base64url.ts";
import { canonicalText } from "../encoding/canonical.ts";
import type { Sha256 } from "../identity/cryptoPorts.ts";
import { ok, type Result, refuse } from "../result.ts";
import { MAX_BODY_BYTES, MAX_PARENTS, MAX_SEAL_BYTES } from "./limits.ts";
import { isKey43, isObject, isSafeInt, isSortedUnique } from "./shape.ts";
import type { AnyDecodedEvent, EventBody, StoredEvent } from "./types.ts";
import { isEventType, isValidData } from "./validateData.ts";

const decoder = new TextDecoder("utf-8", { fatal: true });

export function eventIdOf(bytes: Uint8Array, sha256: Sha256): string {
  return toBase64url(sha256(bytes));
}

/**
 * Turns one stored entry into a well-formed event, or says why not. Checks everything that
 * needs no other event: size, id = hash of the exact bytes, canonical JSON, envelope and data
 * shape. Signatures are checked separately (and cached) by `verifyEvents`.
 */
export interface DecodeOptions {
  /**
   * Whether this (id, signature) pair was fully checked before on this device. Its bytes still
   * have to hash to the id, which binds them to what was checked, so the shape and canonical-form
   * checks (the costly part of opening a pool) can be skipped.
   */
  checkedBefore?: (id: string, sig: Uint8Array) => boolean;
}

export function decodeEvent(
  key: string,
  stored: StoredEvent,
  sha256: Sha256,
  options: DecodeOptions = {},
): Result<AnyDecodedEvent> {
  const { bytes, sig } = stored;
  if (!(bytes instanceof Uint8Array) || !(sig instanceof Uint8Array)) return refuse("bad-envelope", "bytes");
  if (bytes.length > MAX_SEAL_BYTES) return refuse("too-large");
  if (eventIdOf(bytes, sha256) !== key) return refuse("id-mismatch");
  let text: string;
  let parsed: unknown;
  try {
    text = decoder.decode(bytes);
    parsed = JSON.parse(text);
  } catch {
    return refuse("not-json");
  }
  if (sig.length === 64 && options.checkedBefore?.(key, sig))
    return ok({ id: key, body: parsed as EventBody, bytes, sig } as AnyDecodedEvent);
  if (!isObject(parsed)) return refuse("bad-envelope");
  const body = parsed;
  if (
    body.v !== 1 ||
    typeof body.pool !== "string" ||
    !isKey43(body.by) ||
    !isSafeInt(body.at) ||
    !Array.isArray(body.parents) ||
    !("data" in body) ||
    Object.keys(body).length !== 7
  )
    return refuse("bad-envelope");
  if (!isEventType(body.type)) return refuse("unknown-type", String(body.type).slice(0, 40));
  // Seals list every vote or allocation they count, so they may be larger.
  if (
    bytes.length > MAX_BODY_BYTES &&
    body.type !== "proposal.sealed" &&
    body.type !== "round.sealed" &&
    body.type !== "pool.key-rotated" && // a sealed key per remaining member (rules §9)
    body.type !== "flood.pool-key" && // a sealed key per member of the flood (rules §9)
    body.type !== "flood.key-rotated" && // likewise
    body.type !== "pool.moved"
  )
    return refuse("too-large");
  const parents = body.parents;
  if (parents.length > MAX_PARENTS || !parents.every(isKey43) || !isSortedUnique(parents as string[]))
    return refuse("bad-parents");
  if (body.pool !== "" && !isKey43(body.pool)) return refuse("bad-envelope", "pool");
  if (!isValidData(body.type, body.data)) return refuse("bad-data", body.type);
  if (canonicalText(body) !== text) return refuse("not-canonical");
  if (sig.length !== 64) return refuse("bad-signature", "length");
  return ok({ id: key, body: body as unknown as EventBody, bytes, sig } as AnyDecodedEvent);
}
