/**
 * A member id is the base64url spelling of the member's Ed25519 public key (docs/rules.md §3).
 * Ids are compared as strings everywhere (authorship, electorates, ledger names), so only the
 * one canonical spelling of a usable key is a member id: 32 bytes, canonical base64url, and a
 * key that can pass the signature rule (a small-order or malformed key could never sign a
 * valid event, or worse, could "sign" many).
 */

import { fromBase64url, toBase64url } from "../encoding/base64url.ts";
import type { MemberId } from "../events/types.ts";
import { checkPointEncoding } from "./signatureRule.ts";

export type PublicKeyResult = { ok: true; publicKey: Uint8Array } | { ok: false; reason: string };

/** The member id of a public key. Throws on a wrong length: that is a programming error, not input. */
export function memberIdOf(publicKey: Uint8Array): MemberId {
  if (publicKey.length !== 32) throw new RangeError(`an Ed25519 public key is 32 bytes, got ${publicKey.length}`);
  return toBase64url(publicKey);
}

/** Parses untrusted text (an event's `by`, an invite's member) back into a public key. */
export function publicKeyOfMemberId(id: string): PublicKeyResult {
  // 32 bytes are always 43 characters; checking first keeps huge inputs cheap to refuse.
  if (id.length !== 43) return { ok: false, reason: `a member id is 43 characters, got ${id.length}` };
  const bytes = fromBase64url(id);
  if (bytes === undefined) return { ok: false, reason: "a member id must be canonical base64url" };
  const point = checkPointEncoding(bytes, "member key");
  if (!point.ok) return point;
  return { ok: true, publicKey: bytes };
}
