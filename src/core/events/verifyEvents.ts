import { fromBase64url } from "../encoding/base64url.ts";
import type { SignatureVerifier } from "../identity/cryptoPorts.ts";
import { checkPointEncoding, checkSignatureEncoding, checkSignatureForCheckedKey } from "../identity/signatureRule.ts";
import type { ReasonCode } from "../reasons.ts";
import { inviteProofMessage } from "./signEvent.ts";
import type { AnyDecodedEvent, DecodedEvent, EventId } from "./types.ts";

export interface VerifyOutcome {
  /** Signature (and, for joins, invite proof) verified. Safe to cache by id: the id binds the bytes. */
  verified: EventId[];
  refused: { id: EventId; reason: ReasonCode }[];
  /** Joins whose invite is not here yet: their proof cannot be checked until it arrives. */
  waiting: EventId[];
}

/**
 * How many signature checks are in flight at once. WebCrypto runs them on the platform's worker
 * threads while this thread runs the encoding checks of the next ones, so a window keeps every
 * core busy; a bound (rather than one promise per event) keeps memory flat on a 100,000-event
 * pool. The verification benchmark's floor uses the same window size.
 */
export const VERIFY_IN_FLIGHT = 64;

/**
 * Checks signatures of events not yet known to be valid. Kept apart from derivation so that
 * its result can be cached across reloads (verifying is the slow part of opening a pool).
 * `lookup` finds other events by id (a join's proof needs its invite's public key).
 */
export async function verifyEvents(
  events: readonly AnyDecodedEvent[],
  verifier: SignatureVerifier,
  lookup: (id: EventId) => AnyDecodedEvent | undefined,
): Promise<VerifyOutcome> {
  const outcome: VerifyOutcome = { verified: [], refused: [], waiting: [] };
  const authors = authorKeys();
  let next = 0;
  const lane = async () => {
    while (next < events.length) {
      const event = events[next++] as AnyDecodedEvent;
      const verdict = await verifyOne(event, verifier, lookup, authors);
      if (verdict === "ok") outcome.verified.push(event.id);
      else if (verdict === "waiting") outcome.waiting.push(event.id);
      else outcome.refused.push({ id: event.id, reason: verdict });
    }
  };
  await Promise.all(Array.from({ length: Math.min(VERIFY_IN_FLIGHT, events.length) }, lane));
  return outcome;
}

/**
 * An author's public key, decoded and encoding-checked once per call (a pool's events come from
 * a few members); undefined when it is not a usable Ed25519 key.
 */
function authorKeys(): (by: string) => Uint8Array | undefined {
  const keys = new Map<string, Uint8Array | undefined>();
  return (by) => {
    if (keys.has(by)) return keys.get(by);
    const key = fromBase64url(by);
    const usable = key?.length === 32 && checkPointEncoding(key, "public key A").ok ? key : undefined;
    keys.set(by, usable);
    return usable;
  };
}

/** The backend's equation after the caller's encoding check, without checking twice when the backend allows. */
function equationHolds(
  verifier: SignatureVerifier,
  publicKey: Uint8Array,
  message: Uint8Array,
  sig: Uint8Array,
): Promise<boolean> {
  return verifier.verifyEquation
    ? verifier.verifyEquation(publicKey, message, sig)
    : verifier.verify(publicKey, message, sig);
}

async function verifyOne(
  event: AnyDecodedEvent,
  verifier: SignatureVerifier,
  lookup: (id: EventId) => AnyDecodedEvent | undefined,
  authorKey: (by: string) => Uint8Array | undefined,
): Promise<"ok" | "waiting" | ReasonCode> {
  // docs/rules.md §3: the core checks the encodings itself before any backend runs, so that devices
  // agree on validity whatever backend (or injected verifier) they use. The author's key was
  // checked once (authorKeys); S and R are checked here for every signature.
  const author = authorKey(event.body.by);
  if (author === undefined) return "bad-signature";
  if (!checkSignatureForCheckedKey(event.sig).ok) return "bad-signature";
  if (!(await equationHolds(verifier, author, event.bytes, event.sig))) return "bad-signature";
  if (event.body.type !== "member.joined") return "ok";
  const join = event as DecodedEvent<"member.joined">;
  const invite = lookup(join.body.data.invite);
  if (!invite) return "waiting";
  if (invite.body.type !== "member.invited") return "bad-invite-proof";
  const inviteKey = fromBase64url((invite as DecodedEvent<"member.invited">).body.data.invitePublicKey);
  const proof = fromBase64url(join.body.data.proof);
  if (!inviteKey || !proof || !checkSignatureEncoding(inviteKey, proof).ok) return "bad-invite-proof";
  const message = inviteProofMessage(join.body.pool, join.body.by);
  return (await equationHolds(verifier, inviteKey, message, proof)) ? "ok" : "bad-invite-proof";
}
