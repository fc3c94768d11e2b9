/**
 * docs/rules.md §3 "Caps on one member's volume": one member posting 5,000 proposals (the issue's
 * attack) next to the same pool without them. Beyond 10 open proposals they are refused, so the
 * derivation stays close to the quiet pool's cost.
 *
 * - `derive-5k-proposals-one-member`: 20 members, 50 ordinary proposals with votes, plus 5,000
 *   proposals by one member, all open at once; derivePool with everything verified (ms).
 * - `derive-quiet-pool`: the same pool without the 5,000 (ms).
 * - `proposal-spam-cost`: the first over the second (ratio).
 *
 * Run alone: `npx tsx bench/volumeCaps.bench.ts`.
 */
import { pathToFileURL } from "node:url";
import { derivePool } from "../src/core/index.ts";
import { FastLog, medianMs } from "./fastLog.ts";

type Result = { name: string; value: number; unit: "ms" | "ratio" };

function pool(spam: number): FastLog {
  const log = FastLog.found("m0");
  for (let i = 1; i < 20; i++) log.addMember(`m${i}`, "m0");
  for (let p = 0; p < 50; p++) {
    const id = log.propose(`m${p % 20}`);
    for (let i = 0; i < 20; i++) log.vote(`m${i}`, id, i % 3 === 0 ? "no" : "yes");
  }
  for (let s = 0; s < spam; s++) log.propose("m7", 30 * 86_400_000);
  return log;
}

function deriveMs(log: FastLog): number {
  const verified = log.verified;
  const run = () => derivePool({ genesisId: log.genesisId, events: log.events, verified, now: log.now });
  const state = run();
  if (Object.keys(state.proposals).length > 50 + 10) throw new Error("bench: the cap did not hold");
  return medianMs(run, 7, 2);
}

export async function benchVolumeCaps(): Promise<Result[]> {
  const spam = deriveMs(pool(5000));
  const quiet = deriveMs(pool(0));
  return [
    { name: "derive-5k-proposals-one-member", value: Math.round(spam * 10) / 10, unit: "ms" },
    { name: "derive-quiet-pool", value: Math.round(quiet * 10) / 10, unit: "ms" },
    { name: "proposal-spam-cost", value: Math.round((spam / quiet) * 100) / 100, unit: "ratio" },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href)
  for (const r of await benchVolumeCaps()) console.log(JSON.stringify(r));
