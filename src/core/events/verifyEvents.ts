import { fromBase64url } from "../encoding/base64url.ts";
import type { SignatureVerifier } from "../identity/cryptoPorts.ts";
import { checkSignatureEncoding } from "../identity/signatureRule.ts";
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
  await Promise.all(
    events.map(async (event) => {
      const verdict = await verifyOne(event, verifier, lookup);
      if (verdict === "ok") outcome.verified.push(event.id);
      else if (verdict === "waiting") outcome.waiting.push(event.id);
      else outcome.refused.push({ id: event.id, reason: verdict });
    }),
  );
  return outcome;
}

async function verifyOne(
  event: AnyDecodedEvent,
  verifier: SignatureVerifier,
  lookup: (id: EventId) => AnyDecodedEvent | undefined,
): Promise<"ok" | "waiting" | ReasonCode> {
  const author = fromBase64url(event.body.by);
  if (author?.length !== 32) return "bad-signature";
  // DESIGN.md §3: the core checks the encodings itself before any backend runs, so that devices
  // agree on validity whatever backend (or injected verifier) they use.
  if (!checkSignatureEncoding(author, event.sig).ok) return "bad-signature";
  if (!(await verifier.verify(author, event.bytes, event.sig))) return "bad-signature";
  if (event.body.type !== "member.joined") return "ok";
  const join = event as DecodedEvent<"member.joined">;
  const invite = lookup(join.body.data.invite);
  if (!invite) return "waiting";
  if (invite.body.type !== "member.invited") return "bad-invite-proof";
  const inviteKey = fromBase64url((invite as DecodedEvent<"member.invited">).body.data.invitePublicKey);
  const proof = fromBase64url(join.body.data.proof);
  if (!inviteKey || !proof || !checkSignatureEncoding(inviteKey, proof).ok) return "bad-invite-proof";
  const message = inviteProofMessage(join.body.pool, join.body.by);
  return (await verifier.verify(inviteKey, message, proof)) ? "ok" : "bad-invite-proof";
}
