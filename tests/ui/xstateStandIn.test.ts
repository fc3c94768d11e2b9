/**
 * The browser bundle's xstate stand-in (src/ui/platform/xstate.ts) must run automerge-repo's
 * DocHandle machine exactly as xstate does: the same state, context and status after every event
 * and every timeout, the same notifications to subscribers (DocHandle emits "change" from them),
 * events sent from a subscriber handled after the current one but before `send` returns, and
 * `waitFor` resolving, timing out and giving up the same way.
 */
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as real from "xstate";
import * as stand from "../../src/ui/platform/xstate.ts";

type Lib = typeof stand;
const DELAY = 1000;

/** DocHandle's machine (automerge-repo 2.5.6, DocHandle.js), with a counter for the document. */
function docHandleMachine(lib: Lib, emitted: string[]) {
  return lib
    .setup({
      actions: {
        onUpdate: lib.assign(({ context, event }) => {
          lib.assertEvent(event, "UPDATE");
          return { doc: (event.payload as { callback: (d: number) => number }).callback(context.doc as number) };
        }),
        onDelete: lib.assign(() => {
          emitted.push("delete");
          return { doc: 0 };
        }),
        onUnavailable: lib.assign(() => ({ doc: 0 })),
        onUnload: lib.assign(() => ({ doc: 0 })),
      },
    })
    .createMachine({
      initial: "idle",
      context: { documentId: "d", doc: 0 },
      on: { UPDATE: { actions: "onUpdate" }, UNLOAD: ".unloaded", DELETE: ".deleted" },
      states: {
        idle: { on: { BEGIN: "loading" } },
        loading: { on: { REQUEST: "requesting", DOC_READY: "ready" }, after: { [DELAY]: "unavailable" } },
        requesting: { on: { DOC_UNAVAILABLE: "unavailable", DOC_READY: "ready" }, after: { [DELAY]: "unavailable" } },
        unavailable: { entry: "onUnavailable", on: { DOC_READY: "ready" } },
        ready: {},
        unloaded: { entry: "onUnload", on: { RELOAD: "loading" } },
        deleted: { entry: "onDelete", type: "final" },
      },
    });
}

const STEPS = ["BEGIN", "REQUEST", "DOC_READY", "DOC_UNAVAILABLE", "UNLOAD", "RELOAD", "DELETE", "UPDATE", "TICK"];

/** Runs the steps on one library; returns what a DocHandle could observe after each. */
function observe(lib: Lib, steps: string[]) {
  const emitted: string[] = [];
  const seen: string[] = [];
  const actor = lib.createActor(docHandleMachine(lib, emitted) as never);
  let echoed = false;
  actor.subscribe((s) => {
    seen.push(`${s.value}:${s.context.doc}:${s.status}`);
    // DocHandle's subscriber emits "change"; a listener may change the document right then.
    if (s.value === "ready" && !echoed) {
      echoed = true;
      // Queued behind the event being handled: its callback has not run when send returns.
      let ran = false;
      const callback = (d: number) => {
        ran = true;
        return d + 100;
      };
      actor.send({ type: "UPDATE", payload: { callback } });
      seen.push(`nested update ran at once: ${ran}`);
    }
  });
  actor.start();
  const trace: unknown[] = [];
  for (const step of steps) {
    if (step === "TICK") vi.advanceTimersByTime(DELAY + 1);
    else if (step === "UPDATE") actor.send({ type: "UPDATE", payload: { callback: (d: number) => d + 1 } });
    else actor.send({ type: step });
    const s = actor.getSnapshot();
    trace.push({
      step,
      value: s.value,
      doc: s.context.doc,
      status: s.status,
      seen: seen.splice(0),
      emitted: emitted.splice(0),
    });
  }
  return trace;
}

describe("the xstate stand-in runs automerge-repo's DocHandle machine like xstate", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    // xstate's development build warns on every event sent after the final state.
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it("agrees with xstate after every event and timeout of any sequence", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...STEPS), { maxLength: 25 }), (steps) => {
        expect(observe(stand, steps)).toEqual(observe(real as unknown as Lib, steps));
      }),
      { numRuns: 400 },
    );
  });

  it("waitFor resolves, times out and gives up on a deleted handle as xstate's does", async () => {
    for (const lib of [stand, real as unknown as Lib]) {
      const actor = lib.createActor(docHandleMachine(lib, []) as never);
      actor.start();
      actor.send({ type: "BEGIN" });
      const ready = lib.waitFor(actor, (s) => s.matches("ready"), { timeout: 5000 });
      actor.send({ type: "DOC_READY" });
      await expect(ready).resolves.toMatchObject({ value: "ready" });

      const never = lib.waitFor(actor, (s) => s.matches("unloaded"), { timeout: 50 });
      vi.advanceTimersByTime(60);
      await expect(never).rejects.toThrow("Timeout of 50 ms exceeded");

      const gone = lib.waitFor(actor, (s) => s.matches("unloaded"));
      actor.send({ type: "DELETE" });
      await expect(gone).rejects.toThrow("Actor terminated without satisfying predicate");

      const aborted = new AbortController();
      aborted.abort(new Error("stop"));
      await expect(lib.waitFor(actor, () => false, { signal: aborted.signal })).rejects.toThrow("stop");
    }
  });
});
