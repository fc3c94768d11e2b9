/**
 * `PoolSession.append`: nothing goes into the document that the core would refuse (docs/rules.md
 * §3). Events are decoded, their signatures checked, the pool derived with them added; only then
 * are they sealed (in an encrypted pool) and written. When nothing else changed the document in
 * between, the trial derivation becomes the new state without a second one.
 */
import * as A from "@automerge/automerge/slim";
import { decodeEvent } from "../../core/events/decodeEvent.ts";
import type { SignedEvent } from "../../core/events/signEvent.ts";
import type { AnyDecodedEvent, EventId } from "../../core/events/types.ts";
import { verifyEvents } from "../../core/events/verifyEvents.ts";
import { type Derivation, deriveFrom, deriveNext } from "../../core/pool/derivation.ts";
import type { AuditEntry, PoolState } from "../../core/pool/poolState.ts";
import type { ReasonCode } from "../../core/reasons.ts";
import { sealEvents } from "../encryption/sealEvents.ts";
import { verificationKey } from "../storage/verificationCache.ts";
import { type SyncRefused, type SyncResult, syncOk, syncRefuse } from "../syncReasons.ts";
import { noteArrivals } from "./noteArrivals.ts";
import { persistSession } from "./persistSession.ts";
import type { AppendOk, AppendOptions, StoredEventWithId } from "./poolSessionTypes.ts";
import { refresh, sameHeads, upToDate } from "./scheduleRecompute.ts";
import type { SessionInternals } from "./sessionInternals.ts";
import { takeRotatedKeys } from "./sessionKeys.ts";
import { write, writeBlocked } from "./sessionWrites.ts";

export async function appendEvents(
  s: SessionInternals,
  input: SignedEvent | StoredEventWithId | readonly (SignedEvent | StoredEventWithId)[],
  options: AppendOptions = {},
): Promise<SyncResult<AppendOk>> {
  const list = (Array.isArray(input) ? input : [input]) as (SignedEvent | StoredEventWithId)[];
  const partial = options.partial === true;
  const { sha256, verifier } = s.deps;
  const refused: AuditEntry[] = [];
  const refuseOne = (
    id: EventId,
    reason: ReasonCode,
    detail?: string,
    e?: AnyDecodedEvent,
  ): SyncRefused | undefined => {
    if (!partial) return syncRefuse(reason, detail === undefined ? `event ${id}` : `event ${id}: ${detail}`);
    const entry: AuditEntry = e ? { id, type: e.body.type, by: e.body.by, at: e.body.at, reason } : { id, reason };
    refused.push(detail === undefined ? entry : { ...entry, detail });
    return undefined;
  };

  let decoded: AnyDecodedEvent[] = [];
  for (const e of list) {
    const r = decodeEvent(e.id, { bytes: e.bytes, sig: e.sig }, sha256);
    if (r.ok) decoded.push(r.value);
    else {
      const stop = refuseOne(e.id, r.reason, r.detail);
      if (stop) return stop;
    }
  }
  const before = await upToDate(s);
  const batch = new Map(decoded.map((e) => [e.id, e]));
  const lookup = (id: EventId) => batch.get(id) ?? before.events.get(id);
  const byCaller = new Set<EventId>();
  const cached = decoded.filter((e) => {
    const key = verificationKey(e.id, e.sig);
    if (s.verifiedKeys.has(key)) return true;
    if (options.verifiedBefore?.has(key) !== true) return false;
    byCaller.add(e.id);
    return true;
  });
  const cachedIds = new Set(cached.map((e) => e.id));
  const outcome = await verifyEvents(
    decoded.filter((e) => !cachedIds.has(e.id)),
    verifier,
    lookup,
  );
  for (const r of outcome.refused) {
    const stop = refuseOne(r.id, r.reason, undefined, batch.get(r.id));
    if (stop) return stop;
  }
  const badIds = new Set(outcome.refused.map((r) => r.id));
  decoded = decoded.filter((e) => !badIds.has(e.id));
  const blocked = writeBlocked(s);
  if (blocked !== undefined && !(blocked === "pool-moved" && decoded.every(mayGoIntoMovedDocument)))
    return syncRefuse(blocked);
  // Sealing awaits, so it happens before the last look at the document below.
  const sealed = await sealEvents(
    s.crypto,
    decoded.map((e) => ({ id: e.id, bytes: e.bytes, sig: e.sig, at: e.body.at })),
  );

  // The document may have changed while signatures were checked: judge the batch against what
  // it holds now. From here to the write nothing awaits, so no change can slip in between.
  const view = await upToDate(s);
  const viewHeads = s.lastHeads;

  const verified = new Set([...view.verified, ...cachedIds, ...outcome.verified]);
  // Without the genesis the core cannot judge anything: write nothing rather than write blind.
  if (!verified.has(s.poolId)) return syncRefuse("pool-not-loaded");
  const events = new Map(view.events);
  for (const e of decoded) events.set(e.id, e);
  const now = s.now();
  noteArrivals(
    s,
    decoded.map((e) => e.id),
    now,
  );
  let trial: PoolState;
  const derivationBefore = s.derivation;
  let trialDerivation: Derivation | undefined;
  try {
    const input = { verified, now, refusedEarlier: view.refused, arrivals: s.arrivals };
    // An event held before whose verdict changes must be judged again: derive afresh then.
    const carryOn =
      derivationBefore !== undefined &&
      view.state !== undefined &&
      !decoded.some((e) => view.events.has(e.id) && view.verified.has(e.id) !== verified.has(e.id));
    if (s.deps.derive === undefined) {
      // The common case, one vote: fold the batch onto the derived pool instead of deriving it all.
      trialDerivation = carryOn
        ? deriveNext(derivationBefore, { ...input, added: decoded })
        : deriveFrom({ ...input, genesisId: s.poolId, events: events.values() });
      trial = trialDerivation.state;
    } else
      trial = s.derive({
        genesisId: s.poolId,
        events: events.values(),
        verified,
        now,
        refusedEarlier: view.refused,
        arrivals: s.arrivals,
      });
  } catch (err) {
    return syncRefuse("not-the-genesis", err instanceof Error ? err.message : String(err));
  }
  const audited = new Map(trial.audit.map((a) => [a.id, a]));
  const kept: AnyDecodedEvent[] = [];
  for (const e of decoded) {
    const a = audited.get(e.id);
    if (a === undefined) kept.push(e);
    else {
      const stop = refuseOne(e.id, a.reason, a.detail, e);
      if (stop) return stop;
    }
  }
  decoded = kept;
  const waiting = new Set(trial.pending.map((p) => p.id));
  const pending = decoded.filter((e) => waiting.has(e.id)).map((e) => e.id);

  const toWrite = decoded.filter((e) => !view.verified.has(e.id));
  const headsBefore = A.getHeads(s.handle.doc());
  const newlyVerified = new Set([...outcome.verified, ...byCaller]);
  for (const e of toWrite) {
    if (!newlyVerified.has(e.id)) continue; // a join waiting for its invite is written, not yet known valid
    s.known.set(e.id, { id: e.id, bytes: e.bytes, sig: e.sig, at: e.body.at });
    const key = verificationKey(e.id, e.sig);
    s.verifiedKeys.add(key);
    s.unpersisted.push(key);
  }
  write(
    s,
    toWrite.map((e) => ({ id: e.id, bytes: e.bytes, sig: e.sig, at: e.body.at })),
    sealed,
  );
  if (refused.length === 0 && toWrite.length > 0 && sameHeads(viewHeads, headsBefore)) {
    // The document now holds exactly the events the trial derived, so the trial is the new
    // state: no second derivation. (A change from elsewhere in between would have moved the
    // heads, and then a full recompute runs.)
    s.lastHeads = A.getHeads(s.handle.doc());
    s.derivation = trialDerivation;
    s.view = { ...view, events, verified, state: trial, revision: view.revision + 1 };
    for (const l of s.listeners) l(s.view);
    await persistSession(s, []);
    // A rotation this device just wrote counts now: seal what comes next under its key.
    await takeRotatedKeys(s, trial);
  } else {
    await refresh(s);
  }
  return syncOk({ written: toWrite.map((e) => e.id), pending, refused });
}

/**
 * What a moved plaintext document still takes (rules §9): a member's delivery key, asking for the
 * keys of the document it moved to, and a member's answer with those keys sealed. Neither says
 * anything the relay could use: a public key, and keys only their recipients open.
 */
function mayGoIntoMovedDocument(e: AnyDecodedEvent): boolean {
  return e.body.type === "member.key-published" || e.body.type === "pool.moved";
}
