import { fromBase64url, toBase64url } from "../encoding/base64url.ts";
import { decodeEvent } from "../events/decodeEvent.ts";
import { MAX_BODY_BYTES } from "../events/limits.ts";
import type { DecodedEvent } from "../events/types.ts";
import type { Sha256 } from "../identity/cryptoPorts.ts";
import { ok, type Result, refuse } from "../result.ts";

/**
 * A ballot as text for a QR code (docs/rules.md §6): the vote's exact signed bytes and its signature.
 * A vote's only parent is its proposal, so the ballot is self-contained: any phone that holds
 * the proposal can check and count it with no network.
 */
export const BALLOT_PREFIX = "pools-ballot:1:";

export function encodeBallot(vote: { bytes: Uint8Array; sig: Uint8Array }): string {
  return `${BALLOT_PREFIX}${toBase64url(vote.bytes)}.${toBase64url(vote.sig)}`;
}

/** Reads a scanned ballot back into a vote event; anything else is refused with a reason. */
export function decodeBallot(text: string, sha256: Sha256): Result<DecodedEvent<"vote.cast">> {
  const trimmed = text.trim();
  if (!trimmed.startsWith(BALLOT_PREFIX)) return refuse("not-a-ballot");
  const [body, sig, ...rest] = trimmed.slice(BALLOT_PREFIX.length).split(".");
  if (body === undefined || sig === undefined || rest.length > 0) return refuse("not-a-ballot");
  if (body.length > Math.ceil((MAX_BODY_BYTES * 4) / 3)) return refuse("too-large");
  const bytes = fromBase64url(body);
  const signature = fromBase64url(sig);
  if (!bytes || !signature) return refuse("not-a-ballot");
  const idBytes = sha256(bytes);
  const decoded = decodeEvent(toBase64url(idBytes), { bytes, sig: signature }, sha256);
  if (!decoded.ok) return decoded;
  if (decoded.value.body.type !== "vote.cast") return refuse("not-a-ballot", decoded.value.body.type);
  return ok(decoded.value as DecodedEvent<"vote.cast">);
}
