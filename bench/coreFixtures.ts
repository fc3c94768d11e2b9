/**
 * Large, realistic, *really signed* pool histories for the core benchmarks.
 *
 * A pool lives through a timeline: members join, proposals open every few hours and stay open a
 * week (so many are open at once), members vote (some change their minds), results are sealed
 * after the close and confirmed a day later, members record dues that another member confirms,
 * passed spends are paid out, a few mistakes are reversed. Every event is written as an app that
 * holds everything writes it: parents are the newest heads (at most 64), a vote's only parent is
 * its proposal, `at` never precedes a parent.
 *
 * Signing is the slow part (WebCrypto ≈ 0.1 ms each): votes only need their proposal's id, so
 * they are signed concurrently in batches; everything else waits for the votes before it (its
 * parents may be those votes).
 */
import { ed25519 } from "@noble/curves/ed25519.js";
import {
  type AnyDecodedEvent,
  DEFAULT_RULES,
  decodeEvent,
  type EventDataByType,
  type EventId,
  type EventType,
  inviteProofMessage,
  type MemberId,
  type PoolState,
  type Rules,
  type SignedEvent,
  type Signer,
  signEvent,
  toBase64url,
} from "../src/core/index.ts";
import { sha256, signerFromSecretKey } from "../src/crypto/index.ts";

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 0, 1);

export interface PoolShape {
  members: number;
  proposals: number;
  /** Hours between one proposal and the next (a week-long window keeps many open at once). */
  proposalEveryHours: number;
  /** Ballots per proposal, vote changes included; voters are drawn from the members. */
  votesPerProposal: number;
  /** Of those ballots, how many are a voter changing their mind. */
  changesPerProposal: number;
  /** Every `spendEvery`-th proposal is a spend, later paid out (0: none). */
  spendEvery: number;
  /** Dues recorded and confirmed by another member (two events each). */
  contributions: number;
  /** Contributions later reversed (two events each: reversal and its confirmation). */
  reversals: number;
  rules?: Partial<Rules>;
}

export interface Fixture {
  genesisId: EventId;
  events: SignedEvent[];
  verified: Set<EventId>;
  now: number;
  /** How many of each type, to check the shape. */
  counts: Record<string, number>;
}

interface Person {
  id: MemberId;
  signer: Signer;
  name: string;
}

/** A small deterministic PRNG (mulberry32), so every run builds the same pool. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function people(n: number): Person[] {
  return Array.from({ length: n }, (_, i) => {
    const secret = sha256(new TextEncoder().encode(`bench-core-person-${i}`));
    const signer = signerFromSecretKey(secret);
    return { id: toBase64url(signer.publicKey), signer, name: `Member ${i}` };
  });
}

/** Something that happens at a time: the timeline is these, sorted by `at`. */
type Step =
  | { at: number; kind: "propose"; p: number; by: number }
  | { at: number; kind: "vote"; p: number; by: number; choice: "yes" | "no" | "abstain" }
  | { at: number; kind: "seal"; p: number; by: number }
  | { at: number; kind: "confirm-seal"; p: number; by: number }
  | { at: number; kind: "contribute"; c: number; by: number }
  | { at: number; kind: "confirm-entry"; c: number; by: number }
  | { at: number; kind: "payout"; p: number; by: number }
  | { at: number; kind: "confirm-payout"; p: number; by: number }
  | { at: number; kind: "reverse"; c: number; by: number }
  | { at: number; kind: "confirm-reversal"; c: number; by: number };

class Writer {
  readonly events: SignedEvent[] = [];
  private readonly heads = new Map<EventId, number>();
  private readonly atOf = new Map<EventId, number>();
  private inFlight: Promise<SignedEvent>[] = [];
  genesisId = "";

  /** The newest heads, at most 64, as an app names them. */
  private parents(): EventId[] {
    if (this.heads.size <= 64) return [...this.heads.keys()];
    return [...this.heads]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? 1 : -1))
      .slice(0, 64)
      .map(([id]) => id);
  }

  private record(e: SignedEvent, isVote: boolean): void {
    this.events.push(e);
    this.atOf.set(e.id, e.body.at);
    if (!isVote) for (const p of e.body.parents) this.heads.delete(p);
    this.heads.set(e.id, e.body.at);
  }

  /** Waits for the votes being signed and takes them into the heads. */
  async settle(): Promise<void> {
    if (this.inFlight.length === 0) return;
    const done = await Promise.all(this.inFlight);
    this.inFlight = [];
    for (const e of done) this.record(e, true);
  }

  async write<T extends EventType>(
    by: Person,
    type: T,
    data: EventDataByType[T],
    at: number,
    genesis = false,
  ): Promise<SignedEvent> {
    await this.settle();
    const parents = genesis ? [] : this.parents();
    const parentAt = Math.max(0, ...parents.map((p) => (this.atOf.get(p) ?? 0) + 1));
    const e = await signEvent(
      { pool: genesis ? "" : this.genesisId, type, by: by.id, at: Math.max(at, parentAt), parents, data },
      by.signer,
      sha256,
    );
    this.record(e, false);
    return e;
  }

  /** Starts signing a vote (its only parent is the proposal); `settle` collects it. */
  vote(by: Person, proposal: SignedEvent, choice: "yes" | "no" | "abstain", at: number): Promise<SignedEvent> {
    const p = signEvent(
      {
        pool: this.genesisId,
        type: "vote.cast",
        by: by.id,
        at: Math.max(at, proposal.body.at + 1),
        parents: [proposal.id],
        data: { proposal: proposal.id, choice },
      },
      by.signer,
      sha256,
    );
    this.inFlight.push(p);
    return p;
  }

  get pendingVotes(): number {
    return this.inFlight.length;
  }
}

/** Builds a pool of the given shape. Every event is valid; `verified` holds them all. */
export async function buildPool(shape: PoolShape, seed = 1): Promise<Fixture> {
  const rand = random(seed);
  const pick = (n: number) => Math.floor(rand() * n);
  const cast = people(shape.members);
  const founder = cast[0] as Person;
  const rules: Rules = { ...DEFAULT_RULES, treasurers: [], ...shape.rules };
  const w = new Writer();
  let now = T0;

  const genesis = await w.write(
    founder,
    "pool.created",
    { name: "Bench Pool", purpose: "Benchmarks", currency: "USD", rules, bylawsVersion: 1 },
    now,
    true,
  );
  w.genesisId = genesis.id;
  const bylawsHash = toBase64url(sha256(new Uint8Array([1])));
  for (const [i, m] of cast.entries()) {
    if (i === 0) continue;
    now += 60_000;
    const secret = sha256(new TextEncoder().encode(`bench-invite-${i}`));
    const invite = await w.write(
      founder,
      "member.invited",
      { invitePublicKey: toBase64url(ed25519.getPublicKey(secret)), expiresAt: now + 7 * DAY, maxUses: 1 },
      now,
    );
    const proof = toBase64url(ed25519.sign(inviteProofMessage(genesis.id, m.id), secret));
    const join = await w.write(m, "member.joined", { invite: invite.id, name: m.name, bylawsHash, proof }, now + 1);
    await w.write(i === 1 ? founder : (cast[1] as Person), "member.admitted", { join: join.id }, now + 2);
  }
  const start = now + HOUR;

  // The timeline.
  const steps: Step[] = [];
  const window = 7 * DAY;
  const other = (i: number) => (i + 1 + pick(shape.members - 1)) % shape.members;
  const spends: number[] = [];
  for (let p = 0; p < shape.proposals; p++) {
    const at = start + p * shape.proposalEveryHours * HOUR;
    const by = pick(shape.members);
    steps.push({ at, kind: "propose", p, by });
    // Distinct first-time voters (never everyone, so every proposal closes at closesAt), then changes of mind.
    const firstVotes = shape.votesPerProposal - shape.changesPerProposal;
    const voters = new Set<number>();
    while (voters.size < Math.min(firstVotes, shape.members - 1)) voters.add(pick(shape.members));
    const list = [...voters];
    for (const v of list) {
      const choice = rand() < 0.7 ? "yes" : rand() < 0.7 ? "no" : "abstain";
      steps.push({ at: at + 1 + Math.floor(rand() * (window - 2 * HOUR)), kind: "vote", p, by: v, choice });
    }
    for (let c = 0; c < shape.changesPerProposal; c++) {
      const v = list[c % list.length] as number;
      steps.push({ at: at + window - HOUR + c, kind: "vote", p, by: v, choice: "yes" });
    }
    const sealer = pick(shape.members);
    steps.push({ at: at + window + HOUR, kind: "seal", p, by: sealer });
    const confirmAt = at + window + HOUR + (rules.sealAfterHours + 1) * HOUR;
    steps.push({ at: confirmAt, kind: "confirm-seal", p, by: other(sealer) });
    if (shape.spendEvery > 0 && p % shape.spendEvery === 0) {
      spends.push(p);
      const payer = pick(shape.members);
      steps.push({ at: confirmAt + 2 * HOUR, kind: "payout", p, by: payer });
      steps.push({ at: confirmAt + 3 * HOUR, kind: "confirm-payout", p, by: other(payer) });
    }
  }
  const end = start + shape.proposals * shape.proposalEveryHours * HOUR + window;
  for (let c = 0; c < shape.contributions; c++) {
    const at = start + Math.floor((c / shape.contributions) * (end - start));
    const by = pick(shape.members);
    steps.push({ at, kind: "contribute", c, by });
    steps.push({ at: at + 30 * 60_000, kind: "confirm-entry", c, by: other(by) });
    if (c < shape.reversals) {
      steps.push({ at: at + 2 * HOUR, kind: "reverse", c, by });
      steps.push({ at: at + 3 * HOUR, kind: "confirm-reversal", c, by: other(by) });
    }
  }
  steps.sort((a, b) => a.at - b.at);

  const proposals: SignedEvent[] = [];
  const ballots: Promise<SignedEvent>[][] = [];
  const seals: SignedEvent[] = [];
  const entries: SignedEvent[] = [];
  const payouts = new Map<number, SignedEvent>();
  const reversals = new Map<number, SignedEvent>();
  const spendSet = new Set(spends);
  for (const s of steps) {
    const by = cast[s.by] as Person;
    switch (s.kind) {
      case "propose": {
        const closesAt = s.at + window;
        const data = spendSet.has(s.p)
          ? {
              kind: "spend" as const,
              title: `Spend ${s.p}`,
              text: "Buy gear for the group.",
              closesAt,
              amount: 5_000 + (s.p % 7) * 1_000,
              payee: "Mountain Gear Co",
              purpose: "gear",
            }
          : { kind: "decision" as const, title: `Proposal ${s.p}`, text: "Shall we do this together?", closesAt };
        proposals[s.p] = await w.write(by, "proposal.created", data, s.at);
        ballots[s.p] = [];
        break;
      }
      case "vote":
        ballots[s.p]?.push(w.vote(by, proposals[s.p] as SignedEvent, s.choice, s.at));
        // Keep a bounded number of signatures in flight.
        if (w.pendingVotes >= 2_000) await w.settle();
        break;
      case "seal": {
        // The counted ballots: each voter's last one in event order (all are before the close).
        const cast = await Promise.all(ballots[s.p] ?? []);
        const last = new Map<MemberId, SignedEvent>();
        for (const v of [...cast].sort((a, b) => a.body.at - b.body.at || (a.id < b.id ? -1 : 1)))
          last.set(v.body.by, v);
        const votes = [...last.values()].map((v) => v.id).sort();
        seals[s.p] = await w.write(
          by,
          "proposal.sealed",
          { proposal: (proposals[s.p] as SignedEvent).id, votes },
          s.at,
        );
        break;
      }
      case "confirm-seal":
        await w.write(by, "proposal.seal-confirmed", { seal: (seals[s.p] as SignedEvent).id }, s.at);
        break;
      case "contribute":
        entries[s.c] = await w.write(
          by,
          "ledger.contribution",
          { amount: 2_000 + (s.c % 5) * 500, from: { member: by.id }, kind: "dues", memo: "Monthly dues" },
          s.at,
        );
        break;
      case "confirm-entry":
        await w.write(by, "ledger.confirmed", { entry: (entries[s.c] as SignedEvent).id }, s.at);
        break;
      case "payout": {
        const spend = proposals[s.p] as SignedEvent;
        const d = spend.body.data as { amount: number; payee: string };
        payouts.set(
          s.p,
          await w.write(
            by,
            "ledger.payout",
            { spend: spend.id, amount: d.amount, payee: d.payee, memo: "Paid the invoice" },
            s.at,
          ),
        );
        break;
      }
      case "confirm-payout":
        await w.write(by, "ledger.confirmed", { entry: (payouts.get(s.p) as SignedEvent).id }, s.at);
        break;
      case "reverse":
        reversals.set(
          s.c,
          await w.write(
            by,
            "ledger.reversal",
            { entry: (entries[s.c] as SignedEvent).id, memo: "Recorded twice" },
            s.at,
          ),
        );
        break;
      case "confirm-reversal":
        await w.write(by, "ledger.confirmed", { entry: (reversals.get(s.c) as SignedEvent).id }, s.at);
        break;
    }
    now = Math.max(now, s.at);
  }
  await w.settle();
  const counts: Record<string, number> = {};
  for (const e of w.events) counts[e.body.type] = (counts[e.body.type] ?? 0) + 1;
  return {
    genesisId: genesis.id,
    events: w.events,
    verified: new Set(w.events.map((e) => e.id)),
    now: now + DAY,
    counts,
  };
}

/** The events as `derivePool` takes them (a signed event already has the decoded shape). */
export const asDecoded = (events: readonly SignedEvent[]) => events as unknown as AnyDecodedEvent[];

/** The 10,000-event pool: 148 membership events, 4,800 of proposals and ballots, the rest money. */
export async function tenThousandEvents(): Promise<Fixture> {
  const fixture = await buildPool({
    members: 50,
    proposals: 100,
    proposalEveryHours: 12,
    votesPerProposal: 45,
    changesPerProposal: 4,
    spendEvery: 3,
    contributions: 2_467,
    reversals: 25,
  });
  if (fixture.events.length !== 10_000)
    throw new Error(`derive-10k: built ${fixture.events.length} events, not 10,000`);
  return fixture;
}

/** 1,000 members, 1,000 proposals (one every 2 hours, each open a week), 100 ballots each. */
export async function hundredThousandVotes(): Promise<Fixture> {
  return buildPool({
    members: 1_000,
    proposals: 1_000,
    proposalEveryHours: 2,
    votesPerProposal: 100,
    changesPerProposal: 0,
    spendEvery: 0,
    contributions: 0,
    reversals: 0,
    rules: { quorum: 10 },
  });
}

/** Every event valid and every proposal decided: a benchmark of a broken pool measures nothing. */
export function checkDerived(state: PoolState, fixture: Fixture, label: string): void {
  if (state.audit.length > 0)
    throw new Error(`${label}: ${state.audit.length} events refused, e.g. ${JSON.stringify(state.audit[0])}`);
  if (state.order.length !== fixture.events.length)
    throw new Error(`${label}: ${state.order.length} of ${fixture.events.length} events counted`);
  const undecided = Object.values(state.proposals).filter((p) => !p.decided).length;
  if (undecided > 0) throw new Error(`${label}: ${undecided} proposals undecided`);
}

export function decodeAllStored(events: readonly SignedEvent[]) {
  return events.map((e) => {
    const r = decodeEvent(e.id, { bytes: e.bytes, sig: e.sig }, sha256);
    if (!r.ok) throw new Error(`decode: ${r.reason}`);
    return r.value;
  });
}
