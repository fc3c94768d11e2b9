/**
 * The Node variant (tests, scripts): importing the full Automerge build loads its wasm, which
 * the browser variant does by hand. Storage and extra networks are parameters, so tests run
 * real automerge-repo peers over the real relay with in-memory or NodeFS storage.
 */
import "@automerge/automerge";
import { createRepo, type PoolsRepo, type RepoOptions } from "./createRepo.ts";

export function createNodeRepo(options: RepoOptions): PoolsRepo {
  return createRepo(options);
}
