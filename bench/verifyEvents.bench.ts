/**
 * How fast a device checks the signatures of a synced pool, against the floor the platform sets
 * (docs/rules.md §8: ≥ 0.8 × raw WebCrypto Ed25519, import + verify, same concurrency, same run).
 *
 * 2,000 really signed vote events of ~300 bytes from 12 members, as a device meets them when it
 * opens a pool:
 * - `verify-events`: the core's `verifyEvents` with the verifier the app would choose (WebCrypto
 *   in Node 20), fresh for each run so the members' key imports are counted; every event goes
 *   through the whole rule (the core's encoding checks, then the backend's equation).
 * - `verify-floor-webcrypto`: the same signatures through bare `crypto.subtle` (importKey +
 *   verify per event, no checks), with as many in flight as `verifyEvents` keeps
 *   (VERIFY_IN_FLIGHT). `verify-floor-webcrypto-cached-key` imports each key once: a stricter
 *   floor, shown for information.
 * - `verify-ratio`: verify-events / verify-floor-webcrypto (target ≥ 0.8).
 * - `verify-events-noble`: the fallback backend alone, one at a time, on a quarter of the events.
 *
 * Runs alternate (app, floor, floor with cached keys) so machine noise hits them alike; each
 * value is the median of the runs. Run alone: `npx tsx bench/verifyEvents.bench.ts`.
 */
import { pathToFileURL } from "node:url";
import { ed25519 } from "@noble/curves/ed25519.js";
import { VERIFY_IN_FLIGHT, verifyEvents } from "../src/core/events/verifyEvents.ts";
import {
  type AnyDecodedEvent,
  fromBase64url,
  type SignatureVerifier,
  signEvent,
  toBase64url,
} from "../src/core/index.ts";
import { chooseVerifier } from "../src/crypto/chooseVerifier.ts";
import { sha256, signerFromSecretKey } from "../src/crypto/index.ts";
import { nobleVerifier } from "../src/crypto/nobleVerifier.ts";

type Result = { name: string; value: number; unit: "ops/s" | "ratio" };

const EVENTS = 2000;
const MEMBERS = 12;
const RUNS = 7;
/** noble takes ~1.4 ms per verify: a quarter of the events keeps the run short and the rate the same. */
const NOBLE_EVENTS = 500;
const ED25519 = { name: "Ed25519" } as const;

async function makeEvents(): Promise<AnyDecodedEvent[]> {
  const signers = Array.from({ length: MEMBERS }, (_, i) => signerFromSecretKey(new Uint8Array(32).fill(i + 1)));
  const pool = "b".repeat(43);
  const events = await Promise.all(
    Array.from({ length: EVENTS }, (_, i) => {
      const signer = signers[i % MEMBERS]!;
      const proposal = toBase64url(sha256(new Uint8Array([i >> 8, i & 0xff])));
      const data = { proposal, choice: "yes" as const, reason: "x".repeat(120) };
      const at = Date.UTC(2026, 5, 1) + i * 1000;
      const by = toBase64url(signer.publicKey);
      return signEvent({ pool, type: "vote.cast", by, at, parents: [proposal], data }, signer, sha256);
    }),
  );
  return events as unknown as AnyDecodedEvent[];
}

const perSecond = (count: number, startMs: number) => count / ((performance.now() - startMs) / 1000);

async function appRun(events: readonly AnyDecodedEvent[]): Promise<number> {
  const verifier = await chooseVerifier(); // fresh: no member's key imported yet
  const start = performance.now();
  const outcome = await verifyEvents(events, verifier, () => undefined);
  const rate = perSecond(events.length, start);
  if (outcome.verified.length !== events.length) throw new Error(`${verifier.name} refused an honest signature`);
  return rate;
}

interface Raw {
  publicKey: Uint8Array<ArrayBuffer>;
  message: Uint8Array<ArrayBuffer>;
  signature: Uint8Array<ArrayBuffer>;
}

/** Bare WebCrypto with the app's window of checks in flight: each lane takes the next event. */
async function floorRun(raw: readonly Raw[], cacheKeys: boolean): Promise<number> {
  const subtle = globalThis.crypto.subtle;
  const keys = new Map<Uint8Array, CryptoKey>();
  if (cacheKeys) {
    for (const r of raw) if (!keys.has(r.publicKey)) keys.set(r.publicKey, await importKey(subtle, r.publicKey));
  }
  const start = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < raw.length) {
      const r = raw[next++]!;
      const key = keys.get(r.publicKey) ?? (await importKey(subtle, r.publicKey));
      if (!(await subtle.verify(ED25519, key, r.signature, r.message))) throw new Error("WebCrypto refused");
    }
  };
  await Promise.all(Array.from({ length: Math.min(VERIFY_IN_FLIGHT, raw.length) }, lane));
  return perSecond(raw.length, start);
}

const importKey = (subtle: SubtleCrypto, publicKey: Uint8Array<ArrayBuffer>) =>
  subtle.importKey("raw", publicKey, ED25519, false, ["verify"]);

async function oneAtATime(verifier: SignatureVerifier, raw: readonly Raw[]): Promise<number> {
  const start = performance.now();
  for (const r of raw) {
    if (!(await verifier.verify(r.publicKey, r.message, r.signature))) throw new Error(`${verifier.name} refused`);
  }
  return perSecond(raw.length, start);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

export async function benchVerify(): Promise<Result[]> {
  const events = await makeEvents();
  // One Uint8Array per member, as a caller holding decoded keys would have.
  const memberKeys = new Map<string, Uint8Array<ArrayBuffer>>();
  const raw: Raw[] = events.map((e) => {
    let publicKey = memberKeys.get(e.body.by);
    if (publicKey === undefined) {
      publicKey = fromBase64url(e.body.by) as Uint8Array<ArrayBuffer>;
      memberKeys.set(e.body.by, publicKey);
    }
    return { publicKey, message: e.bytes as Uint8Array<ArrayBuffer>, signature: e.sig as Uint8Array<ArrayBuffer> };
  });
  if (!ed25519.verify(raw[0]!.signature, raw[0]!.message, raw[0]!.publicKey)) throw new Error("bad fixture");
  // Warm-up: JIT and the encoding check's code paths.
  await appRun(events);
  await floorRun(raw, false);
  const app: number[] = [];
  const floor: number[] = [];
  const floorCached: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    app.push(await appRun(events));
    floor.push(await floorRun(raw, false));
    floorCached.push(await floorRun(raw, true));
  }
  const appRate = median(app);
  const floorRate = median(floor);
  return [
    { name: "verify-events", value: Math.round(appRate), unit: "ops/s" },
    { name: "verify-floor-webcrypto", value: Math.round(floorRate), unit: "ops/s" },
    { name: "verify-ratio", value: appRate / floorRate, unit: "ratio" },
    { name: "verify-floor-webcrypto-cached-key", value: Math.round(median(floorCached)), unit: "ops/s" },
    {
      name: "verify-events-noble",
      value: Math.round(await oneAtATime(nobleVerifier, raw.slice(0, NOBLE_EVENTS))),
      unit: "ops/s",
    },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  for (const r of await benchVerify()) console.log(JSON.stringify(r));
}
