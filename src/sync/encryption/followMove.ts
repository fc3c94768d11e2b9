/**
 * Following a pool made before encryption to its sealed document (rules §9), and handing its keys
 * to members who ask. Runs beside an open session, on every device:
 *
 *  - A session on the old, moved document looks for the first `pool.moved` (where the pool went)
 *    and a bundle of its keys sealed to this person's delivery key. Found: it saves the keys,
 *    opens the new document, writes into it (sealed) whatever it holds that the new one lacks,
 *    and hands the new session over. Not found: it publishes the person's delivery key in the old
 *    document (`member.key-published`, the one write a moved document takes besides `pool.moved`)
 *    and waits, saying `pool-moved`.
 *  - A session on a sealed document that says `movedFrom` opens that old document (plaintext,
 *    without keys) beside it. If the first move there names this document, it answers: a
 *    `pool.moved` naming this document with its keys sealed to every active member who asked and
 *    has none yet. If it names another document, two members moved at once and this one lost:
 *    the device follows the winner as above, carrying over every event it wrote here.
 */
import type { Repo } from "@automerge/automerge-repo/slim";
import type { SignedEvent } from "../../core/events/signEvent.ts";
import type { EventDataByType, MemberId } from "../../core/events/types.ts";
import type { PoolState } from "../../core/pool/poolState.ts";
import { findPoolDocument } from "../poolDocument.ts";
import { type PoolSession, type PoolView, type StoredEventWithId, startPoolSession } from "../poolSession.ts";
import { type PoolDeps, remember } from "../pools.ts";
import { movedToOf } from "./encryptPool.ts";
import {
  answeredFor,
  moveDestination,
  openMovedKeys,
  type RawPoolKey,
  recipientBatches,
  sealMovedKeys,
} from "./movedKeys.ts";

/** Signs an event for the old document as this device's person, on top of `state`; undefined without an identity. */
export type SignMoveEvent = <T extends "member.key-published" | "pool.moved">(
  state: PoolState,
  type: T,
  data: EventDataByType[T],
) => Promise<SignedEvent | undefined>;

export interface MoveHooks {
  sign: SignMoveEvent;
  /** This device's person: their member id and delivery key (base64url), once there is an identity. */
  person(): Promise<{ id: MemberId; deliveryKey: string } | undefined>;
  /** The pool now lives in `next` (saved and remembered); the caller closes the old session. */
  moved(next: PoolSession): void;
  /** True while the pool moved and this device waits for its key (`pool-moved`). */
  waiting(waiting: boolean): void;
}

const docIdOf = (url: string) => url.replace(/^automerge:/, "");

/** The old document's id when this sealed document says it moved from one. */
function movedFromOf(session: PoolSession): string | undefined {
  const from = (session.handle.doc() as { movedFrom?: unknown } | undefined)?.movedFrom;
  if (!(from instanceof Uint8Array) || from.length > 64) return undefined;
  const id = new TextDecoder().decode(from);
  return /^[1-9A-HJ-NP-Za-km-z]{16,64}$/.test(id) ? id : undefined;
}

const isMoved = (session: PoolSession) => session.writeBlocked() === "pool-moved";

/** Watches `session` for a move to follow or keys to hand over. Returns a stop function. */
export function watchMove(repo: Repo, session: PoolSession, deps: PoolDeps, hooks: MoveHooks): () => void {
  let stopped = false;
  let origin: PoolSession | undefined;
  let stopOrigin: (() => void) | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  const report = (e: unknown) => (deps.onError ?? console.error)(e);

  const step = (): void => {
    if (stopped) return;
    if (running !== undefined) {
      again = true;
      return;
    }
    running = once()
      .catch(report)
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          step();
        }
      });
  };

  async function openOrigin(from: string): Promise<PoolSession | undefined> {
    const found = await findPoolDocument(repo, `automerge:${from}`, deps);
    if (!found.ok || stopped) return undefined;
    // The old document is plaintext: opened without keys (a key would make every entry junk), not
    // remembered, and without the pool's event archive, which holds events of the sealed document
    // too: healing must never write those back here in the clear.
    const { poolKeys: _k, extraKeys: _e, device: _d, archive: _a, ...plain } = deps;
    const opened = await startPoolSession(found.value, session.poolId, plain);
    if (stopped) opened.close();
    else stopOrigin = opened.onState(() => step());
    return opened;
  }

  async function once(): Promise<void> {
    let mine: PoolSession | undefined;
    let old: PoolSession;
    if (isMoved(session)) old = session;
    else {
      const from = movedFromOf(session);
      if (from === undefined) return;
      origin ??= await openOrigin(from);
      if (origin === undefined || stopped) return;
      old = origin;
      mine = session;
    }
    const state = old.view().state;
    if (state === undefined) return;
    // Moved by a build that wrote no `pool.moved`: its own document answers, and that answer becomes the first move.
    const mineState = mine?.view().state;
    if (mine !== undefined && mineState === undefined) return;
    const to =
      moveDestination(state.keys, mineState?.activeMembers) ??
      (mine === undefined ? undefined : movedToOf(old.handle.doc())?.slice(10));
    if (mine !== undefined && to === docIdOf(mine.docUrl)) return answer(old, state, mine, to);
    if (mine !== undefined && to === undefined) return; // the move's record has not arrived yet
    const person = await hooks.person();
    const keys = to === undefined ? undefined : await openMovedKeys(old.poolId, state.keys, to, await myPairs());
    if (to === undefined || keys === undefined) {
      hooks.waiting(true);
      if (person !== undefined && state.activeMembers.includes(person.id))
        if (state.keys.deliveryKeys[person.id] !== person.deliveryKey) {
          const asked = await hooks.sign(state, "member.key-published", { deliveryKey: person.deliveryKey });
          const r = asked === undefined ? undefined : await old.append(asked);
          if (r !== undefined && !r.ok) report(new Error(`asking for a moved pool's keys was refused: ${r.reason}`));
        }
      return;
    }
    const next = await follow(to, keys, [...(mine ? carried(mine) : []), ...carried(old)]);
    if (next === undefined || stopped) {
      next?.close();
      return;
    }
    stop();
    hooks.waiting(false);
    hooks.moved(next);
  }

  async function myPairs() {
    return (await deps.deliveryKeys?.()) ?? [];
  }

  /** Seals this document's keys to every active member who asked in the old document and has none yet. */
  async function answer(old: PoolSession, oldState: PoolState, mine: PoolSession, to: string): Promise<void> {
    const state = mine.view().state;
    const person = await hooks.person();
    if (state === undefined || person === undefined || !state.activeMembers.includes(person.id)) return;
    const answered = answeredFor(oldState.keys, to);
    const recipients = new Map<MemberId, string>();
    for (const m of state.activeMembers) {
      const pub = oldState.keys.deliveryKeys[m];
      if (pub !== undefined && !answered.has(m)) recipients.set(m, pub);
    }
    if (recipients.size === 0) return;
    const keys: RawPoolKey[] = [];
    for (let epoch = 0; epoch <= state.keys.epoch; epoch++) {
      const raw = await deps.poolKeys?.rawKeyOf(mine.poolId, epoch);
      if (raw !== undefined) keys.push({ epoch, raw });
    }
    if (keys.length === 0) return;
    for (const batch of recipientBatches(recipients, keys.length)) {
      const sealed = await sealMovedKeys(mine.poolId, to, keys, batch);
      if (Object.keys(sealed).length === 0) continue; // no usable delivery key: nothing to hand over (and no loop)
      const event = await hooks.sign(old.view().state ?? oldState, "pool.moved", { to, keys: sealed });
      if (event === undefined) return;
      const r = await old.append(event);
      if (!r.ok) return report(new Error(`handing over a moved pool's keys was refused: ${r.reason}`));
    }
  }

  /** Every event `s` holds, except moves (they belong to the old document only). */
  function carried(s: PoolSession): StoredEventWithId[] {
    const events = s.view().events;
    return s.knownEvents().filter((e) => events.get(e.id)?.body.type !== "pool.moved");
  }

  /** Saves the keys, opens the document the pool went to and writes into it what it lacks. */
  async function follow(
    to: string,
    keys: readonly RawPoolKey[],
    carry: StoredEventWithId[],
  ): Promise<PoolSession | undefined> {
    const poolKeys = deps.poolKeys;
    if (poolKeys === undefined) return undefined;
    // The winning move's keys replace this device's own from a move that lost (rules §9).
    for (const k of keys) await poolKeys.saveKey(session.poolId, k.epoch, k.raw, { replace: true });
    const found = await findPoolDocument(repo, `automerge:${to}`, deps);
    if (!found.ok) return undefined;
    const next = await startPoolSession(found.value, session.poolId, deps);
    const view = await untilDerived(next, deps.relayWaitMs ?? 10_000);
    const missing = carry.filter((e) => !view.verified.has(e.id));
    if (view.state !== undefined && missing.length > 0) {
      const r = await next.append(missing, { partial: true });
      if (!r.ok) report(new Error(`carrying events into the moved pool was refused: ${r.reason}`));
    }
    await remember(next, deps);
    return next;
  }

  function stop(): void {
    stopped = true;
    stopSession();
    stopOrigin?.();
    origin?.close();
  }

  const stopSession = session.onState(() => step());
  return stop;
}

/** The session's view once its genesis is here (the document may still be arriving), or as it is after `ms`. */
function untilDerived(session: PoolSession, ms: number): Promise<PoolView> {
  return new Promise((resolve) => {
    let stop: (() => void) | undefined;
    const timer = setTimeout(() => {
      stop?.();
      resolve(session.view());
    }, ms);
    stop = session.onState((view) => {
      if (view.state === undefined) return;
      clearTimeout(timer);
      queueMicrotask(() => stop?.());
      resolve(view);
    });
  });
}
