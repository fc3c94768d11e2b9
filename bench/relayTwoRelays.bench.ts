/**
 * Relays over PostgreSQL: 100 peers hold one document, split evenly across two relay processes'
 * worth of relays (in this process) sharing one PostgreSQL database; one peer makes one change;
 * how long until all 100 have it? Half of them get it through the other relay: stored by the
 * writer's relay, announced with NOTIFY, merged by the other relay, sent on.
 *
 * The floor, in the same run and interleaved ABBA with it: 100 peers on one relay with the file
 * store (the embedded default). `relay-propagation-two-relays-ratio` = two-relays p99 / one-relay
 * p99 (target ≤ 1.5). The PostgreSQL server is a throwaway cluster (tests/helpers/postgres.ts:
 * Debian's binaries in PG_BIN), started for the run and removed after it.
 *
 * Standalone: `npx tsx bench/relayTwoRelays.bench.ts`.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type AutomergeUrl, type DocHandle, Repo } from "@automerge/automerge-repo";
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket";
import { type Relay, startRelay } from "../sync-server/relay";
import { startPostgres } from "../tests/helpers/postgres";
import { isStored } from "../tests/helpers/relayStore";
import { type BenchResult, collectGarbage, percentile, propagate, type Swarm } from "./relayPropagation.bench";

type Doc = { trial: number };

export async function benchTwoRelays({
  peers = 100,
  trials = 40,
  warmup = 5,
  gapMs = 200,
} = {}): Promise<BenchResult[]> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "pools-two-relays-bench-"));
  const pg = await startPostgres();
  const relays: Relay[] = [];
  const swarms: Swarm[] = [];
  try {
    const databaseUrl = await pg.createDatabase();
    // Every bench peer comes from 127.0.0.1: the per-address limit is raised, every other guard stays on.
    const perAddress = { maxConnectionsPerAddress: peers + 10 };
    const single = await startRelay({ dataDir: path.join(root, "single"), port: 0, ...perAddress });
    relays.push(single);
    const a = await startRelay({ dataDir: path.join(root, "a"), databaseUrl, port: 0, ...perAddress });
    relays.push(a);
    const b = await startRelay({ dataDir: path.join(root, "b"), databaseUrl, port: 0, ...perAddress });
    relays.push(b);
    const one = await makeSwarm("one-relay", [single], peers);
    swarms.push(one);
    // Peers on relay B find the document in the database: wait until relay A has stored it there.
    const two = await makeSwarm("two-relays", [a, b], peers, (id) => isStored({ dataDir: "", databaseUrl }, id));
    swarms.push(two);

    const samples: Record<string, number[]> = { "one-relay": [], "two-relays": [] };
    let trial = 0;
    for (let pair = 0; pair < warmup + trials; pair++) {
      const order = pair % 2 === 0 ? [two, one] : [one, two];
      for (const swarm of order) {
        trial++;
        // The writer alternates between the relays' halves (peers are assigned to them in turn).
        const ms = await propagate(swarm, trial, trial % peers);
        if (pair >= warmup) samples[swarm.name]?.push(ms);
        collectGarbage();
        await sleep(gapMs);
      }
    }
    if (process.env.BENCH_VERBOSE) {
      for (const [name, values] of Object.entries(samples)) {
        process.stderr.write(`${name}: ${values.map((v) => v.toFixed(0)).join(" ")}\n`);
      }
    }
    const twoP99 = percentile(samples["two-relays"] ?? [], 99);
    const oneP99 = percentile(samples["one-relay"] ?? [], 99);
    return [
      {
        name: "relay-propagation-two-relays-p50",
        value: round(percentile(samples["two-relays"] ?? [], 50)),
        unit: "ms",
      },
      { name: "relay-propagation-two-relays-p99", value: round(twoP99), unit: "ms" },
      { name: "relay-propagation-one-relay-p50", value: round(percentile(samples["one-relay"] ?? [], 50)), unit: "ms" },
      { name: "relay-propagation-one-relay-p99", value: round(oneP99), unit: "ms" },
      { name: "relay-propagation-two-relays-ratio", value: Math.round((twoP99 / oneP99) * 1000) / 1000, unit: "ratio" },
    ];
  } finally {
    for (const swarm of swarms) await swarm.close();
    for (const relay of relays) await relay.close();
    await pg.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** `n` client repos assigned to `relays` in turn, all holding the same document. */
async function makeSwarm(
  name: string,
  relays: Relay[],
  n: number,
  stored?: (documentId: string) => Promise<boolean>,
): Promise<Swarm> {
  const adapters = Array.from({ length: n }, (_, i) => new WebSocketClientAdapter(relays[i % relays.length]!.url));
  const repos = adapters.map((adapter, i) => new Repo({ network: [adapter], peerId: `${name}-bench-${i}` as never }));
  const first = repos[0]!;
  await until(() => repos.every((repo) => repo.peers.length > 0), `${name} peers to connect`);
  const created = first.create<Doc>({ trial: 0 });
  await until(() => relays[0]!.repo.handles[created.documentId]?.isReady(), `${name} relay to receive the document`);
  if (stored !== undefined) {
    const deadline = Date.now() + 60_000;
    while (!(await stored(created.documentId))) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${name} relay to store the document`);
      await sleep(20);
    }
  }
  const others = await Promise.all(repos.slice(1).map((repo) => repo.find<Doc>(created.url as AutomergeUrl)));
  const handles: DocHandle<Doc>[] = [created, ...others];
  return {
    name,
    handles,
    close: async () => {
      for (const adapter of adapters) adapter.socket?.on("error", () => {});
      await Promise.all(repos.map((repo) => repo.shutdown()));
    },
  };
}

async function until(condition: () => boolean | undefined, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

const round = (ms: number) => Math.round(ms * 100) / 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  for (const result of await benchTwoRelays()) console.log(JSON.stringify(result));
  process.exit(0);
}
