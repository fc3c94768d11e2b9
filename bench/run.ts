export {};

/**
 * `npm run bench`: runs every benchmark and prints one JSON object per line:
 * {"name": "...", "value": <number>, "unit": "ms" | "ops/s" | "bytes" | "kB" | "ratio"}.
 * Speed is measured here, never asserted in tests. Targets: docs/rules.md §8, results: docs/benchmarks.md.
 * `npm run bench -- core relay` runs only the named groups.
 */
type Result = { name: string; value: number; unit: string };
type Group = { name: string; run: () => Promise<Result[]> };

const groups: Group[] = [
  { name: "verify", run: async () => (await import("./verifyEvents.bench.ts")).benchVerify() },
  { name: "core", run: async () => (await import("./coreDerive.bench.ts")).benchCore() },
  { name: "incremental", run: async () => (await import("./incremental.bench.ts")).benchIncrementalGroup() },
  { name: "rounds-floods", run: async () => (await import("./roundsAndFloods.bench.ts")).benchRoundsAndFloods() },
  { name: "sync", run: async () => (await import("./syncOpen.bench.ts")).benchSync() },
  { name: "relay", run: async () => (await import("./relayPropagation.bench.ts")).benchRelayPropagation() },
  { name: "relay-abuse", run: async () => (await import("./relayAbuse.bench.ts")).benchRelayAbuse() },
  { name: "caps", run: async () => (await import("./volumeCaps.bench.ts")).benchVolumeCaps() },
  { name: "group-life", run: async () => (await import("./groupLife.bench.ts")).benchGroupLife() },
  { name: "relay-postgres", run: async () => (await import("./relayTwoRelays.bench.ts")).benchTwoRelays() },
  { name: "app", run: async () => (await import("./app.bench.ts")).benchApp() },
];

const wanted = process.argv.slice(2);
let failures = 0;
for (const group of groups) {
  if (wanted.length > 0 && !wanted.includes(group.name)) continue;
  try {
    for (const r of await group.run()) {
      const value = Number.isInteger(r.value) ? r.value : Number(r.value.toFixed(3));
      console.log(JSON.stringify({ name: r.name, value, unit: r.unit }));
    }
  } catch (error) {
    failures++;
    console.error(`bench group "${group.name}" failed:`, error);
  }
}
process.exit(failures === 0 ? 0 : 1);
