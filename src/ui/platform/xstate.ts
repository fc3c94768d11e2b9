/**
 * A small state-machine runner that stands in for `xstate` in the browser bundle (see
 * vite.config.ts). automerge-repo uses xstate for one flat machine, its DocHandle's: states with
 * `on` transitions, root transitions to a child (".unloaded"), timed `after` transitions, `entry`
 * actions, `assign`, a final state, and `createActor`, `waitFor` and `assertEvent`. That subset,
 * run the way xstate runs it (synchronously, one event at a time through a mailbox, every
 * processed event notifying the subscribers), is about 1 kB against xstate's 21 kB gzipped;
 * tests/ui/xstateStandIn.test.ts runs the DocHandle's machine on both and compares every step.
 */

type Snap = {
  value: string;
  context: Record<string, unknown>;
  status: "active" | "done" | "error";
  error?: unknown;
  matches(value: string): boolean;
};
type Event = { type: string; [key: string]: unknown };
type Args = { context: Record<string, unknown>; event: Event };
type Action = string | ((args: Args) => void) | { assign: (args: Args) => Record<string, unknown> };
type Transition = string | { target?: string; actions?: Action | Action[] };
interface StateConfig {
  on?: Record<string, Transition>;
  after?: Record<string, Transition>;
  entry?: Action | Action[];
  type?: "final";
}
interface MachineConfig extends StateConfig {
  initial: string;
  context: Record<string, unknown>;
  states: Record<string, StateConfig>;
}
interface Machine {
  config: MachineConfig;
  actions: Record<string, Action>;
}
type Observer = { next?: (s: Snap) => void; error?: (e: unknown) => void; complete?: () => void };

const list = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

const snap = (value: string, context: Record<string, unknown>, status: Snap["status"], error?: unknown): Snap => ({
  value,
  context,
  status,
  ...(error === undefined ? {} : { error }),
  matches: (v) => v === value,
});

export const assign = (fn: (args: Args) => Record<string, unknown>): Action => ({ assign: fn });

export function assertEvent(event: Event, type: string | string[]): void {
  const types = list(type);
  if (!types.includes(event.type)) throw new Error(`Expected event ${JSON.stringify(event)} to have type ${types}`);
}

export function setup(o: { actions?: Record<string, Action> }) {
  return { createMachine: (config: MachineConfig): Machine => ({ config, actions: o.actions ?? {} }) };
}

export function createActor(machine: Machine) {
  const { config, actions } = machine;
  let current = snap(config.initial, config.context, "active");
  const observers = new Set<Observer>();
  const queue: Event[] = [];
  let running = false;
  let processing = false;
  let timers: ReturnType<typeof setTimeout>[] = [];

  const run = (action: Action, event: Event) => {
    const a = typeof action === "string" ? actions[action] : action;
    if (a === undefined) return;
    if (typeof a === "function") a({ context: current.context, event });
    else if (typeof a !== "string")
      current = snap(current.value, { ...current.context, ...a.assign({ context: current.context, event }) }, "active");
  };

  const enter = (state: string, event: Event) => {
    const s = config.states[state] ?? {};
    current = snap(state, current.context, "active");
    for (const a of list(s.entry)) run(a, event);
    for (const [delay, t] of Object.entries(s.after ?? {}))
      timers.push(setTimeout(() => send({ type: `xstate.after.${delay}.${state}`, transition: t }), Number(delay)));
    if (s.type === "final") current = snap(current.value, current.context, "done");
  };

  const take = (t: Transition, event: Event) => {
    const { target, actions: acts } = typeof t === "string" ? { target: t, actions: undefined } : t;
    if (target !== undefined) {
      for (const timer of timers) clearTimeout(timer);
      timers = [];
    }
    for (const a of list(acts)) run(a, event);
    if (target !== undefined) enter(target.replace(/^\./, ""), event);
  };

  const notify = () => {
    for (const o of [...observers]) o.next?.(current);
    if (current.status === "active") return;
    for (const t of timers) clearTimeout(t);
    for (const o of [...observers]) current.status === "done" ? o.complete?.() : o.error?.(current.error);
    observers.clear();
  };

  const process = (event: Event) => {
    if (current.status !== "active") return;
    try {
      const timed = event.type.startsWith("xstate.after.");
      const t = timed
        ? event.type.endsWith(`.${current.value}`)
          ? (event.transition as Transition)
          : undefined
        : (config.states[current.value]?.on?.[event.type] ?? config.on?.[event.type]);
      if (t !== undefined) take(t, event);
    } catch (error) {
      current = snap(current.value, current.context, "error", error);
    }
    notify();
  };

  function send(event: Event): void {
    queue.push(event);
    if (!running || processing) return;
    processing = true;
    try {
      for (let e = queue.shift(); e !== undefined; e = queue.shift()) process(e);
    } finally {
      processing = false;
    }
  }

  return {
    start() {
      if (running) return this;
      running = true;
      processing = true;
      try {
        enter(config.initial, { type: "xstate.init" });
        notify();
        for (let e = queue.shift(); e !== undefined; e = queue.shift()) process(e);
      } finally {
        processing = false;
      }
      return this;
    },
    send,
    getSnapshot: () => current,
    subscribe(o: Observer | ((s: Snap) => void)) {
      const observer = typeof o === "function" ? { next: o } : o;
      observers.add(observer);
      return { unsubscribe: () => void observers.delete(observer) };
    },
  };
}

type Actor = ReturnType<typeof createActor>;

export function waitFor(
  actor: Actor,
  predicate: (s: Snap) => boolean,
  options: { timeout?: number; signal?: AbortSignal } = {},
): Promise<Snap> {
  const { timeout = Number.POSITIVE_INFINITY, signal } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    let sub: { unsubscribe(): void } | undefined;
    let done = false;
    const timer =
      timeout === Number.POSITIVE_INFINITY
        ? undefined
        : setTimeout(() => end(() => reject(new Error(`Timeout of ${timeout} ms exceeded`))), timeout);
    const onAbort = () => end(() => reject(signal?.reason));
    function end(settle: () => void) {
      done = true;
      clearTimeout(timer);
      sub?.unsubscribe();
      signal?.removeEventListener("abort", onAbort);
      settle();
    }
    const check = (s: Snap) => {
      if (!done && predicate(s)) end(() => resolve(s));
    };
    check(actor.getSnapshot());
    if (done) return;
    signal?.addEventListener("abort", onAbort);
    sub = actor.subscribe({
      next: check,
      error: (e) => end(() => reject(e)),
      complete: () => end(() => reject(new Error("Actor terminated without satisfying predicate"))),
    });
    if (done) sub.unsubscribe();
  });
}
