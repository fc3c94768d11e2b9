import { FUTURE_SLACK_MS } from "../events/limits.ts";
import type { AnyDecodedEvent } from "../events/types.ts";
import { ok, type Result, refuse } from "../result.ts";
import { type DeriveInput, derivePool } from "./derivePool.ts";
import type { PoolState } from "./poolState.ts";

/**
 * `derivePool` for callers holding untrusted events (rules §3.1 "trust anchor"): a missing or
 * refused genesis is a refusal (`genesis-missing`, `genesis-refused`), never an exception. The
 * genesis is judged here by the same checks the fold makes of it (verified, a `pool.created`,
 * no pool and no parents, not from the future), so the fold itself always finds it.
 */
export function tryDerivePool(input: DeriveInput): Result<PoolState> {
  const events = [...input.events];
  let genesis: AnyDecodedEvent | undefined;
  for (const e of events) if (e.id === input.genesisId) genesis = e;
  if (genesis === undefined) return refuse("genesis-missing");
  if (genesis.body.type !== "pool.created") return refuse("genesis-refused", `a ${genesis.body.type}`);
  if (!input.verified.has(genesis.id)) return refuse("genesis-refused", "its signature is not verified");
  if (genesis.body.pool !== "" || genesis.body.parents.length > 0)
    return refuse("genesis-refused", "a genesis names no pool and no parents");
  // A genesis from the future waits like any event (rules §3.6), and with it the whole pool.
  if (genesis.body.at > input.now + FUTURE_SLACK_MS) return refuse("genesis-refused", "dated in the future");
  return ok(derivePool({ ...input, events }));
}
