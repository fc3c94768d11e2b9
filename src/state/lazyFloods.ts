/**
 * `app.floods` from the first render on, before the engine (engine.ts) has loaded: the home
 * screen lists the floods this phone holds and the router knows which ids are floods from the
 * device's own list; the other reads answer "nothing yet", and commands wait for the engine.
 * Once it has loaded, every call goes to the real floods (a signal, so screens update).
 */
import type { EventId } from "../core/index.ts";
import type { PoolRef } from "../sync/storage/deviceStore.ts";
import type { FloodSummary, Floods } from "./floods.ts";

export function lazyFloods(
  loaded: () => Floods | undefined,
  ready: () => Promise<Floods>,
  refs: () => PoolRef[],
): Floods {
  const early: Partial<Floods> = {
    floods: (): FloodSummary[] =>
      refs()
        .filter((r) => r.kind === "flood")
        .map((r) => ({ id: r.genesisId, name: r.name, pools: 0, members: 0, openProposals: 0, loading: true })),
    isFlood: (id: EventId) => refs().some((r) => r.genesisId === id && r.kind === "flood"),
    floodState: () => undefined,
    joins: () => [],
    transfersToRecord: () => [],
    linkOf: () => undefined,
  };
  return new Proxy({} as Floods, {
    get(_target, key) {
      if (typeof key !== "string") return undefined;
      const real = loaded();
      if (real) return real[key as keyof Floods];
      if (key in early) return early[key as keyof Floods];
      // A command (they are all async): run it once the engine is here.
      return async (...args: unknown[]) => {
        const method = (await ready())[key as keyof Floods] as (...a: unknown[]) => unknown;
        return method(...args);
      };
    },
  });
}
