/**
 * Incremental derivation and the app's append (DESIGN.md §8), as ratios measured in this run:
 *
 * - `open-pool-10k-events-append-run`: a device reopens the 10,000-event pool (bench/coreFixtures.ts)
 *   from its storage, caches warm: load, read, decode, derive, first state. The pool is encrypted
 *   as a phone's is (rules §9), so the append below seals its vote. (bench/syncOpen.bench.ts
 *   reports `open-pool-10k-events` itself, with its floor.)
 * - `append-vote-10k-pool`: `session.append` of one signed vote on that open pool, through the
 *   real session over automerge-repo: decode, verify, the trial derivation, the write and the
 *   new state. `append-ratio` = append / open. Target ≤ 0.05.
 * - `derive-100k-pool-from-scratch`: derivePool of the 100,000-vote pool (1,000 members).
 * - `incremental-vote-100k-pool`: one new vote folded onto that derived pool (`deriveNext`),
 *   new state included. `incremental-ratio` = incremental / from scratch. Target ≤ 0.01.
 *
 * Medians of several runs; the machine's load average is printed to stderr beside them.
 * Run alone: `npx tsx bench/incremental.bench.ts`; `POOLS_BENCH_QUICK=1` skips the 100k pool.
 */
import { loadavg } from "node:os";
import { pathToFileURL } from "node:url";
import {
  type AnyDecodedEvent,
  type Derivation,
  decodeEvent,
  deriveFrom,
  deriveNext,
  type EventId,
  type PoolState,
  type SignedEvent,
  signEvent,
  toBase64url,
} from "../src/core/index.ts";
import { chooseVerifier, sha256, signerFromSecretKey } from "../src/crypto/index.ts";
import { memoryPoolKeyStore } from "../src/sync/encryption/poolKeyStore.ts";
import { startPoolSession } from "../src/sync/poolSession.ts";
import { createPool } from "../src/sync/pools.ts";
import { createNodeRepo } from "../src/sync/repo/createNodeRepo.ts";
import { MemoryStorageAdapter } from "../src/sync/repo/memoryStorage.ts";
import type { PoolDoc } from "../src/sync/schema/poolDoc.ts";
import { MemoryEventArchive } from "../src/sync/storage/eventArchive.ts";
import { MemoryVerifiedIdCache } from "../src/sync/storage/verificationCache.ts";
import { DAY, decodeAllStored, type Fixture, hundredThousandVotes, tenThousandEvents } from "./coreFixtures.ts";

type Result = { name: string; value: number; unit: "ms" | "ratio" };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
/** Members of the bench pools have deterministic keys (bench/coreFixtures.ts). */
const member = (i: number) => signerFromSecretKey(sha256(new TextEncoder().encode(`bench-core-person-${i}`)));

/** A new proposal on top of the pool, open for a week after `now`. */
function newProposal(state: PoolState, poolId: EventId, now: number): Promise<SignedEvent> {
  const author = member(1);
  return signEvent(
    {
      pool: poolId,
      type: "proposal.created",
      by: toBase64url(author.publicKey),
      at: state.latestAt + 1,
      parents: state.heads,
      data: { kind: "decision", title: "One more", text: "Shall we?", closesAt: now + 7 * DAY },
    },
    author,
    sha256,
  );
}

/** Ballots on `proposal` by the first `count` members of its electorate, each dated after the last. */
async function ballots(proposal: SignedEvent, electorate: readonly string[], count: number): Promise<SignedEvent[]> {
  const out: SignedEvent[] = [];
  for (let i = 0; out.length < count && i < 2000; i++) {
    const s = member(i);
    if (!electorate.includes(toBase64url(s.publicKey))) continue;
    const vote = await signEvent(
      {
        pool: proposal.body.pool,
        type: "vote.cast",
        by: toBase64url(s.publicKey),
        at: proposal.body.at + 1 + out.length,
        parents: [proposal.id],
        data: { proposal: proposal.id, choice: out.length % 3 === 0 ? "no" : "yes" },
      },
      s,
      sha256,
    );
    out.push(vote);
  }
  if (out.length < count) throw new Error("incremental bench: not enough voters");
  return out;
}

const decoded = (e: SignedEvent): AnyDecodedEvent => {
  const r = decodeEvent(e.id, { bytes: e.bytes, sig: e.sig }, sha256);
  if (!r.ok) throw new Error(`incremental bench: ${r.reason}`);
  return r.value;
};

async function benchAppend(fixture: Fixture): Promise<Result[]> {
  const storage = new MemoryStorageAdapter();
  const errors: unknown[] = [];
  let ticks = 0;
  const deps = {
    sha256,
    verifier: await chooseVerifier(),
    cache: new MemoryVerifiedIdCache(),
    archive: new MemoryEventArchive(),
    // The clock moves, as a phone's does: each append is judged at a new `now`.
    now: () => fixture.now + ticks++,
    onError: (e: unknown) => errors.push(e),
    poolKeys: memoryPoolKeyStore(),
  };
  const writer = createNodeRepo({ storage });
  const [genesis, ...rest] = fixture.events;
  const created = await createPool(writer.repo, genesis as SignedEvent, deps);
  if (!created.ok) throw new Error(`incremental bench: ${created.reason}`);
  for (let i = 0; i < rest.length; i += 100) {
    const r = await created.value.append(rest.slice(i, i + 100));
    if (!r.ok) throw new Error(`incremental bench: append refused ${r.reason} ${r.detail}`);
  }
  const { docUrl, poolId } = created.value;
  created.value.close();
  await writer.shutdown();

  const opens: number[] = [];
  const appends: number[] = [];
  for (let run = 0; run < 6; run++) {
    const device = createNodeRepo({ storage });
    const t = performance.now();
    const handle = await device.repo.find<PoolDoc>(docUrl);
    const session = await startPoolSession(handle, poolId, deps);
    const opened = performance.now() - t;
    const state = session.view().state;
    if (state === undefined || state.order.length < fixture.events.length)
      throw new Error("incremental bench: reopened pool is incomplete");
    if (!session.encrypted) throw new Error("incremental bench: the pool is not encrypted");
    if (run > 0) opens.push(opened); // the first run warms the JIT
    // Each run votes on a proposal of its own (written untimed), one ballot per append.
    const proposal = await newProposal(state, poolId, fixture.now);
    const p = await session.append(proposal);
    if (!p.ok) throw new Error(`incremental bench: proposal refused ${p.reason} ${p.detail}`);
    const electorate = session.view().state?.proposals[proposal.id]?.electorate ?? [];
    for (const vote of await ballots(proposal, electorate, 4)) {
      const a = performance.now();
      const r = await session.append(vote);
      const took = performance.now() - a;
      if (!r.ok) throw new Error(`incremental bench: vote refused ${r.reason} ${r.detail}`);
      if (session.view().state?.proposals[proposal.id]?.votes[vote.body.by]?.vote !== vote.id)
        throw new Error("incremental bench: the vote is not in the new state");
      if (run > 0) appends.push(took);
    }
    session.close();
    await device.shutdown();
  }
  if (errors.length > 0) throw new Error(`incremental bench: session errors ${String(errors[0])}`);
  const open = median(opens);
  const append = median(appends);
  return [
    { name: "open-pool-10k-events-append-run", value: open, unit: "ms" },
    { name: "append-vote-10k-pool", value: append, unit: "ms" },
    { name: "append-ratio", value: append / open, unit: "ratio" },
  ];
}

async function benchIncremental(fixture: Fixture): Promise<Result[]> {
  const events = decodeAllStored(fixture.events);
  const verified = new Set(fixture.verified);
  const input = { genesisId: fixture.genesisId, events, verified, now: fixture.now };
  const scratch: number[] = [];
  let derivation: Derivation = deriveFrom(input); // warm-up
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    derivation = deriveFrom(input);
    scratch.push(performance.now() - t);
  }
  const proposal = await newProposal(derivation.state, fixture.genesisId, fixture.now);
  verified.add(proposal.id);
  derivation = deriveNext(derivation, { added: [decoded(proposal)], verified, now: fixture.now });
  const electorate = derivation.state.proposals[proposal.id]?.electorate ?? [];
  const votes = (await ballots(proposal, electorate, 25)).map(decoded);
  for (const v of votes) verified.add(v.id);
  const steps: number[] = [];
  for (const [k, vote] of votes.entries()) {
    const t = performance.now();
    derivation = deriveNext(derivation, { added: [vote], verified, now: fixture.now });
    const took = performance.now() - t;
    if (derivation.state.proposals[proposal.id]?.votes[vote.body.by]?.vote !== vote.id)
      throw new Error("incremental bench: the vote is not in the new state");
    if (k >= 5) steps.push(took); // the first few warm the JIT
  }
  const fromScratch = median(scratch);
  const incremental = median(steps);
  return [
    { name: "derive-100k-pool-from-scratch", value: fromScratch, unit: "ms" },
    { name: "incremental-vote-100k-pool", value: incremental, unit: "ms" },
    { name: "incremental-ratio", value: incremental / fromScratch, unit: "ratio" },
  ];
}

export async function benchIncrementalGroup(): Promise<Result[]> {
  console.error(
    `incremental bench: load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
  const results = await benchAppend(await tenThousandEvents());
  if (process.env.POOLS_BENCH_QUICK !== "1") results.push(...(await benchIncremental(await hundredThousandVotes())));
  console.error(
    `incremental bench: load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  for (const r of await benchIncrementalGroup()) {
    const value = Number.isInteger(r.value) ? r.value : Number(r.value.toFixed(4));
    console.log(JSON.stringify({ name: r.name, value, unit: r.unit }));
  }
}
