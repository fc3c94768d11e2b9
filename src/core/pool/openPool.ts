/**
 * Everything between "the entries I hold" and "the pool's state", for a bot or another client
 * (rules §3): decode each entry, check the genesis, find the pool's authors, shed what strangers
 * wrote, verify the rest and derive. What an app's sync layer does with its caches, in one call.
 */
import { decodeEvent, eventIdOf } from "../events/decodeEvent.ts";
import type { AnyDecodedEvent, EventId, StoredEvent } from "../events/types.ts";
import { verifyEvents } from "../events/verifyEvents.ts";
import type { Sha256, SignatureVerifier } from "../identity/cryptoPorts.ts";
import { poolAuthors, splitStrangers } from "../membership/poolAuthors.ts";
import { ok, type Refused, refuse } from "../result.ts";
import type { AuditEntry, PoolState } from "./poolState.ts";
import { tryDerivePool } from "./tryDerivePool.ts";

/** One stored entry: the exact signed bytes and their signature; the id is computed when absent. */
export type StoredEntry = StoredEvent & { id?: EventId };

export interface OpenPoolOptions {
  sha256: Sha256;
  verifier: SignatureVerifier;
  /** Your clock (ms): what is open or closed is judged at this time. */
  now: number;
  /**
   * The pool's id, which you got with the invite (the trust anchor). Without it, the one
   * `pool.created` among the entries is taken; several are refused as ambiguous.
   */
  genesisId?: EventId;
  /** Ids you verified before (cache them between calls: verifying is the slow part). */
  verifiedBefore?: ReadonlySet<EventId>;
  /** When you first held each event (rules §3.6), if you keep that. */
  arrivals?: ReadonlyMap<EventId, number>;
}

export interface OpenedPool {
  state: PoolState;
  /** Members' events the rules refused, with reasons (the same list as `state.audit`). */
  refused: AuditEntry[];
  /** Junk (rules §3.7): entries that do not decode, fail their signature, or come from outside the pool. */
  junk: AuditEntry[];
  /** Every id whose signature verified: keep it as `verifiedBefore` for the next call. */
  verified: Set<EventId>;
}

export type OpenPoolResult = { ok: true; value: OpenedPool } | (Refused & { junk: AuditEntry[] });

export async function openPool(stored: Iterable<StoredEntry>, options: OpenPoolOptions): Promise<OpenPoolResult> {
  const { sha256, verifier } = options;
  const junk: AuditEntry[] = [];
  const byId = new Map<EventId, AnyDecodedEvent>();
  for (const entry of stored) {
    const id = entry.id ?? eventIdOf(entry.bytes, sha256);
    const decoded = decodeEvent(id, entry, sha256);
    if (!decoded.ok) junk.push(auditOf(id, decoded.reason, undefined, decoded.detail));
    else if (!byId.has(id)) byId.set(id, decoded.value);
  }
  const stop = (r: Refused) => ({ ...r, junk });

  const genesisId = options.genesisId ?? onlyGenesis(byId.values());
  if (typeof genesisId !== "string") return stop(genesisId);
  const genesis = byId.get(genesisId);
  if (genesis === undefined) return stop(refuse("genesis-missing"));

  const verified = new Set<EventId>();
  const done = new Set<EventId>();
  const lookup = (id: EventId) => byId.get(id);
  const check = async (events: AnyDecodedEvent[]) => {
    const fresh = events.filter((e) => !done.has(e.id));
    for (const e of fresh) done.add(e.id);
    const known = fresh.filter((e) => options.verifiedBefore?.has(e.id) === true);
    for (const e of known) verified.add(e.id);
    const outcome = await verifyEvents(
      fresh.filter((e) => !verified.has(e.id)),
      verifier,
      lookup,
    );
    for (const id of outcome.verified) verified.add(id);
    for (const { id, reason } of outcome.refused) {
      const e = byId.get(id) as AnyDecodedEvent;
      junk.push(auditOf(id, reason, e));
      byId.delete(id);
    }
  };

  await check([genesis]);
  if (!verified.has(genesisId)) return stop(refuse("genesis-refused", "its signature does not verify"));
  let authors = poolAuthors(genesis, byId.values(), (id) => verified.has(id));
  while (authors.toVerify.some((e) => !done.has(e.id))) {
    await check(authors.toVerify);
    authors = poolAuthors(genesis, byId.values(), (id) => verified.has(id));
  }
  const { kept, strangers } = splitStrangers(byId.values(), authors.authors, (id) => byId.has(id));
  for (const e of strangers) junk.push(auditOf(e.id, "not-in-pool", e));
  await check(kept);

  const derived = tryDerivePool({
    genesisId,
    events: kept.filter((e) => byId.has(e.id)),
    verified,
    now: options.now,
    ...(options.arrivals === undefined ? {} : { arrivals: options.arrivals }),
  });
  if (!derived.ok) return stop(derived);
  return ok({ state: derived.value, refused: derived.value.audit, junk, verified });
}

function onlyGenesis(events: Iterable<AnyDecodedEvent>): EventId | Refused {
  const found = [...events].filter((e) => e.body.type === "pool.created" && e.body.pool === "").map((e) => e.id);
  if (found.length === 1) return found[0] as EventId;
  return found.length === 0
    ? refuse("genesis-missing")
    : refuse("genesis-missing", `${found.length} pool.created events: pass genesisId`);
}

function auditOf(id: EventId, reason: AuditEntry["reason"], e?: AnyDecodedEvent, detail?: string): AuditEntry {
  const entry: AuditEntry = e ? { id, type: e.body.type, by: e.body.by, at: e.body.at, reason } : { id, reason };
  return detail === undefined ? entry : { ...entry, detail };
}
