/**
 * Moves a pool made before encryption into an encrypted document (rules §9), on its first open by
 * a member whose device keeps pool keys.
 *
 * Why a new document rather than re-writing the old one in place: Automerge keeps every value
 * ever written in the document's history, and the relay holds that history. Sealing the entries
 * in place would leave every plaintext event readable in the history forever. So the pool moves:
 * a new document (new, unguessable id) holds the same signed events sealed under a new pool key
 * (epoch 0), and the old document gets one marker, `movedTo` (the new document id as bytes, no
 * key), after which devices write nothing more into it. The old document is abandoned: what the
 * relay already saw stays seen, and nothing written after the move reaches it in the clear.
 *
 * The genesis id (the trust anchor) does not change, so every event, id and signature is the
 * same. With a signer, the mover also writes a signed `pool.moved` into the old document naming
 * the new one, with its key sealed to every member whose delivery key is known; other members'
 * devices open theirs and follow (followMove.ts), and the new document says where it came from
 * (`movedFrom`), so its devices can hand the key to members who ask later.
 */
import type { Repo } from "@automerge/automerge-repo/slim";
import { newPoolKeyBytes } from "../../crypto/aesGcmEntryCipher.ts";
import { createSeededDocument } from "../poolDocument.ts";
import { type PoolSession, startPoolSession } from "../poolSession.ts";
import { type PoolDeps, remember } from "../pools.ts";
import { type SyncResult, syncOk, syncRefuse } from "../syncReasons.ts";
import { writeEvents } from "../writeEvents.ts";
import type { SignMoveEvent } from "./followMove.ts";
import { recipientBatches, sealMovedKeys } from "./movedKeys.ts";
import { cryptoOf } from "./poolCrypto.ts";
import { sealEvents } from "./sealEvents.ts";

/** The document a plaintext pool moved to (rules §9), or undefined. */
export function movedToOf(doc: unknown): string | undefined {
  const moved = (doc as { movedTo?: unknown } | undefined)?.movedTo;
  if (!(moved instanceof Uint8Array) || moved.length > 64) return undefined;
  const id = new TextDecoder().decode(moved);
  return /^[1-9A-HJ-NP-Za-km-z]{16,64}$/.test(id) ? `automerge:${id}` : undefined;
}

/** True when the pool is a plaintext pool this device should move into an encrypted document. */
export function needsEncrypting(session: PoolSession, deps: PoolDeps): boolean {
  const doc = session.handle.doc();
  return deps.poolKeys !== undefined && !session.encrypted && doc.encryption === undefined && doc.movedTo === undefined;
}

/**
 * Writes the pool's verified events sealed into a new document, marks the old one moved, and
 * opens the new one (remembered in place of the old when `deps.device` is given). The old
 * session is closed.
 */
export async function encryptPool(
  repo: Repo,
  old: PoolSession,
  deps: PoolDeps,
  sign?: SignMoveEvent,
): Promise<SyncResult<PoolSession>> {
  const poolKeys = deps.poolKeys;
  if (poolKeys === undefined || !needsEncrypting(old, deps)) return syncRefuse("pool-key-missing", "nothing to move");
  const view = await old.refresh();
  const state = view.state;
  if (state === undefined) return syncRefuse("pool-not-loaded");
  const raw = newPoolKeyBytes();
  await poolKeys.saveKey(old.poolId, 0, raw, { replace: true }); // the key of the document made here
  const crypto = await cryptoOf(old.poolId, deps);
  const events = old.knownEvents().map((e) => {
    const at = view.events.get(e.id)?.body.at;
    if (at === undefined) throw new Error(`encryptPool: no time for event ${e.id}`);
    return { ...e, at };
  });
  const handle = createSeededDocument(repo);
  writeEvents(handle, events, await sealEvents(crypto, events));
  const newId = handle.url.replace(/^automerge:/, "");
  if (sign !== undefined) {
    const recipients = new Map<string, string>();
    for (const m of state.activeMembers) {
      const key = state.keys.deliveryKeys[m];
      if (key !== undefined) recipients.set(m, key);
    }
    // At least one move record, even with no key to hand over: it names where the pool went.
    const batches = recipientBatches(recipients, 1);
    for (const batch of batches.length === 0 ? [new Map<string, string>()] : batches) {
      const keys = await sealMovedKeys(old.poolId, newId, [{ epoch: 0, raw }], batch);
      const moved = await sign(old.view().state ?? state, "pool.moved", { to: newId, keys });
      const written = moved === undefined ? undefined : await old.append(moved);
      if (written !== undefined && !written.ok) deps.onError?.(new Error(`pool.moved refused: ${written.reason}`));
    }
  }
  handle.change((d) => {
    d.movedFrom = new TextEncoder().encode(old.docUrl.replace(/^automerge:/, ""));
  });
  old.handle.change((d) => {
    d.movedTo = new TextEncoder().encode(newId);
  });
  old.close();
  const session = await startPoolSession(handle, old.poolId, deps);
  await remember(session, deps);
  return syncOk(session);
}
