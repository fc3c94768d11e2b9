/**
 * A pool open on this device: its document, the events read from it, which of them verified,
 * the derived state, and the two duties of an honest device (docs/rules.md §3):
 *
 *  - nothing goes into the document that the core would refuse (`append` checks first);
 *  - nothing valid leaves it: an event this device verified that disappears (someone with the
 *    URL deleted or overwrote it) is written back. Refused events are not healed: deleting
 *    junk is fine.
 *
 * The state is recomputed after the document changes (debounced; reads and signature checks
 * are cached, so a recompute costs a derive and little else).
 */
import * as A from "@automerge/automerge/slim";
import type { AutomergeUrl, DocHandle } from "@automerge/automerge-repo/slim";
import { decodeEvent } from "../core/events/decodeEvent.ts";
import type { SignedEvent } from "../core/events/signEvent.ts";
import type { AnyDecodedEvent, EventId, MemberId } from "../core/events/types.ts";
import { verifyEvents } from "../core/events/verifyEvents.ts";
import { type Derivation, deriveFrom, deriveNext } from "../core/pool/derivation.ts";
import { derivePool } from "../core/pool/derivePool.ts";
import type { AuditEntry, PoolState } from "../core/pool/poolState.ts";
import type { ReasonCode } from "../core/reasons.ts";
import { importPoolKey } from "../crypto/aesGcmEntryCipher.ts";
import type { EntryCrypto } from "./encryption/entryCrypto.ts";
import { EntryOpener } from "./encryption/entryOpener.ts";
import { epochMarkTag, epochOfValue, junkAfterEpoch } from "./encryption/epochJunk.ts";
import { cryptoOf } from "./encryption/poolCrypto.ts";
import { takeRotatedKeys } from "./encryption/rotatedKeys.ts";
import { sealEvents } from "./encryption/sealEvents.ts";
import { encodeSealedBallot, openSealedBallot } from "./encryption/sealedBallot.ts";
import { JunkMemory } from "./junkMemory.ts";
import { type DecodeMemo, readEvents } from "./readEvents.ts";
import { bytesEqual } from "./schema/docValues.ts";
import { entryKey, parseEntryKey } from "./schema/entryKey.ts";
import type { PoolDoc } from "./schema/poolDoc.ts";
import type {
  AppendOk,
  AppendOptions,
  DerivePool,
  PoolSession,
  PoolView,
  SessionDeps,
  StoredEventWithId,
} from "./session/poolSessionTypes.ts";
import { type JunkFound, junkMarksOf, shedFromDocument } from "./shedJunk.ts";
import type { ArchivedEvent } from "./storage/eventArchive.ts";
import { idOfVerificationKey, verificationKey } from "./storage/verificationCache.ts";
import { type SyncRefused, type SyncResult, syncOk, syncRefuse } from "./syncReasons.ts";
import { verifyPoolCandidates } from "./verifyPoolCandidates.ts";
import { type EventToWrite, writeEvents } from "./writeEvents.ts";

export type {
  AppendOk,
  AppendOptions,
  DerivePool,
  PoolSession,
  PoolView,
  SessionDeps,
  StoredEventWithId,
} from "./session/poolSessionTypes.ts";

const DEFAULT_DEBOUNCE_MS = 25;

export async function startPoolSession(
  handle: DocHandle<PoolDoc>,
  poolId: EventId,
  deps: SessionDeps,
): Promise<PoolSession> {
  const crypto = await cryptoOf(poolId, deps);
  const session = new Session(handle, poolId, deps, crypto);
  await session.start();
  return session;
}

class Session implements PoolSession {
  readonly docUrl: AutomergeUrl;
  readonly #derive: DerivePool;
  /**
   * The core's derivation behind `#view.state`, to carry on from when events arrive (only with the
   * core's own derivePool). A derivation carried on once by a trial that was thrown away derives
   * from scratch next time: slower, never wrong.
   */
  #derivation: Derivation | undefined;
  /**
   * When this device first held each event that arrived during this session (for stale
   * proposals, docs/rules.md §4). Events already here when the session opened have no time: they
   * are never counted as late, so a reload cannot make an old proposal look stale.
   */
  readonly #arrivals = new Map<EventId, number>();
  readonly #heldAtOpen = new Set<EventId>();
  /** Arrival times not yet in the cache. */
  #newArrivals: [EventId, number][] = [];
  readonly #junk = new JunkMemory();
  /** The pool's authors at the last recompute (rules §3.7). */
  #authors: ReadonlySet<MemberId> = new Set();
  #openedOnce = false;
  readonly #now: () => number;
  readonly #debounceMs: number;
  readonly #onError: (error: unknown) => void;
  readonly #memo: DecodeMemo = new Map();
  /** (id, signature) pairs known to verify: loaded from the cache, then added to. */
  readonly #verifiedKeys = new Set<string>();
  /** Verified events seen, by id: what healing writes back. */
  readonly #known = new Map<EventId, EventToWrite>();
  /** Ids the core refused at some point: never healed. Validity is judged on the causal past, so it sticks. */
  readonly #refusedByCore = new Set<EventId>();
  /** Keys verified by `append`, not yet in the cache. */
  #unpersisted: string[] = [];
  /** Ids already put in the archive this session. */
  readonly #archived = new Set<EventId>();
  readonly #healed = new Set<EventId>();
  readonly #listeners = new Set<(view: PoolView) => void>();
  #view: PoolView;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<PoolView> | undefined;
  #dirty = false;
  #closed = false;
  #archiveChecked = false;
  /** The document's heads at the last recompute: unchanged heads need no new derivation. */
  #lastHeads: string[] = [];
  readonly #onHeads = () => this.#schedule();
  readonly #opener: EntryOpener | undefined;
  readonly #madeRotations = new Map<EventId, Uint8Array>();
  /** Keys opened from rotations, by epoch, not yet in the store. */
  readonly #learned = new Map<number, Uint8Array>();

  constructor(
    readonly handle: DocHandle<PoolDoc>,
    readonly poolId: EventId,
    private readonly deps: SessionDeps,
    readonly crypto: EntryCrypto | undefined,
  ) {
    this.#opener = crypto === undefined ? undefined : new EntryOpener(crypto);
    this.docUrl = handle.url;
    this.#derive = deps.derive ?? derivePool;
    this.#now = deps.now ?? Date.now;
    this.#debounceMs = deps.debounceMs ?? DEFAULT_DEBOUNCE_MS;
    this.#onError = deps.onError ?? ((e) => console.error("pool session:", e));
    this.#view = {
      poolId,
      docUrl: this.docUrl,
      events: new Map(),
      verified: new Set(),
      refused: [],
      state: undefined,
      healed: this.#healed,
      junk: 0,
      unreadable: 0,
      revision: 0,
    };
  }

  async start(): Promise<void> {
    if (this.deps.cache !== undefined) {
      try {
        const cache = this.deps.cache;
        const [keys, notes, opened] = await Promise.all([
          cache.load(this.poolId),
          cache.loadNotes(this.poolId),
          // What this device opened before is not decrypted again (rules §9).
          this.#opener === undefined ? [] : cache.loadOpened(this.poolId),
        ]);
        for (const k of keys) this.#verifiedKeys.add(k);
        this.#opener?.remember(opened);
        this.#junk.add(notes.junk);
        for (const [id, at] of notes.arrivals) this.#arrivals.set(id, at);
      } catch (err) {
        this.#onError(err); // without the cache the pool still opens: every signature is checked again
      }
    }
    this.handle.on("heads-changed", this.#onHeads);
    await this.refresh();
  }

  view(): PoolView {
    return this.#view;
  }

  onState(listener: (view: PoolView) => void): () => void {
    this.#listeners.add(listener);
    listener(this.#view);
    return () => this.#listeners.delete(listener);
  }

  sealedBallot(vote: { id: EventId; at: number }): string | undefined {
    if (this.crypto === undefined) return undefined;
    const key = entryKey(vote.id, vote.at);
    const value = (this.handle.doc() as PoolDoc | undefined)?.events?.[key];
    return value instanceof Uint8Array ? encodeSealedBallot(key, value) : undefined;
  }

  openBallot(text: string): Promise<string | { error: string }> {
    return openSealedBallot(this.crypto, text);
  }

  madeRotation(rotationId: EventId, raw: Uint8Array): void {
    this.#madeRotations.set(rotationId, raw);
  }

  async keepKeys(): Promise<void> {
    const store = this.deps.poolKeys;
    if (store === undefined) return;
    for (const [epoch, raw] of this.#learned) await store.saveKey(this.poolId, epoch, raw);
    this.#learned.clear();
  }

  async lendKeys(keys: readonly { epoch: number; raw: Uint8Array }[]): Promise<void> {
    if (this.crypto === undefined) return;
    let added = false;
    for (const k of keys) {
      if (this.crypto.ring.get(k.epoch) !== undefined) continue;
      this.crypto.ring.lend(await importPoolKey(k.epoch, k.raw));
      added = true;
    }
    if (!added || this.#closed) return;
    this.#opener?.forgetFailures();
    this.#lastHeads = [];
    this.#schedule();
  }

  /** Opens the keys of rotations that count; a new key makes the entries it seals readable, so read again. */
  async #takeRotatedKeys(state: PoolState): Promise<void> {
    if (this.crypto === undefined || state.keys.rotations.length === 0) return;
    const mine = (await this.deps.deliveryKeys?.()) ?? [];
    const added = await takeRotatedKeys(this.poolId, this.crypto, state.keys, mine, this.#madeRotations);
    if (added.length === 0) return;
    for (const { epoch, raw } of added) this.#learned.set(epoch, raw);
    // Saved now, except in a preview (opened with a link's key lent to it): kept once the pool is kept.
    if (this.deps.extraKeys === undefined) await this.keepKeys();
    this.#opener?.forgetFailures();
    // The document did not change, but what this device can read did: forget the heads so the
    // scheduled recompute runs.
    this.#lastHeads = [];
    this.#schedule();
  }

  get encrypted(): boolean {
    return this.crypto !== undefined;
  }

  writeBlocked(): "pool-moved" | "pool-key-missing" | undefined {
    return this.#writeBlocked();
  }

  async poolKeyForInvite(): Promise<{ epoch: number; raw: Uint8Array } | undefined> {
    if (this.crypto === undefined) return undefined;
    const { epoch } = this.crypto.ring.current();
    const raw = await this.deps.poolKeys?.rawKeyOf(this.poolId, epoch);
    if (raw === undefined) throw new Error(`pool ${this.poolId}: no stored bytes for the key of epoch ${epoch}`);
    return { epoch, raw };
  }

  knownEvents(): ArchivedEvent[] {
    return [...this.#known.values()].filter((e) => !this.#refusedByCore.has(e.id));
  }

  close(): void {
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.handle.off("heads-changed", this.#onHeads);
    this.#listeners.clear();
  }

  #schedule(): void {
    if (this.#closed) return;
    this.#dirty = true;
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#upToDate().catch(this.#onError);
    }, this.#debounceMs);
  }

  /** The view, recomputed first only if the document changed since the last recompute. */
  async #upToDate(): Promise<PoolView> {
    while (this.#running !== undefined) await this.#running.catch(() => undefined);
    // Unchanged heads: nothing new in the document (a change announced by a pending timer may be
    // this session's own write, already in the view), so no recompute.
    if (sameHeads(A.getHeads(this.handle.doc()), this.#lastHeads)) {
      if (this.#timer !== undefined) clearTimeout(this.#timer);
      this.#timer = undefined;
      return this.#view;
    }
    return this.refresh();
  }

  /** One recompute at a time; a change during a run makes one more run after it. */
  async refresh(): Promise<PoolView> {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    this.#dirty = true;
    while (this.#running !== undefined) await this.#running.catch(() => undefined);
    if (!this.#dirty) return this.#view;
    this.#dirty = false;
    this.#running = this.#recompute();
    try {
      return await this.#running;
    } finally {
      this.#running = undefined;
    }
  }

  async #recompute(): Promise<PoolView> {
    const { sha256 } = this.deps;
    const doc = this.handle.doc();
    this.#lastHeads = A.getHeads(doc);
    const checkedBefore = (id: string, sig: Uint8Array) => this.#verifiedKeys.has(verificationKey(id, sig));
    const verify = (candidates: readonly AnyDecodedEvent[]) =>
      verifyPoolCandidates(candidates, this.#verifiedKeys, this.deps.verifier, {
        genesisId: this.poolId,
        strangersAreJunk: (this.deps.genesisType ?? "pool.created") === "pool.created",
      });
    const junk = this.#junk.byKey;
    const opener = this.#opener;
    await opener?.prepare(doc);
    const open = opener?.open;
    /** Reads; in an encrypted pool, once more after opening the rival values the first read asked for. */
    const readAll = async (allValuesOf?: ReadonlySet<string>) => {
      const options = {
        memo: this.#memo,
        checkedBefore,
        junk,
        ...(open ? { open, decodedBefore: opener.decodedBefore } : {}),
        ...(allValuesOf ? { allValuesOf } : {}),
      };
      const first = readEvents(doc, sha256, options);
      return opener !== undefined && (await opener.openMissed()) ? readEvents(doc, sha256, options) : first;
    };
    let read = await readAll();
    // Rules §9: values of an epoch no rotation introduced are junk, judged on this very read.
    if (this.#judgeEpochs(read.events)) read = await readAll();
    let checked = await verify(read.events);
    // A key whose only readable value has a bad signature may hide a good value behind it.
    if (checked.badSignature.size > 0) {
      read = await readAll(checked.badSignature);
      checked = await verify(read.events);
    }
    if (checked.authors !== undefined) {
      this.#authors = checked.authors;
      // A stranger's mark whose author turned out to be a member: judge those entries again.
      if (this.#junk.forgetAuthors(checked.authors)) this.#schedule();
    }
    // Junk is counted, not listed (rules §3.7); what is left here is refused for other reasons.
    const refused: AuditEntry[] = [];
    for (const [id, { event: e, reason }] of checked.rejected)
      if (!isJunkReason(reason)) refused.push({ id, type: e.body.type, by: e.body.by, at: e.body.at, reason });
    const events = checked.chosen;
    const verified = checked.verifiedIds;
    for (const id of verified) {
      const e = events.get(id);
      if (e !== undefined && !this.#known.has(id))
        this.#known.set(id, { id, bytes: e.bytes, sig: e.sig, at: e.body.at });
    }

    const now = this.#now();
    this.#noteArrivals(verified, now);

    let state: PoolState | undefined;
    if (verified.has(this.poolId) && events.get(this.poolId)?.body.type === (this.deps.genesisType ?? "pool.created")) {
      try {
        state = this.#deriveState(this.#view, events, verified, now, refused);
        // A flood judges some events against other documents (its member pools), which may arrive
        // later: its refusals are not final, so they are taken afresh from each derivation.
        if (this.deps.genesisType === "flood.created") this.#refusedByCore.clear();
        // An event dated in the future waits rather than being refused: it is kept, archived and healed.
        for (const a of state.audit)
          if (verified.has(a.id) && a.reason !== "dated-in-the-future") this.#refusedByCore.add(a.id);
      } catch (err) {
        this.#derivation = undefined;
        this.#onError(err);
      }
    } else this.#derivation = undefined;

    await this.#persist(checked.newKeys);
    await this.#heal(verified);
    if (state !== undefined) await this.#takeRotatedKeys(state);

    this.#view = {
      poolId: this.poolId,
      docUrl: this.docUrl,
      events,
      verified,
      refused,
      state,
      healed: this.#healed,
      junk: this.#junk.size,
      unreadable: read.refused.filter((a) => a.reason === "key-missing").length,
      revision: this.#view.revision + 1,
    };
    for (const l of this.#listeners) l(this.#view);
    const found: JunkFound = {
      undecodable: read.shed,
      forged: [...checked.rejected.values()].filter((r) => isJunkReason(r.reason)).map((r) => r.event),
      strangers: checked.strangers,
    };
    this.#shedLater(found, read.conflicted, events, verified, state !== undefined);
    return this.#view;
  }

  /**
   * Derives the pool for these events. When they are the events of `before` plus new ones, with
   * the same verdicts on the old ones, the new ones are folded onto the last derivation
   * (core/pool/derivation.ts), which costs about the new events rather than the whole pool.
   */
  #deriveState(
    before: PoolView,
    events: ReadonlyMap<EventId, AnyDecodedEvent>,
    verified: ReadonlySet<EventId>,
    now: number,
    refused: readonly AuditEntry[],
  ): PoolState {
    const input = { verified, now, refusedEarlier: refused, arrivals: this.#arrivals };
    if (this.deps.derive !== undefined)
      return this.deps.derive({ ...input, genesisId: this.poolId, events: events.values() });
    const added = this.#derivation === undefined ? undefined : addedSince(before, events, verified);
    this.#derivation =
      this.#derivation !== undefined && added !== undefined
        ? deriveNext(this.#derivation, { ...input, added })
        : deriveFrom({ ...input, genesisId: this.poolId, events: events.values() });
    return this.#derivation.state;
  }

  /**
   * After a recompute's state is out: remember its junk and delete it from the document (once
   * this device can tell the pool's members, i.e. its state is derived), then show the new count.
   */
  #shedLater(
    found: JunkFound,
    conflicted: readonly string[],
    events: ReadonlyMap<EventId, AnyDecodedEvent>,
    verified: ReadonlySet<EventId>,
    derived: boolean,
  ): void {
    if (found.undecodable.length + found.forged.length + found.strangers.length + conflicted.length === 0) return;
    // A device without the key of an encrypted pool cannot tell junk from sealed entries: it
    // remembers and deletes nothing (rules §9), or it would skip them once it has the key.
    if (this.#writeBlocked() !== undefined) return;
    setTimeout(() => {
      if (this.#closed) return;
      const { marks, keys } = junkMarksOf(found, this.deps.sha256, (v) => this.#epochTag(v));
      const added = this.#junk.add(marks);
      if (added.length > 0) this.deps.cache?.addNotes(this.poolId, { junk: added }).catch(this.#onError);
      if (derived) {
        const valid = (id: EventId) => (verified.has(id) ? events.get(id) : undefined);
        // In an encrypted pool the good values beside junk are written back sealed, never plaintext.
        shedFromDocument(this.handle, keys, this.crypto ? [] : conflicted, (id) => this.#known.get(id), valid);
        if (this.crypto && conflicted.length > 0) void this.#rewriteSealed(conflicted, valid).catch(this.#onError);
      }
      if (this.#view.junk !== this.#junk.size) {
        this.#view = { ...this.#view, junk: this.#junk.size, revision: this.#view.revision + 1 };
        for (const l of this.#listeners) l(this.#view);
      }
    }, 0);
  }

  /**
   * Sets which epochs are junk after a read (encryption/epochJunk.ts) and forgets the junk marks
   * of epochs that no longer are; true when a value's verdict changed, so the read must be redone
   * (only that second read sheds anything).
   */
  #judgeEpochs(events: readonly AnyDecodedEvent[]): boolean {
    if (this.crypto === undefined || this.#opener === undefined) return false;
    const newest = this.crypto.ring.current().epoch;
    // The rule needs the newest key to be this pool's own: a key a flood lent may be wrong, and
    // then the rotation to the next epoch would not open here.
    const after = this.crypto.ring.isLent(newest) ? undefined : junkAfterEpoch(newest, events);
    const forgot = this.#junk.forgetEpochs((epoch) => after !== undefined && epoch > after);
    return this.#opener.judgeEpochsAfter(after) || forgot;
  }

  /** A junk value of an epoch whose key this device lacks was shed for its epoch: its mark says so. */
  #epochTag(value: Uint8Array): string | undefined {
    if (this.crypto === undefined) return undefined; // a plaintext pool has no epochs
    const epoch = epochOfValue(value);
    return epoch === undefined || this.crypto.ring.get(epoch) !== undefined ? undefined : epochMarkTag(epoch);
  }

  /**
   * The first time this device held each event, kept in the cache across reloads (rules §3.6).
   * What was already here the first time this device opened the pool has no time.
   */
  #noteArrivals(ids: Iterable<EventId>, now: number): void {
    for (const id of ids) {
      if (this.#arrivals.has(id)) continue;
      if (!this.#openedOnce) this.#heldAtOpen.add(id);
      else if (!this.#heldAtOpen.has(id)) {
        this.#arrivals.set(id, now);
        this.#newArrivals.push([id, now]);
      }
    }
    this.#openedOnce = true;
  }

  /** Archive before cache: a cached key then always has its bytes in the archive, for healing after a reload. */
  async #persist(verifiedNow: readonly string[]): Promise<void> {
    for (const k of verifiedNow) this.#verifiedKeys.add(k);
    const newKeys = [...this.#unpersisted, ...verifiedNow];
    this.#unpersisted = [];
    const arrivals = this.#newArrivals;
    this.#newArrivals = [];
    // Kept only once decoded: a reload then parses them without hashing them again (readEvents).
    const opened = this.#opener?.takeOpened((key, value) => this.#decodedFine(key, value)) ?? [];
    // Not awaited: on a first open this is every entry, and the state need not wait for the write.
    if (opened.length > 0) this.deps.cache?.addOpened(this.poolId, opened).catch(this.#onError);
    if (arrivals.length > 0)
      await this.deps.cache?.addNotes(this.poolId, { arrivals: new Map(arrivals) }).catch(this.#onError);
    // A flood's event refused earlier may be accepted once a member pool arrives, with no new key.
    const flood = this.deps.genesisType === "flood.created";
    if (newKeys.length === 0 && !flood) return;
    try {
      if (this.deps.archive !== undefined) {
        const fresh = [...this.#known.values()].filter(
          (e) => !this.#archived.has(e.id) && !this.#refusedByCore.has(e.id),
        );
        if (fresh.length > 0 || newKeys.length > 0) await this.deps.archive.addMany(this.poolId, fresh);
        for (const e of fresh) this.#archived.add(e.id);
      }
      if (newKeys.length > 0) await this.deps.cache?.addMany(this.poolId, newKeys);
    } catch (err) {
      this.#onError(err);
    }
  }

  /** Whether the last read decoded this stored value into an event (the decode memo says). */
  #decodedFine(key: string, value: Uint8Array): boolean {
    const seen = this.#memo.get(key);
    return seen?.result.ok === true && bytesEqual(seen.value, value);
  }

  /** Writes events (sealed, in an encrypted pool); what this device sealed it need not decrypt. */
  #write(events: readonly EventToWrite[], sealed: ReadonlyMap<EventId, Uint8Array> | undefined): void {
    writeEvents(this.handle, events, sealed);
    if (sealed !== undefined) this.#opener?.sealedHere(events, sealed);
  }

  /** Writes back every event this device verified that the document no longer holds validly. */
  async #heal(presentVerified: ReadonlySet<EventId>): Promise<void> {
    if (!this.#archiveChecked) {
      this.#archiveChecked = true;
      await this.#recallArchived(presentVerified);
    }
    const missing = [...this.#known.values()].filter(
      (e) => !presentVerified.has(e.id) && !this.#refusedByCore.has(e.id),
    );
    if (missing.length === 0 || this.#closed || this.#writeBlocked() !== undefined) return;
    const sealed = await sealEvents(this.crypto, missing);
    if (this.#closed) return;
    for (const e of missing) this.#healed.add(e.id);
    this.#write(missing, sealed);
  }

  /** Writes back, sealed, the valid event under each conflicted key (clearing its junk rivals). */
  async #rewriteSealed(conflicted: readonly string[], valid: (id: EventId) => AnyDecodedEvent | undefined) {
    const rewrite: EventToWrite[] = [];
    for (const k of conflicted) {
      const id = parseEntryKey(k)?.id;
      const e = id === undefined ? undefined : valid(id);
      if (e !== undefined) rewrite.push({ id: e.id, bytes: e.bytes, sig: e.sig, at: e.body.at });
    }
    if (rewrite.length === 0) return;
    const sealed = await sealEvents(this.crypto, rewrite);
    if (!this.#closed) this.#write(rewrite, sealed);
  }

  /**
   * A device without the pool's key never writes plaintext into a document that says it is
   * sealed, nor into a plaintext pool's document after the pool moved to an encrypted one.
   */
  #writeBlocked(): "pool-moved" | "pool-key-missing" | undefined {
    const doc = this.handle.doc() as { encryption?: unknown; movedTo?: unknown } | undefined;
    if (doc?.movedTo !== undefined) return "pool-moved";
    return this.crypto === undefined && doc?.encryption !== undefined ? "pool-key-missing" : undefined;
  }

  /** After a reload, events verified in an earlier session may have vanished while the app was closed. */
  async #recallArchived(present: ReadonlySet<EventId>): Promise<void> {
    if (this.deps.archive === undefined) return;
    const gone = new Set<EventId>();
    for (const k of this.#verifiedKeys) {
      const id = idOfVerificationKey(k);
      if (!present.has(id) && !this.#known.has(id)) gone.add(id);
    }
    if (gone.size === 0) return;
    try {
      const found = await this.deps.archive.getMany(this.poolId, [...gone]);
      for (const [id, e] of found) {
        // The archive holds bytes only; the key needs the event's time, so decode it again.
        const decoded = decodeEvent(id, e, this.deps.sha256);
        if (!decoded.ok) {
          this.#onError(new Error(`event archive: ${id} no longer decodes (${decoded.reason})`));
          continue;
        }
        this.#known.set(id, { id, bytes: e.bytes, sig: e.sig, at: decoded.value.body.at });
        this.#archived.add(id);
      }
    } catch (err) {
      this.#onError(err);
    }
  }

  async append(
    input: SignedEvent | StoredEventWithId | readonly (SignedEvent | StoredEventWithId)[],
    options: AppendOptions = {},
  ): Promise<SyncResult<AppendOk>> {
    const list = (Array.isArray(input) ? input : [input]) as (SignedEvent | StoredEventWithId)[];
    const partial = options.partial === true;
    const { sha256, verifier } = this.deps;
    const refused: AuditEntry[] = [];
    const refuseOne = (
      id: EventId,
      reason: ReasonCode,
      detail?: string,
      e?: AnyDecodedEvent,
    ): SyncRefused | undefined => {
      if (!partial) return syncRefuse(reason, detail === undefined ? `event ${id}` : `event ${id}: ${detail}`);
      const entry: AuditEntry = e ? { id, type: e.body.type, by: e.body.by, at: e.body.at, reason } : { id, reason };
      refused.push(detail === undefined ? entry : { ...entry, detail });
      return undefined;
    };

    let decoded: AnyDecodedEvent[] = [];
    for (const e of list) {
      const r = decodeEvent(e.id, { bytes: e.bytes, sig: e.sig }, sha256);
      if (r.ok) decoded.push(r.value);
      else {
        const stop = refuseOne(e.id, r.reason, r.detail);
        if (stop) return stop;
      }
    }
    const before = await this.#upToDate();
    const batch = new Map(decoded.map((e) => [e.id, e]));
    const lookup = (id: EventId) => batch.get(id) ?? before.events.get(id);
    const cached = decoded.filter((e) => this.#verifiedKeys.has(verificationKey(e.id, e.sig)));
    const cachedIds = new Set(cached.map((e) => e.id));
    const outcome = await verifyEvents(
      decoded.filter((e) => !cachedIds.has(e.id)),
      verifier,
      lookup,
    );
    for (const r of outcome.refused) {
      const stop = refuseOne(r.id, r.reason, undefined, batch.get(r.id));
      if (stop) return stop;
    }
    const badIds = new Set(outcome.refused.map((r) => r.id));
    decoded = decoded.filter((e) => !badIds.has(e.id));
    const blocked = this.#writeBlocked();
    if (blocked !== undefined && !(blocked === "pool-moved" && decoded.every(mayGoIntoMovedDocument)))
      return syncRefuse(blocked);
    // Sealing awaits, so it happens before the last look at the document below.
    const sealed = await sealEvents(
      this.crypto,
      decoded.map((e) => ({ id: e.id, bytes: e.bytes, sig: e.sig, at: e.body.at })),
    );

    // The document may have changed while signatures were checked: judge the batch against what
    // it holds now. From here to the write nothing awaits, so no change can slip in between.
    const view = await this.#upToDate();
    const viewHeads = this.#lastHeads;

    const verified = new Set([...view.verified, ...cachedIds, ...outcome.verified]);
    // Without the genesis the core cannot judge anything: write nothing rather than write blind.
    if (!verified.has(this.poolId)) return syncRefuse("pool-not-loaded");
    const events = new Map(view.events);
    for (const e of decoded) events.set(e.id, e);
    const now = this.#now();
    this.#noteArrivals(
      decoded.map((e) => e.id),
      now,
    );
    let trial: PoolState;
    const derivationBefore = this.#derivation;
    let trialDerivation: Derivation | undefined;
    try {
      const input = { verified, now, refusedEarlier: view.refused, arrivals: this.#arrivals };
      // An event held before whose verdict changes must be judged again: derive afresh then.
      const carryOn =
        derivationBefore !== undefined &&
        view.state !== undefined &&
        !decoded.some((e) => view.events.has(e.id) && view.verified.has(e.id) !== verified.has(e.id));
      if (this.deps.derive === undefined) {
        // The common case, one vote: fold the batch onto the derived pool instead of deriving it all.
        trialDerivation = carryOn
          ? deriveNext(derivationBefore, { ...input, added: decoded })
          : deriveFrom({ ...input, genesisId: this.poolId, events: events.values() });
        trial = trialDerivation.state;
      } else
        trial = this.#derive({
          genesisId: this.poolId,
          events: events.values(),
          verified,
          now,
          refusedEarlier: view.refused,
          arrivals: this.#arrivals,
        });
    } catch (err) {
      return syncRefuse("not-the-genesis", err instanceof Error ? err.message : String(err));
    }
    const audited = new Map(trial.audit.map((a) => [a.id, a]));
    const kept: AnyDecodedEvent[] = [];
    for (const e of decoded) {
      const a = audited.get(e.id);
      if (a === undefined) kept.push(e);
      else {
        const stop = refuseOne(e.id, a.reason, a.detail, e);
        if (stop) return stop;
      }
    }
    decoded = kept;
    const waiting = new Set(trial.pending.map((p) => p.id));
    const pending = decoded.filter((e) => waiting.has(e.id)).map((e) => e.id);

    const toWrite = decoded.filter((e) => !view.verified.has(e.id));
    const headsBefore = A.getHeads(this.handle.doc());
    const newlyVerified = new Set(outcome.verified);
    for (const e of toWrite) {
      if (!newlyVerified.has(e.id)) continue; // a join waiting for its invite is written, not yet known valid
      this.#known.set(e.id, { id: e.id, bytes: e.bytes, sig: e.sig, at: e.body.at });
      const key = verificationKey(e.id, e.sig);
      this.#verifiedKeys.add(key);
      this.#unpersisted.push(key);
    }
    this.#write(
      toWrite.map((e) => ({ id: e.id, bytes: e.bytes, sig: e.sig, at: e.body.at })),
      sealed,
    );
    if (refused.length === 0 && toWrite.length > 0 && sameHeads(viewHeads, headsBefore)) {
      // The document now holds exactly the events the trial derived, so the trial is the new
      // state: no second derivation. (A change from elsewhere in between would have moved the
      // heads, and then a full recompute runs.)
      this.#lastHeads = A.getHeads(this.handle.doc());
      this.#derivation = trialDerivation;
      this.#view = { ...view, events, verified, state: trial, revision: view.revision + 1 };
      for (const l of this.#listeners) l(this.#view);
      await this.#persist([]);
      // A rotation this device just wrote counts now: seal what comes next under its key.
      await this.#takeRotatedKeys(trial);
    } else {
      await this.refresh();
    }
    return syncOk({ written: toWrite.map((e) => e.id), pending, refused });
  }
}

/**
 * What a moved plaintext document still takes (rules §9): a member's delivery key, asking for the
 * keys of the document it moved to, and a member's answer with those keys sealed. Neither says
 * anything the relay could use: a public key, and keys only their recipients open.
 */
function mayGoIntoMovedDocument(e: AnyDecodedEvent): boolean {
  return e.body.type === "member.key-published" || e.body.type === "pool.moved";
}

/** Refusals that make an entry junk rather than a member's refused event (rules §3.7). */
function isJunkReason(reason: ReasonCode): boolean {
  return reason === "bad-signature" || reason === "bad-invite-proof";
}

function sameHeads(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const sorted = [...b].sort();
  return [...a].sort().every((h, i) => h === sorted[i]);
}

/**
 * The events not in `before`, when `events` holds every event of `before` with the same
 * signature verdict (else undefined: something left or changed, and the pool is derived afresh).
 */
function addedSince(
  before: PoolView,
  events: ReadonlyMap<EventId, AnyDecodedEvent>,
  verified: ReadonlySet<EventId>,
): AnyDecodedEvent[] | undefined {
  if (before.state === undefined) return undefined;
  for (const id of before.events.keys()) {
    if (!events.has(id) || before.verified.has(id) !== verified.has(id)) return undefined;
  }
  const added: AnyDecodedEvent[] = [];
  if (events.size === before.events.size) return added;
  for (const [id, e] of events) if (!before.events.has(id)) added.push(e);
  return added;
}
