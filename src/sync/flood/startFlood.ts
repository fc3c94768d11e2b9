/**
 * The flood session object: a pool session of the flood's own document (poolSession.ts, with
 * `genesisType: "flood.created"` and `deriveFlood` as its derive function, given the member
 * pools' current states), plus the member pools' sessions. It delegates to the inner session and
 * to the modules beside this file, each given this flood's internals (`floodInternals.ts`).
 */
import type { Repo } from "@automerge/automerge-repo/slim";
import type { EventId } from "../../core/events/types.ts";
import { deriveFlood, type FloodState } from "../../core/floods/deriveFlood.ts";
import type { DeriveInput } from "../../core/pool/derivePool.ts";
import type { PoolState } from "../../core/pool/poolState.ts";
import { keysForLink } from "../encryption/floodKeysText.ts";
import type { RawPoolKey } from "../encryption/floodPoolKeys.ts";
import { type PoolSession, type PoolView, startPoolSession } from "../poolSession.ts";
import { type FloodInternals, newFloodInternals } from "./floodInternals.ts";
import type { FloodDeps, FloodSession } from "./floodTypes.ts";
import { discoverMembers, membersSettled, openMembersNamedIn } from "./memberPools.ts";

/** Starts the session of a flood document, then opens the member pools it names as they are read. */
export async function startFlood(
  repo: Repo,
  handle: Parameters<typeof startPoolSession>[0],
  floodId: EventId,
  deps: FloodDeps,
): Promise<FloodSession> {
  const states = new Map<EventId, PoolState>();
  const derive = (input: DeriveInput): FloodState => deriveFlood({ ...input, pools: states });
  const inner = await startPoolSession(handle, floodId, { ...deps, genesisType: "flood.created", derive });
  const flood = new Flood(newFloodInternals(repo, inner, floodId, deps, states));
  flood.start();
  return flood;
}

class Flood implements FloodSession {
  readonly #f: FloodInternals;
  private readonly inner: PoolSession;
  readonly floodId: EventId;

  constructor(f: FloodInternals) {
    this.#f = f;
    this.inner = f.inner;
    this.floodId = f.floodId;
  }

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
    this.#f.stops.push(this.inner.onState((view) => discoverMembers(this.#f, view)));
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
    const opening = openMembersNamedIn(this.#f, Array.isArray(args[0]) ? args[0] : [args[0]]);
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

  sealedForFile() {
    return this.inner.sealedForFile();
  }

  openSealedEntries(...args: Parameters<PoolSession["openSealedEntries"]>) {
    return this.inner.openSealedEntries(...args);
  }

  knownEvents() {
    return this.inner.knownEvents();
  }
  floodState(): FloodState | undefined {
    return this.inner.view().state as FloodState | undefined;
  }
  memberSessions(): ReadonlyMap<EventId, PoolSession> {
    return this.#f.members;
  }

  membersSettled(): Promise<void> {
    return membersSettled(this.#f);
  }

  close(): void {
    const f = this.#f;
    f.closed = true;
    if (f.timer !== undefined) clearTimeout(f.timer);
    for (const stop of f.stops) stop();
    for (const [id, s] of f.members) if (f.owned.has(id)) s.close();
    this.inner.close();
  }
}
