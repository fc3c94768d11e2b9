/**
 * A flood open on this device (docs/rules.md §5): its own document (same schema as a pool's), read,
 * verified, healed and appended to by the same session machinery as a pool (poolSession.ts,
 * with `genesisType: "flood.created"` and `deriveFlood` as its derive function), plus the
 * documents of its member pools. Members come from those pools' own derived states, so every
 * pool named by a `flood.pool-joined` in the flood document is opened too (read only: this
 * device does not become a member or remember the pool), and the flood is derived again
 * whenever the flood or any member pool changes.
 */
import type { Repo } from "@automerge/automerge-repo/slim";
import { decodeEvent } from "../core/events/decodeEvent.ts";
import type { SignedEvent } from "../core/events/signEvent.ts";
import type { DecodedEvent, EventId } from "../core/events/types.ts";
import { deriveFlood, type FloodState } from "../core/floods/deriveFlood.ts";
import type { DeriveInput } from "../core/pool/derivePool.ts";
import type { PoolState } from "../core/pool/poolState.ts";
import { importPoolKey, newPoolKeyBytes } from "../crypto/aesGcmEntryCipher.ts";
import { keysForLink } from "./encryption/floodKeysText.ts";
import { floodDeliveryKeys, floodPoolKeyRings, type RawPoolKey, rawPoolKeyOf } from "./encryption/floodPoolKeys.ts";
import { cryptoOf } from "./encryption/poolCrypto.ts";
import { sealEvents } from "./encryption/sealEvents.ts";
import { createSeededDocument, findPoolDocument } from "./poolDocument.ts";
import { type PoolSession, type PoolView, type StoredEventWithId, startPoolSession } from "./poolSession.ts";
import { checkGenesis, type LinkedPoolKey, openPool, type PoolDeps, remember } from "./pools.ts";
import { type SyncResult, syncOk } from "./syncReasons.ts";
import { writeEvents } from "./writeEvents.ts";

/** A member pool's document, as a `flood.pool-joined` names it. */
/** How long to wait before trying again to open a member pool that could not be opened. */
const MEMBER_RETRY_MS = 10_000;

export interface MemberPoolRef {
  /** The pool's genesis id. */
  genesisId: EventId;
  /** The automerge URL of its document (`automerge:<poolDoc>`). */
  docUrl: string;
  /** The pool's key, as its `flood.pool-joined` carries it (rules §9). */
  poolKey?: LinkedPoolKey;
}

export { poolKeyText } from "./encryption/floodPoolKeys.ts";

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

/** The document id in an automerge URL (`automerge:<id>` → `<id>`): what `flood.join` and `flood.pool-joined` carry. */
export function docIdOfUrl(docUrl: string): string {
  return docUrl.replace(/^automerge:/, "");
}

export function docUrlOfId(docId: string): string {
  return docId.startsWith("automerge:") ? docId : `automerge:${docId}`;
}

/** Founds a flood: a new document holding the founder's signed `flood.created`, opened as a flood session. */
export async function createFlood(
  repo: Repo,
  genesis: SignedEvent,
  deps: FloodDeps,
): Promise<SyncResult<FloodSession>> {
  const checked = await checkGenesis(genesis, deps, "flood.created");
  if (!checked.ok) return checked;
  // A flood has its own key (rules §9): its link and its pools' flood.join proposals carry it.
  if (deps.poolKeys !== undefined) await deps.poolKeys.saveKey(genesis.id, 0, newPoolKeyBytes());
  const handle = createSeededDocument(repo);
  const first = [{ id: genesis.id, bytes: genesis.bytes, sig: genesis.sig, at: genesis.body.at }];
  writeEvents(handle, first, await sealEvents(await cryptoOf(genesis.id, deps), first));
  const session = await startFlood(repo, handle, genesis.id, deps);
  await remember(session, deps);
  return syncOk(session);
}

/** Opens a flood from its document URL and genesis id (from the device's list or a flood link). */
export async function openFlood(
  repo: Repo,
  /** `key`: the flood's epoch-0 key alone; `keys`: every epoch's a link or a `flood.join` carries (rules §9). */
  flood: { docUrl: string; genesisId: EventId; key?: Uint8Array; keys?: readonly RawPoolKey[] },
  deps: FloodDeps,
): Promise<SyncResult<FloodSession>> {
  const found = await findPoolDocument(repo, flood.docUrl, deps);
  if (!found.ok) return found;
  // The flood's keys, from its link or a pool's flood.join (rules §9): kept when the device remembers the flood.
  let floodDeps = deps;
  const keys = [...(flood.key === undefined ? [] : [{ epoch: 0, raw: flood.key }]), ...(flood.keys ?? [])];
  if (keys.length > 0 && deps.poolKeys !== undefined) {
    if (deps.device !== undefined) for (const k of keys) await deps.poolKeys.saveKey(flood.genesisId, k.epoch, k.raw);
    else {
      const lent = await Promise.all(keys.map((k) => importPoolKey(k.epoch, k.raw)));
      floodDeps = { ...deps, extraKeys: [...(deps.extraKeys ?? []), ...lent] };
    }
  }
  const session = await startFlood(repo, found.value, flood.genesisId, floodDeps);
  await remember(session, deps);
  return syncOk(session);
}

async function startFlood(
  repo: Repo,
  handle: Parameters<typeof startPoolSession>[0],
  floodId: EventId,
  deps: FloodDeps,
): Promise<FloodSession> {
  const members = new Map<EventId, PoolSession>();
  const states = new Map<EventId, PoolState>();
  const derive = (input: DeriveInput): FloodState => deriveFlood({ ...input, pools: states });
  const inner = await startPoolSession(handle, floodId, { ...deps, genesisType: "flood.created", derive });
  const flood = new Flood(repo, inner, floodId, deps, members, states);
  flood.start();
  return flood;
}

class Flood implements FloodSession {
  readonly #opening = new Map<EventId, Promise<void>>();
  readonly #owned = new Set<EventId>();
  /** `flood.pool-key` entries opened with this device's delivery keys (floodPoolKeyRings). */
  readonly #openedKeys = new Map<EventId, RawPoolKey | null>();
  readonly #stops: (() => void)[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(
    private readonly repo: Repo,
    private readonly inner: PoolSession,
    readonly floodId: EventId,
    private readonly deps: FloodDeps,
    private readonly members: Map<EventId, PoolSession>,
    private readonly states: Map<EventId, PoolState>,
  ) {}

  get poolId() {
    return this.inner.poolId;
  }
  get docUrl() {
    return this.inner.docUrl;
  }
  get handle() {
    return this.inner.handle;
  }

  start(): void {
    this.#stops.push(this.inner.onState((view) => this.#discover(view)));
  }

  view(): PoolView {
    return this.inner.view();
  }
  onState(listener: (view: PoolView) => void): () => void {
    return this.inner.onState(listener);
  }
  /**
   * Like a pool's append (checked with deriveFlood first), after opening any pool a
   * `flood.pool-joined` in the batch names: the flood can only judge it with the pool's state.
   */
  async append(...args: Parameters<PoolSession["append"]>) {
    const list = Array.isArray(args[0]) ? args[0] : [args[0]];
    const opening: Promise<void>[] = [];
    for (const e of list as (SignedEvent | StoredEventWithId)[]) {
      const decoded = "body" in e ? { ok: true as const, value: e } : decodeEvent(e.id, e, this.deps.sha256);
      if (!decoded.ok || decoded.value.body.type !== "flood.pool-joined") continue;
      const { pool, poolDoc } = (decoded.value.body as DecodedEvent<"flood.pool-joined">["body"]).data;
      opening.push(this.#ensureMember({ genesisId: pool, docUrl: docUrlOfId(poolDoc) }));
    }
    if (opening.length > 0) {
      await Promise.all(opening);
      await this.inner.refresh();
    }
    return this.inner.append(...args);
  }
  refresh(): Promise<PoolView> {
    return this.inner.refresh();
  }
  get encrypted() {
    return this.inner.encrypted;
  }
  writeBlocked() {
    return this.inner.writeBlocked();
  }

  poolKeyForInvite() {
    return this.inner.poolKeyForInvite();
  }

  poolKeysForInvite() {
    return this.inner.poolKeysForInvite();
  }

  async floodKeysForLink(): Promise<RawPoolKey[] | undefined> {
    const all = await this.inner.poolKeysForInvite();
    return all === undefined ? undefined : keysForLink(all);
  }

  madeRotation(rotationId: EventId, raw: Uint8Array) {
    this.inner.madeRotation(rotationId, raw);
  }

  keepKeys() {
    return this.inner.keepKeys();
  }

  lendKeys(keys: readonly RawPoolKey[]) {
    return this.inner.lendKeys(keys);
  }

  sealedBallot(vote: { id: EventId; at: number }) {
    return this.inner.sealedBallot(vote);
  }

  openBallot(text: string) {
    return this.inner.openBallot(text);
  }

  knownEvents() {
    return this.inner.knownEvents();
  }
  floodState(): FloodState | undefined {
    return this.inner.view().state as FloodState | undefined;
  }
  memberSessions(): ReadonlyMap<EventId, PoolSession> {
    return this.members;
  }

  async membersSettled(): Promise<void> {
    for (;;) {
      const pending = [...this.#opening.values()];
      await Promise.all(pending);
      await this.inner.refresh();
      if (this.#opening.size === pending.length) return;
    }
  }

  close(): void {
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    for (const stop of this.#stops) stop();
    for (const [id, s] of this.members) if (this.#owned.has(id)) s.close();
    this.inner.close();
  }

  /**
   * Every pool a verified `flood.pool-joined` names is opened, whether or not the flood accepts
   * the event yet: the flood can only judge it once the pool's state is here. The pool's keys
   * the flood carries for this device (its join's, and its later epochs' in `flood.pool-key`,
   * rules §9) are then lent to the session this flood opened for it.
   */
  #discover(view: PoolView): void {
    if (this.#closed) return;
    for (const id of view.verified) {
      const e = view.events.get(id);
      if (e?.body.type !== "flood.pool-joined") continue;
      const { pool, poolDoc, poolKey } = (e as DecodedEvent<"flood.pool-joined">).body.data;
      const key = poolKey === undefined ? undefined : rawPoolKeyOf(poolKey);
      void this.#ensureMember({
        genesisId: pool,
        docUrl: docUrlOfId(poolDoc),
        ...(key === undefined ? {} : { poolKey: key }),
      });
    }
    this.#lendAll(view).catch(this.deps.onError ?? console.error);
  }

  /** Lends each member pool the keys the flood carries for it that this device can open. */
  async #lendAll(view: PoolView): Promise<void> {
    const mine = (await this.deps.deliveryKeys?.()) ?? [];
    const rings = await floodPoolKeyRings(
      view.events,
      view.verified,
      view.state as FloodState | undefined,
      this.floodId,
      mine,
      floodDeliveryKeys(this.states.values()),
      this.#openedKeys,
    );
    for (const [pool, keys] of rings) {
      await this.#opening.get(pool);
      const session = this.members.get(pool);
      // Only to a session this flood opened, never to the device's own session of its own pool.
      if (session === undefined || !this.#owned.has(pool) || this.#closed) continue;
      await session.lendKeys(keys);
    }
  }

  #ensureMember(ref: MemberPoolRef): Promise<void> {
    let p = this.#opening.get(ref.genesisId);
    if (p === undefined) {
      p = this.#openMember(ref);
      this.#opening.set(ref.genesisId, p);
    }
    return p;
  }

  async #openMember(ref: MemberPoolRef): Promise<void> {
    const onError = this.deps.onError ?? ((e: unknown) => console.error("flood session:", e));
    try {
      const opened = this.deps.openMember
        ? await this.deps.openMember(ref)
        : await openPool(this.repo, ref, { ...this.deps, device: undefined });
      if (!opened.ok) {
        onError(new Error(`flood: member pool ${ref.genesisId} could not be opened (${opened.reason})`));
        this.#retryLater(ref.genesisId);
        return;
      }
      const session = opened.value;
      if (this.#closed) {
        if (!("shared" in opened && opened.shared)) session.close();
        return;
      }
      if (!("shared" in opened && opened.shared)) this.#owned.add(ref.genesisId);
      this.members.set(ref.genesisId, session);
      this.#stops.push(
        session.onState((v) => {
          if (v.state === undefined) return;
          this.states.set(ref.genesisId, v.state);
          this.#schedule();
        }),
      );
    } catch (err) {
      onError(err);
      this.#retryLater(ref.genesisId);
    }
  }

  /**
   * A member pool that could not be opened (offline, a slow relay) is tried again later, so this
   * device does not show a different flood from its peers until the app reloads.
   */
  #retryLater(pool: EventId): void {
    setTimeout(() => {
      if (this.#closed) return;
      this.#opening.delete(pool);
      this.#discover(this.inner.view());
    }, MEMBER_RETRY_MS);
  }

  #schedule(): void {
    if (this.#closed || this.#timer !== undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (!this.#closed) this.inner.refresh().catch(this.deps.onError ?? console.error);
    }, this.deps.memberDebounceMs ?? 25);
  }
}
