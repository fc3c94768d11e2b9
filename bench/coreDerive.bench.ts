/**
 * Core derivation speed and size (docs/rules.md §8), on really signed, realistic pools:
 *
 * - `derive-10k-events`: a pool of 10,000 events (50 members, 100 proposals, nearly all sealed
 *   and confirmed, vote changes, dues confirmed by another member, spends paid out, reversals),
 *   signatures already verified; derivePool from decoded events. Target ≤ 100 ms.
 * - `derive-with-10k-junk-entries`: the same pool with 10,000 proposals signed by a stranger
 *   (rules §3.7) among its events: the pool's authors are found (`poolAuthors`), the strangers'
 *   entries shed (`splitStrangers`), the rest derived. `derive-with-10k-junk-entries-ratio` is
 *   that time over `derive-10k-events` in the same run; target ≤ 1.2. (Random values never reach
 *   the core: they fail the id check when read, which `decode-10k-events` prices.)
 * - `decode-10k-events`: decoding the same 10,000 stored events (hash, parse, shape, canonical
 *   form), which a device does once when they arrive.
 * - `tally-1k-members-100k-votes`: 1,000 members, 1,000 proposals, 100,000 ballots, every result
 *   sealed and confirmed; derivePool with everything verified. Target ≤ 500 ms.
 * - `vote-event-bytes`: one typical ballot as stored (canonical body bytes + 64-byte signature).
 *   Target ≤ 400 bytes. `vote-event-bytes-with-reason` adds a one-line reason.
 *
 * Timings are the median of several runs after a warm-up. Run alone: `npx tsx bench/coreDerive.bench.ts`
 * (one JSON object per line); `POOLS_BENCH_QUICK=1` skips the 100k-vote pool.
 */
import { pathToFileURL } from "node:url";
import { type AnyDecodedEvent, canonicalBytes, derivePool, makeBody, type PoolState } from "../src/core/index.ts";
import { poolAuthors, splitStrangers } from "../src/core/membership/poolAuthors.ts";
import {
  asDecoded,
  checkDerived,
  decodeAllStored,
  type Fixture,
  hundredThousandVotes,
  tenThousandEvents,
} from "./coreFixtures.ts";
import { strangerProposals } from "./junkFixtures.ts";

type Result = { name: string; value: number; unit: "ms" | "ops/s" | "bytes" | "kB" | "ratio" };

/** Median of `runs` timings after `warmup` untimed runs. */
function medianMs(fn: () => unknown, runs: number, warmup: number): number {
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

/** Medians of `a` and `b` timed in turn, after one warm-up of each. */
function alternately(a: () => unknown, b: () => unknown, runs: number): { a: number; b: number } {
  a();
  b();
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    a();
    ta.push(performance.now() - t);
    t = performance.now();
    b();
    tb.push(performance.now() - t);
  }
  const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number;
  return { a: median(ta), b: median(tb) };
}

function derive(fixture: Fixture, events = asDecoded(fixture.events)): PoolState {
  return derivePool({ genesisId: fixture.genesisId, events, verified: fixture.verified, now: fixture.now });
}

function voteBytes(reason?: string): number {
  const id = "x".repeat(43);
  const data =
    reason === undefined ? { proposal: id, choice: "yes" as const } : { proposal: id, choice: "yes" as const, reason };
  const body = makeBody({ pool: id, type: "vote.cast", by: id, at: Date.UTC(2026, 5, 1, 12), parents: [id], data });
  return canonicalBytes(body).length + 64;
}

export async function benchCore(): Promise<Result[]> {
  const results: Result[] = [];
  const ten = await tenThousandEvents();
  const decoded = decodeAllStored(ten.events);
  checkDerived(derive(ten, decoded), ten, "derive-10k-events");
  const plain = medianMs(() => derive(ten, decoded), 9, 3);
  results.push({ name: "derive-10k-events", value: plain, unit: "ms" });
  const junk = decodeAllStored(await strangerProposals(ten, 10_000));
  const withJunk = [...decoded, ...junk];
  const genesis = decoded.find((e) => e.id === ten.genesisId) as AnyDecodedEvent;
  const shedAndDerive = () => {
    const isVerified = (id: string) => ten.verified.has(id);
    const { authors } = poolAuthors(genesis, withJunk, isVerified);
    const held = new Set(withJunk.map((e) => e.id));
    const { kept } = splitStrangers(withJunk, authors, (id) => held.has(id));
    return derive(ten, kept);
  };
  checkDerived(shedAndDerive(), ten, "derive-with-10k-junk-entries");
  // The two are timed alternately, so a busy machine slows both alike and the ratio holds.
  const pairs = alternately(() => derive(ten, decoded), shedAndDerive, 9);
  results.push({ name: "derive-with-10k-junk-entries", value: pairs.b, unit: "ms" });
  results.push({ name: "derive-with-10k-junk-entries-ratio", value: pairs.b / pairs.a, unit: "ratio" });
  results.push({ name: "decode-10k-events", value: medianMs(() => decodeAllStored(ten.events), 5, 1), unit: "ms" });

  if (process.env.POOLS_BENCH_QUICK !== "1") {
    const big = await hundredThousandVotes();
    const bigDecoded = decodeAllStored(big.events);
    checkDerived(derive(big, bigDecoded), big, "tally-1k-members-100k-votes");
    results.push({
      name: "tally-1k-members-100k-votes",
      value: medianMs(() => derive(big, bigDecoded), 5, 1),
      unit: "ms",
    });
  }

  results.push({ name: "vote-event-bytes", value: voteBytes(), unit: "bytes" });
  results.push({
    name: "vote-event-bytes-with-reason",
    value: voteBytes("We need the tents before the spring trip."),
    unit: "bytes",
  });
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  for (const r of await benchCore()) {
    const value = Number.isInteger(r.value) ? r.value : Number(r.value.toFixed(3));
    console.log(JSON.stringify({ name: r.name, value, unit: r.unit }));
  }
}
