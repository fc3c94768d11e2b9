/**
 * What an open pool offers the rest of the app (`PoolSession`), what it shows (`PoolView`), and
 * what it needs (`SessionDeps`). The session itself is `../poolSession.ts`.
 */
import type { AutomergeUrl, DocHandle } from "@automerge/automerge-repo/slim";
import type { EntryCipher, PoolKey } from "../../core/encryption/cipherPorts.ts";
import type { SignedEvent } from "../../core/events/signEvent.ts";
import type { AnyDecodedEvent, EventId, StoredEvent } from "../../core/events/types.ts";
import type { Sha256, SignatureVerifier } from "../../core/identity/cryptoPorts.ts";
import type { DeriveInput } from "../../core/pool/derivePool.ts";
import type { AuditEntry, PoolState } from "../../core/pool/poolState.ts";
import type { DeliveryKeyPair } from "../../crypto/hpkeKeySealer.ts";
import type { PoolKeyStore } from "../encryption/poolKeyStore.ts";
import type { OpenedFileEntries } from "../encryption/sealedFileEntries.ts";
import type { SealedFileEntry } from "../poolFile.ts";
import type { PoolDoc } from "../schema/poolDoc.ts";
import type { EventArchive } from "../storage/eventArchive.ts";
import type { VerifiedIdCache } from "../storage/verificationCache.ts";
import type { SyncResult } from "../syncReasons.ts";
import type { EventToWrite } from "../writeEvents.ts";

export type DerivePool = (input: DeriveInput) => PoolState;

export interface SessionDeps {
  sha256: Sha256;
  verifier: SignatureVerifier;
  /** Defaults to the core's derivePool. */
  derive?: DerivePool;
  /** The genesis type the document must start with: `flood.created` for a flood (flood/startFlood.ts). Default `pool.created`. */
  genesisType?: "pool.created" | "flood.created";
  /** The device's clock for derivation (what is open or closed). Defaults to Date.now. */
  now?: () => number;
  /**
   * Verified (id, signature) pairs, junk marks and first-seen times across reloads. Defaults to
   * an in-memory cache of this session only.
   */
  cache?: VerifiedIdCache;
  /** Verified events across reloads, for healing after a reload. */
  archive?: EventArchive;
  /** How long to wait after a change before recomputing (ms). Default 25. */
  debounceMs?: number;
  /** Storage or derivation failures: reported, never swallowed. Defaults to console.error. */
  onError?: (error: unknown) => void;
  /**
   * This device's pool keys (rules §9). When it holds keys for the pool, every entry is opened and
   * sealed with them and a value that does not open is junk; a device that keeps keys but has none
   * for this pool reads it as plaintext (a pool made before encryption) and writes nothing into a
   * document that says it is encrypted.
   */
  poolKeys?: PoolKeyStore;
  /** The entry cipher; defaults to WebCrypto AES-256-GCM. */
  cipher?: EntryCipher;
  /** Keys to use beyond the store's (the key of an invite link being previewed). */
  extraKeys?: readonly PoolKey[];
  /**
   * The X25519 key pairs this device opens rotated pool keys with (rules §9): its person's, and
   * an invite link's while joining with it.
   */
  deliveryKeys?: () => Promise<readonly DeliveryKeyPair[]>;
}

export interface PoolView {
  poolId: EventId;
  docUrl: string;
  /** Every event read from the document that decoded and was not refused for its signature. */
  events: ReadonlyMap<EventId, AnyDecodedEvent>;
  /** Ids whose signature (and for joins, invite proof) verified. */
  verified: ReadonlySet<EventId>;
  /** Entries refused before derivation: undecodable, or a signature that does not verify. */
  refused: readonly AuditEntry[];
  /** The derived pool; undefined until the genesis is here and verified. Its audit includes `refused`. */
  state: PoolState | undefined;
  /** Ids this device wrote back after they disappeared from the document, in this session. */
  healed: ReadonlySet<EventId>;
  /**
   * Junk entries (rules §3.7: undecodable, a signature that fails, or written by someone who was
   * never a member nor validly invited) this device has shed from the document, ever. Junk is
   * counted, not listed: one line in the audit view.
   */
  junk: number;
  /**
   * Entries this device cannot read: sealed under a pool key it does not hold (rules §9,
   * `key-missing`), e.g. written after its person left. Kept, never shed; counted, not listed.
   */
  unreadable: number;
  /** Increases with every recompute. */
  revision: number;
}

export interface AppendOk {
  /** Ids written (events already in the document are not written again). */
  written: EventId[];
  /** Ids accepted but waiting for a parent this device does not hold yet. */
  pending: EventId[];
  /** With `partial`: events left out because the core refused them, and why. */
  refused: AuditEntry[];
}

export interface AppendOptions {
  /**
   * Write what the core accepts and report the rest, instead of refusing the whole batch:
   * for merging a pool file or a pile of scanned ballots, where one bad item must not block
   * the others.
   */
  partial?: boolean;
  /**
   * Events (by `verificationKey`: id and signature) the caller has just verified with
   * `verifyEvents` and this session's verifier, so they are not checked twice: a pool file's
   * events, all checked before anything of the file is kept (checkPoolFile.ts).
   */
  verifiedBefore?: ReadonlySet<string>;
}

export interface PoolSession {
  readonly poolId: EventId;
  readonly docUrl: AutomergeUrl;
  readonly handle: DocHandle<PoolDoc>;
  /** The latest view. */
  view(): PoolView;
  /** Calls `listener` with the current view now and after every recompute. Returns an unsubscribe. */
  onState(listener: (view: PoolView) => void): () => void;
  /**
   * Checks events with the core (decode, signature, derive with them added) and writes them only
   * if none is refused: a refused batch writes nothing and says why.
   */
  append(
    events: SignedEvent | StoredEventWithId | readonly (SignedEvent | StoredEventWithId)[],
    options?: AppendOptions,
  ): Promise<SyncResult<AppendOk>>;
  /** Recomputes now (after any pending change) and returns the fresh view. */
  refresh(): Promise<PoolView>;
  /** Every verified event this device holds for the pool that the core did not refuse: what an export contains. */
  knownEvents(): EventToWrite[];
  /** The current pool key's raw bytes for an invite link (rules §9); undefined for a plaintext pool. */
  poolKeyForInvite(): Promise<{ epoch: number; raw: Uint8Array } | undefined>;
  /**
   * Every epoch's key this device holds, oldest first, for an invite link: a newcomer reads the
   * pool's whole history, not only what was written after the last rotation (rules §9).
   */
  poolKeysForInvite(): Promise<{ epoch: number; raw: Uint8Array }[] | undefined>;
  /** True when this device seals the pool's entries (it holds a key for it). */
  readonly encrypted: boolean;
  /**
   * Why this device writes nothing into the document (it moved to a sealed one, or it is sealed
   * and this device has no key), or undefined when it may write. A moved document still takes a
   * member's `member.key-published` and `pool.moved` (rules §9): how a member asks for the new
   * document's keys and how another hands them over.
   */
  writeBlocked(): "pool-moved" | "pool-key-missing" | undefined;
  /** The raw key a `pool.key-rotated` this device is about to write carries, so it holds it once the rotation counts. */
  madeRotation(rotationId: EventId, raw: Uint8Array): void;
  /** The raw bytes of every key this session learned that the store does not hold yet (saved when the pool is kept). */
  keepKeys(): Promise<void>;
  /**
   * Keys a flood lends to this (read-only) session of one of its pools (rules §9): each epoch it
   * lacks is added for this session only, and what they seal is read.
   */
  lendKeys(keys: readonly { epoch: number; raw: Uint8Array }[]): Promise<void>;
  /** An encrypted pool's events sealed for its file (encryption/sealedFileEntries.ts); undefined for a plaintext pool. */
  sealedForFile(): Promise<SealedFileEntry[] | undefined>;
  /** Opens a sealed file's entries with the keys this session holds now. */
  openSealedEntries(entries: readonly SealedFileEntry[]): Promise<SyncResult<OpenedFileEntries>>;
  /** A vote of an encrypted pool as a sealed meetup ballot (encryption/sealedBallot.ts); undefined for a plaintext pool. */
  sealedBallot(vote: { id: EventId; at: number }): string | undefined;
  /** A sealed ballot opened to a plaintext one, or why it cannot be. */
  openBallot(text: string): Promise<string | { error: string }>;
  close(): void;
}

export type StoredEventWithId = StoredEvent & { id: EventId };
