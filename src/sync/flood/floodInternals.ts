/**
 * Everything an open flood session keeps besides its own pool session, as one plain object: the
 * session (`startFlood.ts`) owns it and hands it to the modules beside this file (opening and
 * watching member pools, lending them keys, deriving again), as `../session/` does for a pool.
 */
import type { Repo } from "@automerge/automerge-repo/slim";
import type { EventId } from "../../core/events/types.ts";
import type { PoolState } from "../../core/pool/poolState.ts";
import type { RawPoolKey } from "../encryption/floodPoolKeys.ts";
import type { PoolSession } from "../poolSession.ts";
import type { FloodDeps } from "./floodTypes.ts";

export interface FloodInternals {
  readonly repo: Repo;
  /** The flood document's own session: reading, verifying, healing and appending are a pool's. */
  readonly inner: PoolSession;
  readonly floodId: EventId;
  readonly deps: FloodDeps;
  /** The member pools' sessions opened so far, by pool genesis id. */
  readonly members: Map<EventId, PoolSession>;
  /** The member pools' latest derived states, by pool genesis id: what `deriveFlood` is given. */
  readonly states: Map<EventId, PoolState>;
  /** Each member pool's one opening attempt in flight or done, so a pool is opened once at a time. */
  readonly opening: Map<EventId, Promise<void>>;
  /** Member pools whose session this flood opened (not shared by the app): closed with the flood. */
  readonly owned: Set<EventId>;
  /** `flood.pool-key` entries opened with this device's delivery keys (floodPoolKeyRings). */
  readonly openedKeys: Map<EventId, RawPoolKey | null>;
  /** Unsubscribes from the flood's and the member pools' views, run on close. */
  readonly stops: (() => void)[];
  /** The pending derive after a member pool changed (deriveAgainSoon.ts). */
  timer: ReturnType<typeof setTimeout> | undefined;
  closed: boolean;
}

/** A fresh flood's internals: no member pool opened yet. `states` is the map the derive function already reads. */
export function newFloodInternals(
  repo: Repo,
  inner: PoolSession,
  floodId: EventId,
  deps: FloodDeps,
  states: Map<EventId, PoolState>,
): FloodInternals {
  return {
    repo,
    inner,
    floodId,
    deps,
    members: new Map(),
    states,
    opening: new Map(),
    owned: new Set(),
    openedKeys: new Map(),
    stops: [],
    timer: undefined,
    closed: false,
  };
}
