import type { AnyDecodedEvent, EventId } from "../core/events/types.ts";
import { verifyEvents } from "../core/events/verifyEvents.ts";
import type { SignatureVerifier } from "../core/identity/cryptoPorts.ts";
import type { ReasonCode } from "../core/reasons.ts";
import { verificationKey } from "./storage/verificationCache.ts";

/**
 * Picks, per id, a candidate whose signature verifies: cached, or checked now. Rival
 * candidates for one id (same bytes, different signatures) are rare: the first is checked,
 * and the next only if it fails.
 */
export async function chooseVerifiedCandidates(
  candidates: readonly AnyDecodedEvent[],
  verifiedKeys: ReadonlySet<string>,
  verifier: SignatureVerifier,
  /** Events outside `candidates` a join's proof may need (its invite, verified earlier). */
  heldElsewhere?: (id: EventId) => AnyDecodedEvent | undefined,
) {
  const byId = new Map<EventId, AnyDecodedEvent[]>();
  for (const e of candidates) {
    const list = byId.get(e.id);
    if (list === undefined) byId.set(e.id, [e]);
    else list.push(e);
  }
  const chosen = new Map<EventId, AnyDecodedEvent>();
  const verifiedIds = new Set<EventId>();
  const newKeys: string[] = [];
  const unresolved = new Map<EventId, AnyDecodedEvent[]>();
  for (const [id, list] of byId) {
    const cached = list.find((e) => verifiedKeys.has(verificationKey(e.id, e.sig)));
    if (cached !== undefined) {
      chosen.set(id, cached);
      verifiedIds.add(id);
    } else unresolved.set(id, [...list]);
  }
  const lookup = (id: EventId) => chosen.get(id) ?? byId.get(id)?.[0] ?? heldElsewhere?.(id);
  const badSignature = new Set<EventId>();
  const rejected = new Map<EventId, { event: AnyDecodedEvent; reason: ReasonCode }>();
  while (unresolved.size > 0) {
    const round = [...unresolved.values()].map((list) => list.shift() as AnyDecodedEvent);
    const outcome = await verifyEvents(round, verifier, lookup);
    const byIdInRound = new Map(round.map((e) => [e.id, e]));
    for (const id of outcome.verified) {
      const e = byIdInRound.get(id) as AnyDecodedEvent;
      chosen.set(id, e);
      verifiedIds.add(id);
      newKeys.push(verificationKey(id, e.sig));
      unresolved.delete(id);
    }
    // A join whose invite is not here yet: it goes to the core unverified and waits there for its parents.
    for (const id of outcome.waiting) {
      chosen.set(id, byIdInRound.get(id) as AnyDecodedEvent);
      unresolved.delete(id);
    }
    for (const { id, reason } of outcome.refused) {
      if ((unresolved.get(id)?.length ?? 0) > 0) continue; // try the next rival value
      unresolved.delete(id);
      rejected.set(id, { event: byIdInRound.get(id) as AnyDecodedEvent, reason });
      if (reason === "bad-signature") badSignature.add(id);
    }
  }
  return { chosen, verifiedIds, newKeys, badSignature, rejected };
}
