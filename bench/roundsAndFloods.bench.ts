import { deriveFlood, derivePool, type EventId, type PoolState } from "../src/core/index.ts";
import { FastLog, medianMs } from "./fastLog.ts";

const DAY = 86_400_000;

/** `round-close-200-members-50-buckets`: deriving a pool whose round of 200 members and 50 buckets closes. */
function roundClose(): number {
  const names = Array.from({ length: 200 }, (_, i) => `m${i}`);
  const log = FastLog.found("m0", { minVotingHours: 0, sealAfterHours: 0 });
  for (const n of names.slice(1)) log.addMember(n, "m0");
  const gift = log.add("m0", "ledger.contribution", {
    amount: 10_000_000,
    from: { outsider: "Grant" },
    kind: "donation",
    memo: "",
  });
  log.add("m1", "ledger.confirmed", { entry: gift });
  const at = log.now;
  const round = log.propose("m0", DAY, {
    kind: "round",
    amount: 2_000_000,
    roundClosesAt: at + 10 * DAY,
    bucketDeadline: at + 5 * DAY,
  } as never);
  const votes = names.map((n) => log.vote(n, round));
  const sealed = log.add("m0", "proposal.sealed", { proposal: round, votes: [...votes].sort() });
  log.add("m1", "proposal.seal-confirmed", { seal: sealed });
  const buckets = Array.from({ length: 50 }, (_, i) =>
    log.add(`m${i}`, "bucket.proposed", {
      round,
      title: `Bucket ${i}`,
      description: "",
      payee: `Payee ${i}`,
      minimum: 20_000 + i * 1_000,
    }),
  );
  const allocations: EventId[] = [];
  for (const [i, n] of names.entries())
    for (let k = 0; k < 3; k++)
      allocations.push(log.add(n, "bucket.allocated", { bucket: buckets[(i + k * 7) % 50] as EventId, amount: 3_000 }));
  log.now = at + 10 * DAY + 1;
  const seal = log.add("m2", "round.sealed", { round, allocations: allocations.sort() });
  log.add("m3", "round.seal-confirmed", { seal });
  const verified = log.verified;
  const run = () => derivePool({ genesisId: log.genesisId, events: log.events, verified, now: log.now });
  const decided = run().rounds[round]?.decided;
  if (!decided || decided.funded.length === 0)
    throw new Error("round bench: the round did not close with funded buckets");
  return medianMs(run, 5);
}

/** `flood-tally-10-pools-2k-people`: 10 pools, 2,000 people, 30% of them in a second pool. */
function floodTally(): { flood: number; withPools: number } {
  const people = Array.from({ length: 2_000 }, (_, i) => `p${i}`);
  const pools: FastLog[] = [];
  const rosters: string[][] = [];
  for (let k = 0; k < 10; k++) {
    // 200 people of its own, plus 60 from the next pool's: 600 of 2,000 people (30%) are in two pools
    const own = people.filter((_, i) => i % 10 === k);
    const shared = people.filter((_, i) => i % 10 === (k + 1) % 10).slice(0, 60);
    const members = [...own, ...shared];
    const log = FastLog.found(
      members[0] as string,
      { minVotingHours: 0, sealAfterHours: 0, quorum: 0 },
      "pool.created",
      `Pool ${k}`,
    );
    for (const m of members.slice(1)) log.addMember(m, members[0] as string);
    pools.push(log);
    rosters.push(members);
  }
  const flood = FastLog.found("p0", { minVotingHours: 0, sealAfterHours: 0 }, "flood.created", "Bench Flood");
  flood.now = Math.max(...pools.map((p) => p.now));
  const states = new Map<EventId, PoolState>();
  for (const [k, pool] of pools.entries()) {
    const [founder, second] = rosters[k] as [string, string];
    const join = pool.propose(founder, DAY, {
      kind: "flood.join",
      flood: flood.genesisId,
      floodDoc: "4abcdefghijkmnopqrstuvwx",
      amount: 1_000,
    } as never);
    const v = pool.vote(founder, join);
    pool.now += DAY + 1; // after the close (not everyone voted, quorum 0)
    const seal = pool.add(founder, "proposal.sealed", { proposal: join, votes: [v] });
    pool.add(second, "proposal.seal-confirmed", { seal });
    flood.now = Math.max(flood.now, pool.now);
    flood.add(founder, "flood.pool-joined", {
      pool: pool.genesisId,
      poolDoc: "4abcdefghijkmnopqrstuvwx",
      proposal: join,
    });
  }
  for (const pool of pools)
    states.set(
      pool.genesisId,
      derivePool({ genesisId: pool.genesisId, events: pool.events, verified: pool.verified, now: flood.now + DAY }),
    );
  for (let q = 0; q < 20; q++) {
    const p = flood.propose(`p${q}`, 3 * DAY);
    for (let i = q; i < people.length; i += 4) flood.vote(`p${i}`, p);
  }
  const verified = flood.verified;
  const run = () =>
    deriveFlood({ genesisId: flood.genesisId, events: flood.events, verified, now: flood.now, pools: states });
  const state = run();
  if (state.pools.length !== 10)
    throw new Error(
      `flood bench: expected 10 pools, got ${state.pools.length}: ${JSON.stringify(state.audit.slice(0, 3))}`,
    );
  const floodMs = medianMs(run, 5);
  const withPools = medianMs(
    () => {
      const fresh = new Map<EventId, PoolState>();
      for (const pool of pools)
        fresh.set(
          pool.genesisId,
          derivePool({ genesisId: pool.genesisId, events: pool.events, verified: pool.verified, now: flood.now }),
        );
      deriveFlood({ genesisId: flood.genesisId, events: flood.events, verified, now: flood.now, pools: fresh });
    },
    3,
    1,
  );
  return { flood: floodMs, withPools };
}

export async function benchRoundsAndFloods() {
  const flood = floodTally();
  return [
    { name: "round-close-200-members-50-buckets", value: roundClose(), unit: "ms" },
    { name: "flood-tally-10-pools-2k-people", value: flood.flood, unit: "ms" },
    { name: "flood-tally-10-pools-2k-people-with-pools", value: flood.withPools, unit: "ms" },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`)
  for (const r of await benchRoundsAndFloods()) console.log(JSON.stringify(r));
