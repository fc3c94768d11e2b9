/**
 * Builds large, valid-shaped event histories quickly for benchmarks that measure derivation
 * "with signatures already verified": bodies are canonical and ids are real SHA-256 hashes, but
 * signatures are zeros and every id is passed as verified. Signature speed is measured on its
 * own (verify-events).
 */
import {
  type AnyDecodedEvent,
  canonicalBytes,
  DEFAULT_RULES,
  type EventDataByType,
  type EventId,
  type EventType,
  type MemberId,
  makeBody,
  type Rules,
  toBase64url,
} from "../src/core/index.ts";
import { sha256 } from "../src/crypto/index.ts";

const ZERO_SIG = new Uint8Array(64);
const FAKE_PROOF = "A".repeat(86);

export const memberId = (name: string): MemberId => toBase64url(sha256(new TextEncoder().encode(`bench-${name}`)));

export class FastLog {
  readonly events: AnyDecodedEvent[] = [];
  private heads = new Set<EventId>();
  private readonly atOf = new Map<EventId, number>();
  genesisId = "";
  now = Date.UTC(2026, 0, 1);

  static found(
    founder: string,
    rules: Partial<Rules> = {},
    type: "pool.created" | "flood.created" = "pool.created",
    name = "Bench Pool",
  ): FastLog {
    const log = new FastLog();
    const data = { name, purpose: "", currency: "USD", rules: { ...DEFAULT_RULES, ...rules }, bylawsVersion: 1 };
    log.genesisId = log.add(founder, type, data, { parents: [], pool: "" });
    return log;
  }

  get verified(): Set<EventId> {
    return new Set(this.events.map((e) => e.id));
  }

  add<T extends EventType>(
    by: string,
    type: T,
    data: EventDataByType[T],
    opts: { parents?: EventId[]; pool?: string; at?: number } = {},
  ): EventId {
    const parents = opts.parents ?? [...this.heads].slice(-8);
    const at = opts.at ?? Math.max(this.now, ...parents.map((p) => (this.atOf.get(p) ?? 0) + 1));
    const body = makeBody({ pool: opts.pool ?? this.genesisId, type, by: memberId(by), at, parents, data });
    const bytes = canonicalBytes(body);
    const id = toBase64url(sha256(bytes));
    this.events.push({ id, body, bytes, sig: ZERO_SIG } as AnyDecodedEvent);
    this.atOf.set(id, at);
    // Votes stay out of the heads (a vote's only parent is its proposal), so the graph stays narrow.
    if (type !== "vote.cast") {
      for (const p of parents) this.heads.delete(p);
      this.heads.add(id);
    }
    this.now = at + 1;
    return id;
  }

  addMember(name: string, by: string): void {
    const invite = this.add(by, "member.invited", {
      invitePublicKey: memberId(`invite-${name}`),
      expiresAt: this.now + 30 * 86_400_000,
      maxUses: 1,
    });
    const join = this.add(name, "member.joined", { invite, name, bylawsHash: memberId("bylaws"), proof: FAKE_PROOF });
    this.add(by, "member.admitted", { join });
  }

  propose(by: string, closesIn = 7 * 86_400_000, extra: Partial<EventDataByType["proposal.created"]> = {}): EventId {
    return this.add(by, "proposal.created", {
      kind: "decision",
      title: "Proposal",
      text: "Bench",
      closesAt: this.now + closesIn,
      ...extra,
    } as EventDataByType["proposal.created"]);
  }

  vote(by: string, proposal: EventId, choice: "yes" | "no" | "abstain" = "yes"): EventId {
    return this.add(by, "vote.cast", { proposal, choice }, { parents: [proposal] });
  }
}

/** Median of `runs` timings of `fn`, after `warmup` untimed runs. */
export function medianMs(fn: () => void, runs = 7, warmup = 2): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}
