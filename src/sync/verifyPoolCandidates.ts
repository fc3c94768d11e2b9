/**
 * Which of a document's decoded entries verify, checking no stranger's signature (rules §3.7):
 * the genesis first, then the invites and joins that make the pool's authors (`poolAuthors`, one
 * invite further per round), then only the events of those authors. Everything else written by
 * someone who was never a member nor validly invited is a stranger's junk: 10,000 signed entries
 * from outside the pool cost a set lookup each, not a signature check each.
 *
 * A flood's writers are the members of its member pools, which this document cannot tell, so a
 * flood skips the stranger test (`strangersAreJunk: false`) and verifies everything.
 */
import type { AnyDecodedEvent, EventId, MemberId } from "../core/events/types.ts";
import type { SignatureVerifier } from "../core/identity/cryptoPorts.ts";
import { poolAuthors, splitStrangers } from "../core/membership/poolAuthors.ts";
import type { ReasonCode } from "../core/reasons.ts";
import { chooseVerifiedCandidates } from "./chooseVerifiedCandidates.ts";

export interface PoolCandidatesOutcome {
  /** Per id, the candidate that verified (or waits for its invite, or is not checked yet). */
  chosen: Map<EventId, AnyDecodedEvent>;
  verifiedIds: Set<EventId>;
  /** Verification keys newly verified, for the cache. */
  newKeys: string[];
  badSignature: Set<EventId>;
  rejected: Map<EventId, { event: AnyDecodedEvent; reason: ReasonCode }>;
  /** Events by strangers: junk, never verified. */
  strangers: AnyDecodedEvent[];
  /** The pool's authors, when the genesis verified (undefined otherwise, or for a flood). */
  authors: ReadonlySet<MemberId> | undefined;
}

export async function verifyPoolCandidates(
  candidates: readonly AnyDecodedEvent[],
  verifiedKeys: ReadonlySet<string>,
  verifier: SignatureVerifier,
  options: { genesisId: EventId; strangersAreJunk: boolean },
): Promise<PoolCandidatesOutcome> {
  const out: PoolCandidatesOutcome = {
    chosen: new Map(),
    verifiedIds: new Set(),
    newKeys: [],
    badSignature: new Set(),
    rejected: new Map(),
    strangers: [],
    authors: undefined,
  };
  const byId = new Map<EventId, AnyDecodedEvent[]>();
  for (const e of candidates) {
    const list = byId.get(e.id);
    if (list === undefined) byId.set(e.id, [e]);
    else list.push(e);
  }
  const done = new Set<EventId>();
  const held = (id: EventId) => out.chosen.get(id) ?? byId.get(id)?.[0];
  const run = async (ids: Iterable<EventId>) => {
    const batch: AnyDecodedEvent[] = [];
    for (const id of ids) {
      if (done.has(id)) continue;
      done.add(id);
      batch.push(...(byId.get(id) ?? []));
    }
    if (batch.length === 0) return;
    const r = await chooseVerifiedCandidates(batch, verifiedKeys, verifier, held);
    for (const [id, e] of r.chosen) out.chosen.set(id, e);
    for (const id of r.verifiedIds) out.verifiedIds.add(id);
    out.newKeys.push(...r.newKeys);
    for (const id of r.badSignature) out.badSignature.add(id);
    for (const [id, x] of r.rejected) out.rejected.set(id, x);
  };

  if (!options.strangersAreJunk) {
    await run(byId.keys());
    return out;
  }
  await run([options.genesisId]);
  const genesis = out.verifiedIds.has(options.genesisId) ? out.chosen.get(options.genesisId) : undefined;
  if (genesis === undefined) {
    // Without the genesis nobody can tell members from strangers: keep everything, unchecked.
    for (const [id, list] of byId) if (!out.chosen.has(id) && !out.rejected.has(id)) out.chosen.set(id, list[0]!);
    return out;
  }
  const firsts = () => [...byId.values()].map((list) => list[0] as AnyDecodedEvent);
  const isVerified = (id: EventId) => out.verifiedIds.has(id);
  let authors = poolAuthors(genesis, firsts(), isVerified);
  while (authors.toVerify.some((e) => !done.has(e.id))) {
    await run(authors.toVerify.map((e) => e.id));
    authors = poolAuthors(genesis, firsts(), isVerified);
  }
  out.authors = authors.authors;
  const rest = firsts().filter((e) => !done.has(e.id));
  const { kept, strangers } = splitStrangers(rest, authors.authors, (id) => byId.has(id));
  for (const e of strangers) out.strangers.push(...(byId.get(e.id) ?? []));
  await run(kept.map((e) => e.id));
  return out;
}
