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
 * are cached, so a recompute costs a derive and little else). The work is done by the modules in
 * `session/`, each given this session's internals (`session/sessionInternals.ts`).
 */
import type { AutomergeUrl, DocHandle } from "@automerge/automerge-repo/slim";
import type { SignedEvent } from "../core/events/signEvent.ts";
import type { EventId } from "../core/events/types.ts";
import type { EntryCrypto } from "./encryption/entryCrypto.ts";
import { cryptoOf } from "./encryption/poolCrypto.ts";
import { encodeSealedBallot, openSealedBallot } from "./encryption/sealedBallot.ts";
import { type OpenedFileEntries, openFileEntries, sealForFile } from "./encryption/sealedFileEntries.ts";
import type { SealedFileEntry } from "./poolFile.ts";
import { entryKey } from "./schema/entryKey.ts";
import type { PoolDoc } from "./schema/poolDoc.ts";
import { appendEvents } from "./session/appendEvents.ts";
import type {
  AppendOk,
  AppendOptions,
  PoolSession,
  PoolView,
  SessionDeps,
  StoredEventWithId,
} from "./session/poolSessionTypes.ts";
import { recomputeView } from "./session/recomputeView.ts";
import { refresh, schedule } from "./session/scheduleRecompute.ts";
import { newSessionInternals, type SessionInternals } from "./session/sessionInternals.ts";
import { keepKeys, lendKeys } from "./session/sessionKeys.ts";
import { writeBlocked } from "./session/sessionWrites.ts";
import { type SyncResult, syncOk, syncRefuse } from "./syncReasons.ts";
import type { EventToWrite } from "./writeEvents.ts";

export type {
  AppendOk,
  AppendOptions,
  DerivePool,
  PoolSession,
  PoolView,
  SessionDeps,
  StoredEventWithId,
} from "./session/poolSessionTypes.ts";

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
  readonly #s: SessionInternals;
  readonly #onHeads = () => schedule(this.#s);

  constructor(
    readonly handle: DocHandle<PoolDoc>,
    readonly poolId: EventId,
    private readonly deps: SessionDeps,
    readonly crypto: EntryCrypto | undefined,
  ) {
    this.#s = newSessionInternals(handle, poolId, deps, crypto, recomputeView);
    this.docUrl = this.#s.docUrl;
  }

  async start(): Promise<void> {
    const s = this.#s;
    if (this.deps.cache !== undefined) {
      try {
        const cache = this.deps.cache;
        const [keys, notes, opened] = await Promise.all([
          cache.load(this.poolId),
          cache.loadNotes(this.poolId),
          // What this device opened before is not decrypted again (rules §9).
          s.opener === undefined ? [] : cache.loadOpened(this.poolId),
        ]);
        for (const k of keys) s.verifiedKeys.add(k);
        s.opener?.remember(opened);
        s.junk.add(notes.junk);
        for (const [id, at] of notes.arrivals) s.arrivals.set(id, at);
      } catch (err) {
        s.onError(err); // without the cache the pool still opens: every signature is checked again
      }
    }
    this.handle.on("heads-changed", this.#onHeads);
    await this.refresh();
  }

  view(): PoolView {
    return this.#s.view;
  }

  onState(listener: (view: PoolView) => void): () => void {
    this.#s.listeners.add(listener);
    listener(this.#s.view);
    return () => this.#s.listeners.delete(listener);
  }

  append(
    input: SignedEvent | StoredEventWithId | readonly (SignedEvent | StoredEventWithId)[],
    options: AppendOptions = {},
  ): Promise<SyncResult<AppendOk>> {
    return appendEvents(this.#s, input, options);
  }

  /** One recompute at a time; a change during a run makes one more run after it. */
  refresh(): Promise<PoolView> {
    return refresh(this.#s);
  }

  sealedBallot(vote: { id: EventId; at: number }): string | undefined {
    if (this.crypto === undefined) return undefined;
    const key = entryKey(vote.id, vote.at);
    const value = (this.handle.doc() as PoolDoc | undefined)?.events?.[key];
    return value instanceof Uint8Array ? encodeSealedBallot(key, value) : undefined;
  }

  async sealedForFile(): Promise<SealedFileEntry[] | undefined> {
    if (this.crypto === undefined) return undefined;
    const stored = (this.handle.doc() as PoolDoc | undefined)?.events;
    return sealForFile(this.crypto, this.knownEvents(), (key) => stored?.[key]);
  }

  async openSealedEntries(entries: readonly SealedFileEntry[]): Promise<SyncResult<OpenedFileEntries>> {
    if (this.crypto === undefined) return syncRefuse("file-key-missing", "this pool is not encrypted on this phone");
    return syncOk(await openFileEntries(this.crypto, entries, this.deps.sha256));
  }

  openBallot(text: string): Promise<string | { error: string }> {
    return openSealedBallot(this.crypto, text);
  }

  madeRotation(rotationId: EventId, raw: Uint8Array): void {
    this.#s.madeRotations.set(rotationId, raw);
  }

  keepKeys(): Promise<void> {
    return keepKeys(this.#s);
  }

  lendKeys(keys: readonly { epoch: number; raw: Uint8Array }[]): Promise<void> {
    return lendKeys(this.#s, keys);
  }

  get encrypted(): boolean {
    return this.crypto !== undefined;
  }

  writeBlocked(): "pool-moved" | "pool-key-missing" | undefined {
    return writeBlocked(this.#s);
  }

  async poolKeyForInvite(): Promise<{ epoch: number; raw: Uint8Array } | undefined> {
    if (this.crypto === undefined) return undefined;
    const { epoch } = this.crypto.ring.current();
    const raw = await this.deps.poolKeys?.rawKeyOf(this.poolId, epoch);
    if (raw === undefined) throw new Error(`pool ${this.poolId}: no stored bytes for the key of epoch ${epoch}`);
    return { epoch, raw };
  }

  async poolKeysForInvite(): Promise<{ epoch: number; raw: Uint8Array }[] | undefined> {
    if (this.crypto === undefined) return undefined;
    const keys: { epoch: number; raw: Uint8Array }[] = [];
    for (let epoch = 0; epoch <= this.crypto.ring.current().epoch; epoch++) {
      const raw = await this.deps.poolKeys?.rawKeyOf(this.poolId, epoch);
      if (raw !== undefined) keys.push({ epoch, raw });
    }
    if (keys.length > 0) return keys;
    const current = await this.poolKeyForInvite();
    return current === undefined ? undefined : [current];
  }

  knownEvents(): EventToWrite[] {
    return [...this.#s.known.values()].filter((e) => !this.#s.refusedByCore.has(e.id));
  }

  close(): void {
    const s = this.#s;
    s.closed = true;
    if (s.timer !== undefined) clearTimeout(s.timer);
    this.handle.off("heads-changed", this.#onHeads);
    s.listeners.clear();
  }
}
