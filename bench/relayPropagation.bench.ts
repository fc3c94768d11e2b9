/**
 * Relay propagation: 100 peers hold one document; one peer makes one change; how long until all
 * 100 peers have it? Measured through our relay and, in the same run, through a minimal stock
 * automerge-repo relay (bench/relayStock.ts), trials interleaved ABBA so drift hits both alike.
 *
 * Peers are in-process Repos, each with its own stock WebSocketClientAdapter (a real socket).
 * Between trials the heap is collected and the system goes quiet for longer than automerge-repo's
 * 100 ms sync throttle, so every trial starts from the same state. With 40 trials per relay, p99
 * is close to the slowest trial: on a busy machine it moves a lot from run to run; p50 is steady.
 *
 * Standalone: `npx tsx bench/relayPropagation.bench.ts` prints one JSON line per result.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import v8 from "node:v8";
import vm from "node:vm";
import { type AutomergeUrl, type DocHandle, Repo } from "@automerge/automerge-repo";
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket";
import { createLogger } from "../sync-server/log";
import { startRelay } from "../sync-server/relay";
import { startStockRelay } from "./relayStock";

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
}

interface Options {
  peers?: number;
  /** Measured trials per relay. */
  trials?: number;
  warmup?: number;
  /** Quiet time between trials, ms. */
  gapMs?: number;
}

type Doc = { trial: number };

export interface Swarm {
  name: string;
  handles: DocHandle<Doc>[];
  close(): Promise<void>;
}

export async function benchRelayPropagation(options: Options = {}): Promise<BenchResult[]> {
  const { peers = 100, trials = 40, warmup = 5, gapMs = 200 } = options;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "pools-relay-bench-"));
  // Every guard at its default (docs/rules.md §8: "with every guard on"), except that the 100 peers
  // all come from 127.0.0.1, so the per-address connection limit is raised to let them all in.
  const ours = await startRelay({
    dataDir: path.join(root, "ours"),
    port: 0,
    maxConnectionsPerAddress: peers + 10,
    logger: process.env.BENCH_RELAY_LOG ? createLogger("debug", (l) => process.stderr.write(`${l}\n`)) : undefined,
  });
  const stock = await startStockRelay(path.join(root, "stock"));
  const swarms: Swarm[] = [];
  try {
    const oursSwarm = await makeSwarm("ours", ours.url, ours.repo, peers);
    swarms.push(oursSwarm);
    const stockSwarm = await makeSwarm("stock", stock.url, stock.repo, peers);
    swarms.push(stockSwarm);

    const samples: Record<string, number[]> = { ours: [], stock: [] };
    let trial = 0;
    for (let pair = 0; pair < warmup + trials; pair++) {
      // ABBA: ours first on even pairs, stock first on odd ones.
      const order = pair % 2 === 0 ? [oursSwarm, stockSwarm] : [stockSwarm, oursSwarm];
      for (const swarm of order) {
        trial++;
        const ms = await propagate(swarm, trial, trial % peers);
        if (pair >= warmup) samples[swarm.name]?.push(ms);
        // Collect garbage between trials, not during them (fewer GC pauses inside a measurement).
        collectGarbage();
        await sleep(gapMs);
      }
    }

    if (process.env.BENCH_VERBOSE) {
      for (const [name, values] of Object.entries(samples)) {
        process.stderr.write(`${name}: ${values.map((v) => v.toFixed(0)).join(" ")}\n`);
      }
    }
    const oursP99 = percentile(samples.ours ?? [], 99);
    const stockP99 = percentile(samples.stock ?? [], 99);
    return [
      { name: "relay-propagation-p50", value: round(percentile(samples.ours ?? [], 50)), unit: "ms" },
      { name: "relay-propagation-p99", value: round(oursP99), unit: "ms" },
      { name: "relay-propagation-stock-p50", value: round(percentile(samples.stock ?? [], 50)), unit: "ms" },
      { name: "relay-propagation-stock-p99", value: round(stockP99), unit: "ms" },
      { name: "relay-propagation-ratio", value: Math.round((oursP99 / stockP99) * 1000) / 1000, unit: "ratio" },
    ];
  } finally {
    for (const swarm of swarms) await swarm.close();
    await ours.close();
    await stock.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** `n` client repos on one relay, all holding the same document. */
async function makeSwarm(name: string, url: string, relayRepo: Repo, n: number): Promise<Swarm> {
  const adapters = Array.from({ length: n }, () => new WebSocketClientAdapter(url));
  const repos = adapters.map((adapter, i) => new Repo({ network: [adapter], peerId: `${name}-bench-${i}` as never }));
  const first = repos[0];
  if (!first) throw new Error("no peers");
  await until(() => repos.every((repo) => repo.peers.length > 0), `${name} peers to connect`);
  const created = first.create<Doc>({ trial: 0 });
  // Wait until the relay holds the document, then have everyone fetch it by id.
  await until(() => relayRepo.handles[created.documentId]?.isReady(), `${name} relay to receive the document`);
  const others = await Promise.all(repos.slice(1).map((repo) => repo.find<Doc>(created.url as AutomergeUrl)));
  return {
    name,
    handles: [created, ...others],
    close: async () => {
      for (const adapter of adapters) adapter.socket?.on("error", () => {});
      await Promise.all(repos.map((repo) => repo.shutdown()));
    },
  };
}

/** One change at `writer`; resolves with the ms until every handle shows it. */
export function propagate(swarm: Swarm, trial: number, writer: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const pending = new Set(swarm.handles);
    const listeners: Array<() => void> = [];
    const timeout = setTimeout(() => {
      cleanup();
      reject(new Error(`${swarm.name} trial ${trial}: ${pending.size} peers never got the change`));
    }, 30_000);
    const cleanup = () => {
      clearTimeout(timeout);
      for (const off of listeners) off();
    };
    let start = 0;
    for (const handle of swarm.handles) {
      const onChange = () => {
        if (handle.doc().trial !== trial || !pending.delete(handle)) return;
        if (pending.size === 0) {
          const elapsed = performance.now() - start;
          cleanup();
          resolve(elapsed);
        }
      };
      handle.on("change", onChange);
      listeners.push(() => handle.off("change", onChange));
    }
    const writerHandle = swarm.handles[writer];
    if (!writerHandle) throw new Error("no writer");
    start = performance.now();
    writerHandle.change((d) => {
      d.trial = trial;
    });
  });
}

async function until(condition: () => boolean | undefined, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** Linear interpolation between closest ranks. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return (sorted[lo] ?? 0) + ((sorted[hi] ?? 0) - (sorted[lo] ?? 0)) * (rank - lo);
}

/** A full GC if V8 allows exposing it at run time; otherwise nothing. */
export const collectGarbage: () => void = (() => {
  try {
    v8.setFlagsFromString("--expose-gc");
    return vm.runInNewContext("gc") as () => void;
  } catch {
    return () => {};
  }
})();

const round = (ms: number) => Math.round(ms * 100) / 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const results = await benchRelayPropagation();
  for (const result of results) console.log(JSON.stringify(result));
  process.exit(0);
}
