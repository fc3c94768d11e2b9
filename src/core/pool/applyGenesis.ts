import type { DecodedEvent } from "../events/types.ts";
import type { ReasonCode } from "../reasons.ts";
import type { Fold } from "./fold.ts";

/**
 * The genesis founds the pool (docs/rules.md §3.1): only the one whose id the device
 * remembers counts. A stranger who writes another "genesis" into the document changes nothing.
 */
export function applyGenesis(fold: Fold, e: DecodedEvent<"pool.created">): ReasonCode | undefined {
  if (e.id !== fold.genesisId) return "second-genesis";
  if (e.body.pool !== "" || e.body.parents.length > 0) return "bad-envelope";
  fold.genesis = e;
  return undefined;
}

/** After acceptance: the founder is the first member. */
export function afterGenesis(fold: Fold, e: DecodedEvent<"pool.created">): void {
  // A flood has no members of its own: they come from its pools.
  if (fold.genesisType === "flood.created") return;
  fold.addMark(e.body.by, "admit", e.id);
  fold.names.set(e.body.by, e.body.data.founderName ?? "Founder");
}
