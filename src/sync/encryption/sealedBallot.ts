/**
 * Meetup ballots of an encrypted pool (rules §9) carry the vote's sealed entry, as the document
 * holds it, instead of its plaintext: a photo of someone's ballot QR code tells nothing to a
 * person without the pool key.
 *
 *   pools-ballot:2:<entry key>~<base64url sealed value>
 *
 * The chair's phone opens it with the pool key and checks it like any ballot (core decodeBallot).
 */
import { fromBase64url, toBase64url } from "../../core/encoding/base64url.ts";
import { encodeBallot } from "../../core/meetup/ballotCode.ts";
import { parseEntryKey } from "../schema/entryKey.ts";
import { unpackEntry } from "../schema/poolDoc.ts";
import { type EntryCrypto, openEntry } from "./entryCrypto.ts";

export const SEALED_BALLOT_PREFIX = "pools-ballot:2:";
/** A sealed vote is a few hundred bytes; anything far larger is not a ballot. */
const MAX_TEXT = 4096;

export function encodeSealedBallot(mapKey: string, value: Uint8Array): string {
  return `${SEALED_BALLOT_PREFIX}${mapKey}~${toBase64url(value)}`;
}

/** The plaintext ballot (`pools-ballot:1:…`) inside a sealed one, or why it cannot be opened. */
export async function openSealedBallot(
  crypto: EntryCrypto | undefined,
  text: string,
): Promise<string | { error: string }> {
  const trimmed = text.trim();
  if (trimmed.length > MAX_TEXT) return { error: "too long" };
  const [mapKey, sealed, ...rest] = trimmed.slice(SEALED_BALLOT_PREFIX.length).split("~");
  if (mapKey === undefined || sealed === undefined || rest.length > 0 || parseEntryKey(mapKey) === undefined)
    return { error: "not a sealed ballot" };
  const value = fromBase64url(sealed);
  if (value === undefined) return { error: "not a sealed ballot" };
  if (crypto === undefined) return { error: "this phone holds no key for this pool" };
  const packed = await openEntry(crypto, mapKey, value);
  if (!(packed instanceof Uint8Array)) return { error: packed.detail };
  const stored = unpackEntry(packed);
  if (typeof stored === "string") return { error: stored };
  return encodeBallot(stored);
}
