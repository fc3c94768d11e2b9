import { ed25519 } from "@noble/curves/ed25519.js";
import {
  type AnyDecodedEvent,
  type AuditEntry,
  type BallotChoice,
  DEFAULT_RULES,
  decodeEvent,
  derivePool,
  type EventDataByType,
  type EventId,
  type EventType,
  inviteProofMessage,
  type MemberId,
  type PoolState,
  type ProposalSpec,
  type Rules,
  type SignedEvent,
  type StoredEvent,
  signEvent,
  toBase64url,
  verifyEvents,
} from "../../src/core/index.ts";
import { chooseVerifier, sha256, signerFromSecretKey } from "../../src/crypto/index.ts";

export const HOUR = 3600_000;
export const DAY = 24 * HOUR;
/** 2026-01-01, so that dates in failures read plainly. */
export const T0 = Date.UTC(2026, 0, 1);

const verifierPromise = chooseVerifier();

/** A deterministic person: the same name always has the same keys. */
export function personKeys(name: string) {
  const secretKey = sha256(new TextEncoder().encode(`pools-test-person-${name}`));
  const signer = signerFromSecretKey(secretKey);
  return { secretKey, signer, id: toBase64url(signer.publicKey) as MemberId };
}

export interface AddOptions {
  parents?: EventId[];
  at?: number;
  pool?: string;
}

/**
 * A pool under test: named people write signed events, with parents defaulting to every head
 * so far (as a device that holds everything would), and a clock that only the test moves.
 */
export class World {
  readonly events = new Map<EventId, SignedEvent>();
  private readonly heads = new Set<EventId>();
  protected readonly verified = new Set<EventId>();
  private readonly inviteSecrets = new Map<EventId, Uint8Array>();
  /** Events a derivation refused: an honest author never names them as parents. */
  private readonly refused = new Set<EventId>();
  genesisId = "";
  now = T0;

  static async found(founder = "alice", rules: Partial<Rules> = {}, name = "Hiking Club Pool"): Promise<World> {
    const world = new World();
    const g = await world.add(
      founder,
      "pool.created",
      {
        name,
        purpose: "Gear and trips",
        currency: "USD",
        rules: { ...DEFAULT_RULES, treasurers: [], ...rules },
        bylawsVersion: 1,
      },
      { parents: [], pool: "" },
    );
    world.genesisId = g.id;
    return world;
  }

  /** A pool whose founder is the first name and every other name is an admitted member. */
  static async withMembers(names: string[], rules: Partial<Rules> = {}): Promise<World> {
    const [founder, ...rest] = names;
    const world = await World.found(founder, rules);
    for (const name of rest) await world.addMember(name, founder as string);
    return world;
  }

  id(name: string): MemberId {
    return personKeys(name).id;
  }

  tick(ms: number): number {
    this.now += ms;
    return this.now;
  }

  async add<T extends EventType>(
    name: string,
    type: T,
    data: EventDataByType[T],
    opts: AddOptions = {},
  ): Promise<SignedEvent> {
    const parents = opts.parents ?? this.newestHeads();
    const parentAt = Math.max(0, ...parents.map((p) => (this.events.get(p)?.body.at ?? 0) + 1));
    const at = opts.at ?? Math.max(this.now, parentAt);
    const event = await signEvent(
      { pool: opts.pool ?? this.genesisId, type, by: this.id(name), at, parents, data },
      personKeys(name).signer,
      sha256,
    );
    this.put(event);
    this.now = Math.max(this.now, at) + 1;
    return event;
  }

  /**
   * Signs an event without adding it or moving the clock, for tests that tamper with it first.
   * `signAs` signs with another person's key while `by` still names `name` (a forgery).
   */
  async make<T extends EventType>(
    name: string,
    type: T,
    data: EventDataByType[T],
    opts: AddOptions & { signAs?: string } = {},
  ): Promise<SignedEvent> {
    const parents = opts.parents ?? this.newestHeads();
    const parentAt = Math.max(0, ...parents.map((p) => (this.events.get(p)?.body.at ?? 0) + 1));
    const at = opts.at ?? Math.max(this.now, parentAt);
    return signEvent(
      { pool: opts.pool ?? this.genesisId, type, by: this.id(name), at, parents, data },
      personKeys(opts.signAs ?? name).signer,
      sha256,
    );
  }

  /** The parents a new event gets by default: the newest heads held (valid or not). */
  currentHeads(): EventId[] {
    return this.newestHeads();
  }

  /** Every id held, except some (to derive "the same pool without the bad event"). */
  idsWithout(...excluded: EventId[]): EventId[] {
    return [...this.events.keys()].filter((id) => !excluded.includes(id));
  }

  /**
   * The whole device pipeline over raw stored entries (key → bytes and sig), as the app runs it:
   * decode each (refusals go to the audit), verify signatures, derive. For tampered bytes.
   */
  async deriveStored(entries: Iterable<readonly [string, StoredEvent]>, now = this.now): Promise<PoolState> {
    const events: AnyDecodedEvent[] = [];
    const refusedEarlier: AuditEntry[] = [];
    for (const [key, stored] of entries) {
      const r = decodeEvent(key, stored, sha256);
      if (r.ok) events.push(r.value);
      else refusedEarlier.push({ id: key, reason: r.reason });
    }
    const byId = new Map(events.map((e) => [e.id, e]));
    const outcome = await verifyEvents(events, await verifierPromise, (id) => byId.get(id));
    // As the app does: an event whose signature or invite proof failed goes to the audit, not the core.
    const refusedIds = new Set(outcome.refused.map((r) => r.id));
    for (const r of outcome.refused) {
      const e = byId.get(r.id) as AnyDecodedEvent;
      refusedEarlier.push({ id: r.id, type: e.body.type, by: e.body.by, at: e.body.at, reason: r.reason });
    }
    const passed = events.filter((e) => !refusedIds.has(e.id));
    return derivePool({
      genesisId: this.genesisId,
      events: passed,
      verified: new Set(outcome.verified),
      now,
      refusedEarlier,
    });
  }

  /** The stored entries of this world, keyed by id, as a document holds them. */
  stored(): [string, StoredEvent][] {
    return [...this.events].map(([id, e]) => [id, { bytes: e.bytes, sig: e.sig }] as [string, StoredEvent]);
  }

  /** Adds an event written elsewhere (a forgery, another world's event). */
  put(event: SignedEvent): void {
    this.events.set(event.id, event);
    for (const p of event.body.parents) this.heads.delete(p);
    this.heads.add(event.id);
  }

  private newestHeads(): EventId[] {
    return [...this.heads]
      .map((id) => this.events.get(id) as SignedEvent)
      .sort((a, b) => b.body.at - a.body.at || (a.id < b.id ? 1 : -1))
      .slice(0, 64)
      .map((e) => e.id);
  }

  async invite(
    by: string,
    opts: { maxUses?: number; expiresIn?: number } & Pick<AddOptions, "parents" | "at"> = {},
  ): Promise<SignedEvent> {
    const secret = sha256(new TextEncoder().encode(`invite-${this.events.size}-${by}`));
    const at = opts.at ?? this.now;
    const event = await this.add(
      by,
      "member.invited",
      {
        invitePublicKey: toBase64url(ed25519.getPublicKey(secret)),
        expiresAt: at + (opts.expiresIn ?? 7 * DAY),
        maxUses: opts.maxUses ?? 1,
      },
      { ...(opts.parents ? { parents: opts.parents } : {}), ...(opts.at !== undefined ? { at: opts.at } : {}) },
    );
    this.inviteSecrets.set(event.id, secret);
    return event;
  }

  async join(name: string, invite: EventId, opts: AddOptions = {}): Promise<SignedEvent> {
    const secret = this.inviteSecrets.get(invite) ?? new Uint8Array(32).fill(7);
    const proof = toBase64url(ed25519.sign(inviteProofMessage(this.genesisId, this.id(name)), secret));
    return this.add(
      name,
      "member.joined",
      { invite, name: cap(name), bylawsHash: toBase64url(sha256(new Uint8Array([1]))), proof },
      opts,
    );
  }

  async admit(by: string, join: EventId, opts: AddOptions = {}): Promise<SignedEvent> {
    return this.add(by, "member.admitted", { join }, opts);
  }

  /** Invite, join and admission in one step (the admission by `admitter`, the inviter by default). */
  async addMember(name: string, inviter: string, admitter = inviter): Promise<SignedEvent> {
    const invite = await this.invite(inviter);
    const join = await this.join(name, invite.id);
    return this.admit(admitter === name ? inviter : admitter, join.id);
  }

  async propose(
    by: string,
    spec: ProposalSpec,
    opts: { closesIn?: number; title?: string } & AddOptions = {},
  ): Promise<SignedEvent> {
    const at = opts.at ?? this.now;
    return this.add(
      by,
      "proposal.created",
      {
        title: opts.title ?? `A ${spec.kind} proposal`,
        text: "Let us decide.",
        closesAt: at + (opts.closesIn ?? 7 * DAY),
        ...spec,
      } as EventDataByType["proposal.created"],
      { ...opts, at },
    );
  }

  async vote(
    by: string,
    proposal: EventId,
    choice: BallotChoice,
    opts: AddOptions & { reason?: string } = {},
  ): Promise<SignedEvent> {
    const data = opts.reason === undefined ? { proposal, choice } : { proposal, choice, reason: opts.reason };
    return this.add(by, "vote.cast", data, { parents: [proposal], ...opts });
  }

  /** Seals with every vote this world's derived view counts, then has `confirmer` confirm it. */
  async decide(
    proposal: EventId,
    sealer: string,
    confirmer: string,
  ): Promise<{ seal: SignedEvent; confirmation: SignedEvent }> {
    const state = await this.derive();
    const view = state.proposals[proposal];
    if (!view) throw new Error("decide: unknown proposal");
    this.now = Math.max(this.now, view.closedAt ?? view.closesAt);
    const seal = await this.add(sealer, "proposal.sealed", {
      proposal,
      votes: Object.values(view.votes)
        .map((v) => v.vote)
        .sort(),
    });
    this.tick(DAY + HOUR);
    const confirmation = await this.add(confirmer, "proposal.seal-confirmed", { seal: seal.id });
    return { seal, confirmation };
  }

  async contribute(
    by: string,
    from: string,
    amount: number,
    kind: "buy-in" | "dues" | "donation" = "dues",
  ): Promise<SignedEvent> {
    return this.add(by, "ledger.contribution", {
      amount,
      from: { member: this.id(from) },
      kind,
      memo: `${kind} from ${from}`,
    });
  }

  async confirm(by: string, entry: EventId): Promise<SignedEvent> {
    return this.add(by, "ledger.confirmed", { entry });
  }

  decoded(ids: Iterable<EventId> = this.events.keys()): AnyDecodedEvent[] {
    const out: AnyDecodedEvent[] = [];
    for (const id of ids) {
      const e = this.events.get(id);
      if (!e) continue;
      const r = decodeEvent(id, e, sha256);
      if (r.ok) out.push(r.value);
    }
    return out;
  }

  /** Verifies each event once; what verified is remembered in `verified`. */
  protected async verifyOnce(events: AnyDecodedEvent[]): Promise<void> {
    const unchecked = events.filter((e) => !this.verified.has(e.id));
    const byId = new Map(events.map((e) => [e.id, e]));
    const outcome = await verifyEvents(unchecked, await verifierPromise, (id) => byId.get(id));
    for (const id of outcome.verified) this.verified.add(id);
  }

  /** Verifies (once per event) and derives, as a device holding `ids` would. */
  async derive(now = this.now, ids?: Iterable<EventId>, arrivals?: ReadonlyMap<EventId, number>): Promise<PoolState> {
    const events = this.decoded(ids);
    await this.verifyOnce(events);
    const state = derivePool({
      genesisId: this.genesisId,
      events,
      verified: this.verified,
      now,
      ...(arrivals ? { arrivals } : {}),
    });
    this.forgetRefused(state.audit.map((a) => a.id));
    return state;
  }

  /** Heads are what an author "held as valid": drop refused events and rebuild the heads without them. */
  protected forgetRefused(ids: EventId[]): void {
    const fresh = ids.filter((id) => !this.refused.has(id) && this.events.has(id));
    if (fresh.length === 0) return;
    for (const id of fresh) this.refused.add(id);
    this.heads.clear();
    const referenced = new Set<EventId>();
    for (const [id, e] of this.events) if (!this.refused.has(id)) for (const p of e.body.parents) referenced.add(p);
    for (const id of this.events.keys()) if (!this.refused.has(id) && !referenced.has(id)) this.heads.add(id);
  }

  /** The reason the derived state refused an event, if it did. */
  static refusal(state: PoolState, id: EventId): string | undefined {
    return state.audit.find((a) => a.id === id)?.reason;
  }
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** An event's data as its type's shape (for reading what a test itself wrote). */
export function dataOf<T extends EventType>(event: SignedEvent, type: T): EventDataByType[T] {
  if (event.body.type !== type) throw new Error(`dataOf: event is a ${event.body.type}, not a ${type}`);
  return event.body.data as EventDataByType[T];
}

/** A proposal's closesAt. */
export const closesAtOf = (proposal: SignedEvent): number => dataOf(proposal, "proposal.created").closesAt;
