/**
 * The pools this phone holds: the device's list of them (`refs`, there from the first screen on)
 * and the ones the engine has opened, each a session with its derived state (`models`). A pool
 * gets here by being opened from the list, founded, joined or imported; whichever way, it is
 * adopted here, once, and followed if it moves to an encrypted copy (rules §9).
 */
import { createSignal } from "solid-js";
import type { EventId } from "../core/index.ts";
import type { PoolRef, PoolSession } from "../sync/index.ts";
import type { Engine } from "./engine.ts";
import type { EngineLoader } from "./engineLoader.ts";
import { explain } from "./errors.ts";
import type { Me } from "./identity.ts";
import type { PoolActions } from "./poolActions.ts";
import type { PoolModel } from "./poolModel.ts";
import type { Services } from "./services.ts";

export interface OpenPoolsContext {
  me: () => Me | undefined;
  /** Moves the app's clock on when a pool's state changes (clock.ts). */
  bump: () => void;
  loader: EngineLoader;
  base: () => string;
  now: () => number;
}

const movedAway = (session: PoolSession) => session.writeBlocked() === "pool-moved";

/** Signing the move needs no answer to a move: the mover's device is the one moving. */
const ignoreMoves = { moved: () => undefined, waiting: () => undefined };

export function createOpenPools(ctx: OpenPoolsContext) {
  const { me, loader } = ctx;
  const [refs, setRefs] = createSignal<PoolRef[]>([]);
  const [models, setModels] = createSignal(new Map<EventId, PoolModel>(), { equals: false });
  // By model, not pool id: after a move the pool's id has a new model, and commands made for the
  // old one would still write into the old document.
  const actions = new WeakMap<PoolModel, PoolActions>();

  // Adopting, opening and the pool commands run only once the engine has loaded: a session exists only then.
  const engine = () => loader.engine() as Engine;
  const services = () => loader.services() as Services;

  function adopt(session: PoolSession): PoolModel {
    let existing = models().get(session.poolId);
    // A pool's old document after a move gives way to its sealed one (a new invite link, rules §9).
    if (existing && existing.session !== session && movedAway(existing.session) && !movedAway(session)) {
      existing.close();
      const rest = models();
      rest.delete(existing.id);
      setModels(rest);
      existing = undefined;
    }
    if (existing) {
      if (existing.session !== session) session.close();
      return existing;
    }
    const s = services();
    const model = engine().createPoolModel(session, me, s.pools.repo, s.pools.relay, ctx.bump);
    const next = models();
    next.set(model.id, model);
    setModels(next);
    watchMoves(model);
    return model;
  }

  /**
   * A pool made before encryption follows its move to a sealed document by itself, and hands
   * that document's keys to members who ask (rules §9); the screens then show the new session.
   */
  function watchMoves(model: PoolModel) {
    const s = services();
    const e = engine();
    const stop = e.watchMove(
      s.pools.repo,
      model.session,
      s.deps,
      e.moveHooks(me, {
        moved: (session) => {
          if (models().get(model.id) !== model) return session.close();
          model.close();
          const next = models();
          next.delete(model.id);
          setModels(next);
          adopt(session);
          void refreshRefs();
        },
        waiting: (waiting) => model.setMoved(waiting),
      }),
    );
    const close = model.close;
    model.close = () => {
      stop();
      close();
    };
  }

  async function refreshRefs() {
    const device = loader.device();
    if (device) setRefs(await device.store.listPools());
  }

  /** Opens a pool from the device's list and adopts it; a pool that cannot be opened is only logged. */
  async function openKnown(ref: PoolRef) {
    const s = services();
    const e = engine();
    const opened = await e.openPool(s.pools.repo, ref, s.deps);
    if (!opened.ok) {
      console.warn(`pool ${ref.name} could not be opened: ${explain(opened)}`);
      return;
    }
    // A pool made before encryption moves into an encrypted document on its first open by a member (rules §9).
    const m = me();
    const member = m !== undefined && opened.value.view().state?.activeMembers.includes(m.id) === true;
    if (member && e.needsEncrypting(opened.value, s.deps)) {
      const moved = await e.encryptPool(s.pools.repo, opened.value, s.deps, e.moveHooks(me, ignoreMoves).sign);
      if (moved.ok) {
        adopt(moved.value);
        await refreshRefs();
        return;
      }
      console.warn(`pool ${ref.name} could not be moved to an encrypted document: ${explain(moved)}`);
    }
    adopt(opened.value);
  }

  /** The commands of one open pool. */
  function actionsOf(id: EventId): PoolActions | undefined {
    const model = models().get(id);
    if (!model) return undefined;
    let a = actions.get(model);
    if (!a) {
      // A model exists only once the engine has opened its session.
      a = engine().poolActions(model, { base: ctx.base, now: ctx.now, deps: services().deps });
      actions.set(model, a);
    }
    return a;
  }

  return { refs, setRefs, models, adopt, refreshRefs, openKnown, actionsOf };
}
