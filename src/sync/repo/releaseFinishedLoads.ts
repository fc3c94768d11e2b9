/**
 * Lets a repo forget the documents it loaded. automerge-repo 2.5.6 races every load against one
 * module-wide promise that never settles (`foreverPromise` in Repo.js `findWithProgress`), so
 * each load leaves a reaction on it that holds the load's result: the document, its handle and,
 * through the handle, the repo, for as long as the process runs. An app that opens a pool again
 * keeps every earlier copy; a relay that evicts documents keeps every document it ever read from
 * disk.
 *
 * Given an abort signal, the repo races a promise of its own instead (`abortable(foreverPromise,
 * signal)`), and aborting that signal settles it, which drops the reactions and what they hold.
 * So every load gets a signal, aborted once the load reaches a final state, when nothing waits
 * on the race any more. What stays behind per load is one small closure on the module-wide
 * promise, not the document.
 *
 * Remove when automerge-repo stops racing a shared never-settling promise.
 */
import type { AnyDocumentId, Repo } from "@automerge/automerge-repo/slim";

/** What `findWithProgress` returns at run time in 2.5.6 while a load is in flight (its .d.ts differs). */
interface LoadProgress {
  peek(): { state: string };
  subscribe(callback: (progress: { state: string }) => void): () => void;
}

const FINAL_STATES = new Set(["ready", "unavailable", "failed", "aborted"]);

/**
 * Aborts outside the repo's own call stack, with a reason made once: an error created during the
 * load would keep its stack, and a stack keeps the repo it passed through.
 */
const LOAD_FINISHED = "load finished";
function abortSoon(controller: AbortController): void {
  setTimeout(() => controller.abort(LOAD_FINISHED), 0);
}

function isLoadProgress(value: unknown): value is LoadProgress {
  return typeof value === "object" && value !== null && "subscribe" in value && "peek" in value;
}

export function releaseFinishedLoads(repo: Repo): void {
  const findWithProgress = repo.findWithProgress;
  repo.findWithProgress = function <T>(this: Repo, id: AnyDocumentId, options: { signal?: AbortSignal } = {}) {
    // A caller with its own signal owns the race's end.
    if (options.signal !== undefined) return findWithProgress.call(this, id, options);
    const controller = new AbortController();
    const progress = findWithProgress.call<
      Repo,
      [AnyDocumentId, { signal: AbortSignal }],
      ReturnType<Repo["findWithProgress"]>
    >(this, id, { ...options, signal: controller.signal });
    // A handle in a final state is answered from the cache: nothing raced, nothing to release.
    if (!isLoadProgress(progress)) return progress as ReturnType<typeof findWithProgress<T>>;
    let unsubscribe: (() => void) | undefined;
    let done = false;
    const release = (p: { state: string }) => {
      if (done || !FINAL_STATES.has(p.state)) return;
      done = true;
      unsubscribe?.();
      abortSoon(controller);
    };
    unsubscribe = progress.subscribe(release);
    if (done) unsubscribe();
    release(progress.peek());
    return progress as ReturnType<typeof findWithProgress<T>>;
  } as Repo["findWithProgress"];
}
