/**
 * Collecting garbage from a test, to show that memory is let go of: V8's `gc()` enabled at run
 * time (the worker was not started with --expose-gc). A WeakRef's target stays alive until the
 * current job ends, so each collection runs after a turn of the event loop; and automerge-repo
 * holds a document for up to its 100 ms save throttle, so the turns are that long.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** Runs full collections until every target is gone or `rounds` are done; returns those still alive. */
export async function stillAlive<T extends object>(refs: readonly WeakRef<T>[], rounds = 25): Promise<T[]> {
  for (let i = 0; i < rounds; i++) {
    await new Promise((resolve) => setTimeout(resolve, 120));
    gc();
    if (refs.every((r) => r.deref() === undefined)) return [];
  }
  return refs.map((r) => r.deref()).filter((t): t is T => t !== undefined);
}
