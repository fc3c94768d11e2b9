/**
 * One recompute of a session's view: read the document (opening sealed entries first), verify
 * the candidates (authors first), derive the pool, save what was learned, heal what vanished,
 * publish the view, then shed the junk found.
 */
import * as A from "@automerge/automerge/slim";
import type { AnyDecodedEvent } from "../../core/events/types.ts";
import type { AuditEntry, PoolState } from "../../core/pool/poolState.ts";
import { readEvents } from "../readEvents.ts";
import type { JunkFound } from "../shedJunk.ts";
import { verificationKey } from "../storage/verificationCache.ts";
import { verifyPoolCandidates } from "../verifyPoolCandidates.ts";
import { deriveSessionState } from "./deriveSessionState.ts";
import { heal } from "./healVanished.ts";
import { noteArrivals } from "./noteArrivals.ts";
import { persistSession } from "./persistSession.ts";
import type { PoolView } from "./poolSessionTypes.ts";
import { schedule } from "./scheduleRecompute.ts";
import type { SessionInternals } from "./sessionInternals.ts";
import { takeRotatedKeys } from "./sessionKeys.ts";
import { isJunkReason, judgeEpochs, shedLater } from "./shedJunkLater.ts";

export async function recomputeView(s: SessionInternals): Promise<PoolView> {
  const { sha256 } = s.deps;
  const doc = s.handle.doc();
  s.lastHeads = A.getHeads(doc);
  const checkedBefore = (id: string, sig: Uint8Array) => s.verifiedKeys.has(verificationKey(id, sig));
  const verify = (candidates: readonly AnyDecodedEvent[]) =>
    verifyPoolCandidates(candidates, s.verifiedKeys, s.deps.verifier, {
      genesisId: s.poolId,
      strangersAreJunk: (s.deps.genesisType ?? "pool.created") === "pool.created",
    });
  const junk = s.junk.byKey;
  const opener = s.opener;
  await opener?.prepare(doc);
  const open = opener?.open;
  /** Reads; in an encrypted pool, once more after opening the rival values the first read asked for. */
  const readAll = async (allValuesOf?: ReadonlySet<string>) => {
    const options = {
      memo: s.memo,
      checkedBefore,
      junk,
      ...(open ? { open, decodedBefore: opener.decodedBefore } : {}),
      ...(allValuesOf ? { allValuesOf } : {}),
    };
    const first = readEvents(doc, sha256, options);
    return opener !== undefined && (await opener.openMissed()) ? readEvents(doc, sha256, options) : first;
  };
  let read = await readAll();
  // Rules §9: values of an epoch no rotation introduced are junk, judged on this very read.
  if (judgeEpochs(s, read.events)) read = await readAll();
  let checked = await verify(read.events);
  // A key whose only readable value has a bad signature may hide a good value behind it.
  if (checked.badSignature.size > 0) {
    read = await readAll(checked.badSignature);
    checked = await verify(read.events);
  }
  if (checked.authors !== undefined) {
    s.authors = checked.authors;
    // A stranger's mark whose author turned out to be a member: judge those entries again.
    if (s.junk.forgetAuthors(checked.authors)) schedule(s);
  }
  // Junk is counted, not listed (rules §3.7); what is left here is refused for other reasons.
  const refused: AuditEntry[] = [];
  for (const [id, { event: e, reason }] of checked.rejected)
    if (!isJunkReason(reason)) refused.push({ id, type: e.body.type, by: e.body.by, at: e.body.at, reason });
  const events = checked.chosen;
  const verified = checked.verifiedIds;
  for (const id of verified) {
    const e = events.get(id);
    if (e !== undefined && !s.known.has(id)) s.known.set(id, { id, bytes: e.bytes, sig: e.sig, at: e.body.at });
  }

  const now = s.now();
  noteArrivals(s, verified, now);

  let state: PoolState | undefined;
  if (verified.has(s.poolId) && events.get(s.poolId)?.body.type === (s.deps.genesisType ?? "pool.created")) {
    try {
      state = deriveSessionState(s, s.view, events, verified, now, refused);
      // A flood judges some events against other documents (its member pools), which may arrive
      // later: its refusals are not final, so they are taken afresh from each derivation.
      if (s.deps.genesisType === "flood.created") s.refusedByCore.clear();
      // An event dated in the future waits rather than being refused: it is kept, archived and healed.
      for (const a of state.audit)
        if (verified.has(a.id) && a.reason !== "dated-in-the-future") s.refusedByCore.add(a.id);
    } catch (err) {
      s.derivation = undefined;
      s.onError(err);
    }
  } else s.derivation = undefined;

  await persistSession(s, checked.newKeys);
  // Healing seals: only once the ring knows the epoch that counts (a key held for a later one, a
  // link's word, is never sealed under), so an encrypted pool heals nothing before its first state.
  if (state !== undefined) s.crypto?.ring.settle(state.keys.epoch);
  if (state !== undefined || s.crypto === undefined) await heal(s, verified);
  if (state !== undefined) await takeRotatedKeys(s, state);

  s.view = {
    poolId: s.poolId,
    docUrl: s.docUrl,
    events,
    verified,
    refused,
    state,
    healed: s.healed,
    junk: s.junk.size,
    unreadable: read.refused.filter((a) => a.reason === "key-missing").length,
    revision: s.view.revision + 1,
  };
  for (const l of s.listeners) l(s.view);
  const found: JunkFound = {
    undecodable: read.shed,
    forged: [...checked.rejected.values()].filter((r) => isJunkReason(r.reason)).map((r) => r.event),
    strangers: checked.strangers,
  };
  shedLater(s, found, read.conflicted, events, verified, state !== undefined);
  return s.view;
}
