/**
 * Everyday group life (docs/rules.md §11):
 *
 * - `ranked-poll-1k-ballots-20-options`: counting a ranked poll (instant runoff, every round kept)
 *   over 1,000 ballots that each rank all 20 options, shuffled at random (a deterministic seed), so
 *   the runoff goes 17 rounds (ties at the bottom go out together); the count every phone runs on each change.
 * - `needs-you-list-1k-members`: the "needs you" list for one member of a pool of 1,000 members
 *   (100 proposals, dues, 1,000 confirmed dues entries and 200 waiting for confirmation), from
 *   the state derived after a change; what the home screen and the app badge run.
 *
 * Median of several runs after a warm-up. Run alone: `npx tsx bench/groupLife.bench.ts`.
 */
import { pathToFileURL } from "node:url";
import { countPoll, derivePool, needsYou, type PollData } from "../src/core/index.ts";
import { asDecoded, buildPool } from "./coreFixtures.ts";

type Result = { name: string; value: number; unit: "ms" };

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

/** A deterministic shuffle (mulberry32), so every run counts the same ballots. */
function shuffled(n: number, seed: number): number[] {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const xs = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [xs[i], xs[j]] = [xs[j] as number, xs[i] as number];
  }
  return xs;
}

function rankedPoll(): number {
  const poll: PollData = {
    question: "Where do we go next year?",
    options: Array.from({ length: 20 }, (_, i) => `Place ${i + 1}`),
    method: { kind: "ranked" },
  };
  const ballots = Array.from({ length: 1_000 }, (_, i) => ({ by: `m${i}`, choice: { ranking: shuffled(20, i + 1) } }));
  const check = countPoll(poll, ballots);
  const rounds = check.runoff?.rounds.length ?? 0;
  if (rounds < 15) throw new Error(`ranked poll: only ${rounds} rounds, the count measures too little`);
  return medianMs(() => countPoll(poll, ballots), 21, 5);
}

async function needsYouList(): Promise<number> {
  const fixture = await buildPool({
    members: 1_000,
    proposals: 100,
    proposalEveryHours: 6,
    votesPerProposal: 100,
    changesPerProposal: 0,
    spendEvery: 0,
    contributions: 1_000,
    reversals: 0,
    rules: { quorum: 10, dues: { amount: 1_000, every: "month" } },
  });
  const state = derivePool({
    genesisId: fixture.genesisId,
    events: asDecoded(fixture.events),
    verified: fixture.verified,
    now: fixture.now,
  });
  if (Object.keys(state.members).length !== 1_000) throw new Error("needs-you: the pool does not have 1,000 members");
  const me = state.activeMembers[500] as string;
  if (needsYou(state, me, fixture.now).length === 0) throw new Error("needs-you: nothing needs the member");
  return medianMs(() => needsYou(state, me, fixture.now), 21, 5);
}

export async function benchGroupLife(): Promise<Result[]> {
  return [
    { name: "ranked-poll-1k-ballots-20-options", value: rankedPoll(), unit: "ms" },
    { name: "needs-you-list-1k-members", value: await needsYouList(), unit: "ms" },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href)
  for (const r of await benchGroupLife()) console.log(JSON.stringify(r));
