/**
 * The public types of a flood session (docs/rules.md §5), re-exported by `../floodSession.ts`:
 * what the app passes in (`FloodDeps`, `MemberPoolRef`) and what it gets back (`FloodSession`).
 */
import type { EventId } from "../../core/events/types.ts";
import type { FloodState } from "../../core/floods/deriveFlood.ts";
import type { RawPoolKey } from "../encryption/floodPoolKeys.ts";
import type { PoolSession } from "../poolSession.ts";
import type { LinkedPoolKey, PoolDeps } from "../pools.ts";
import type { SyncResult } from "../syncReasons.ts";

/** A member pool's document, as a `flood.pool-joined` names it. */
export interface MemberPoolRef {
  /** The pool's genesis id. */
  genesisId: EventId;
  /** The automerge URL of its document (`automerge:<poolDoc>`). */
  docUrl: string;
  /** The pool's key, as its `flood.pool-joined` carries it (rules §9). */
  poolKey?: LinkedPoolKey;
}

export interface FloodDeps extends PoolDeps {
  /**
   * Opens a member pool. Defaults to `openPool` without the device store (this device does not
   * remember other people's pools). The app passes one that reuses pools it already has open.
   * A session it returns with `shared: true` is not closed with the flood.
   */
  openMember?: (ref: MemberPoolRef) => Promise<SyncResult<PoolSession> & { shared?: boolean }>;
  /** How long to wait after a member pool changes before deriving the flood again (ms). Default 25. */
  memberDebounceMs?: number;
}

/** A flood session is a pool session (the same screens and commands work on it) whose state is a FloodState. */
export interface FloodSession extends PoolSession {
  readonly floodId: EventId;
  /** The derived flood, or undefined until its genesis is here and verified. */
  floodState(): FloodState | undefined;
  /** The member pools' sessions opened so far, by pool genesis id. */
  memberSessions(): ReadonlyMap<EventId, PoolSession>;
  /** Resolves when every pool named in the flood has been tried once and the flood derived with them. */
  membersSettled(): Promise<void>;
  /**
   * The flood's keys for a link or a `flood.join` (rules §9): every epoch's this device holds, so a
   * pool that joins after a rotation reads the flood's history. Undefined for a flood made before encryption.
   */
  floodKeysForLink(): Promise<RawPoolKey[] | undefined>;
}
