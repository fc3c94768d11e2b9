/**
 * Everything an open pool session keeps, as one plain object: the session (`../poolSession.ts`)
 * owns it and hands it to the small modules beside this file (recompute, append, healing, junk,
 * keys, arrivals), each of which reads and updates only the fields its job needs.
 */
import type { AutomergeUrl, DocHandle } from "@automerge/automerge-repo/slim";
import type { EventId, MemberId } from "../../core/events/types.ts";
import type { Derivation } from "../../core/pool/derivation.ts";
import { derivePool } from "../../core/pool/derivePool.ts";
import type { EntryCrypto } from "../encryption/entryCrypto.ts";
import { EntryOpener } from "../encryption/entryOpener.ts";
import type { CheckedRotations } from "../encryption/rotatedKeys.ts";
import { JunkMemory } from "../junkMemory.ts";
import type { DecodeMemo } from "../readEvents.ts";
import type { PoolDoc } from "../schema/poolDoc.ts";
import type { EventToWrite } from "../writeEvents.ts";
import type { DerivePool, PoolView, SessionDeps } from "./poolSessionTypes.ts";

const DEFAULT_DEBOUNCE_MS = 25;

export interface SessionInternals {
  readonly handle: DocHandle<PoolDoc>;
  readonly poolId: EventId;
  readonly docUrl: AutomergeUrl;
  readonly deps: SessionDeps;
  readonly crypto: EntryCrypto | undefined;
  readonly opener: EntryOpener | undefined;
  readonly derive: DerivePool;
  readonly now: () => number;
  readonly debounceMs: number;
  readonly onError: (error: unknown) => void;
  /** Runs one recompute of the view (recomputeView.ts); scheduling (scheduleRecompute.ts) calls it. */
  readonly recompute: () => Promise<PoolView>;
  /**
   * The core's derivation behind `view.state`, to carry on from when events arrive (only with the
   * core's own derivePool). A derivation carried on once by a trial that was thrown away derives
   * from scratch next time: slower, never wrong.
   */
  derivation: Derivation | undefined;
  /**
   * When this device first held each event that arrived during this session (for stale
   * proposals, docs/rules.md §4). Events already here when the session opened have no time: they
   * are never counted as late, so a reload cannot make an old proposal look stale.
   */
  readonly arrivals: Map<EventId, number>;
  readonly heldAtOpen: Set<EventId>;
  /** Arrival times not yet in the cache. */
  newArrivals: [EventId, number][];
  readonly junk: JunkMemory;
  /** The pool's authors at the last recompute (rules §3.7). */
  authors: ReadonlySet<MemberId>;
  openedOnce: boolean;
  readonly memo: DecodeMemo;
  /** (id, signature) pairs known to verify: loaded from the cache, then added to. */
  readonly verifiedKeys: Set<string>;
  /** Verified events seen, by id: what healing writes back. */
  readonly known: Map<EventId, EventToWrite>;
  /** Ids the core refused at some point: never healed. Validity is judged on the causal past, so it sticks. */
  readonly refusedByCore: Set<EventId>;
  /** Keys verified by `append`, not yet in the cache. */
  unpersisted: string[];
  /** Ids already put in the archive this session. */
  readonly archived: Set<EventId>;
  readonly healed: Set<EventId>;
  readonly listeners: Set<(view: PoolView) => void>;
  view: PoolView;
  timer: ReturnType<typeof setTimeout> | undefined;
  running: Promise<PoolView> | undefined;
  dirty: boolean;
  closed: boolean;
  archiveChecked: boolean;
  /** The document's heads at the last recompute: unchanged heads need no new derivation. */
  lastHeads: string[];
  readonly madeRotations: Map<EventId, Uint8Array>;
  /** Keys opened from rotations, by epoch, not yet in the store. */
  readonly learned: Map<number, Uint8Array>;
  /** Which counted rotation each epoch's key was last checked against (encryption/rotatedKeys.ts). */
  readonly checkedRotations: CheckedRotations;
}

/** A fresh session's internals: nothing read yet, an empty view at revision 0. */
export function newSessionInternals(
  handle: DocHandle<PoolDoc>,
  poolId: EventId,
  deps: SessionDeps,
  crypto: EntryCrypto | undefined,
  recompute: (s: SessionInternals) => Promise<PoolView>,
): SessionInternals {
  const healed = new Set<EventId>();
  const s: SessionInternals = {
    handle,
    poolId,
    docUrl: handle.url,
    deps,
    crypto,
    opener: crypto === undefined ? undefined : new EntryOpener(crypto),
    derive: deps.derive ?? derivePool,
    now: deps.now ?? Date.now,
    debounceMs: deps.debounceMs ?? DEFAULT_DEBOUNCE_MS,
    onError: deps.onError ?? ((e) => console.error("pool session:", e)),
    recompute: () => recompute(s),
    derivation: undefined,
    arrivals: new Map(),
    heldAtOpen: new Set(),
    newArrivals: [],
    junk: new JunkMemory(),
    authors: new Set(),
    openedOnce: false,
    memo: new Map(),
    verifiedKeys: new Set(),
    known: new Map(),
    refusedByCore: new Set(),
    unpersisted: [],
    archived: new Set(),
    healed,
    listeners: new Set(),
    view: {
      poolId,
      docUrl: handle.url,
      events: new Map(),
      verified: new Set(),
      refused: [],
      state: undefined,
      healed,
      junk: 0,
      unreadable: 0,
      revision: 0,
    },
    timer: undefined,
    running: undefined,
    dirty: false,
    closed: false,
    archiveChecked: false,
    lastHeads: [],
    madeRotations: new Map(),
    learned: new Map(),
    checkedRotations: new Map(),
  };
  return s;
}
