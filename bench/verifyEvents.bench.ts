/**
 * How fast a device checks the signatures of a synced pool: ~2,000 events of ~300 bytes from a
 * handful of members, verified one after another as the loader does, each through the full
 * rule (encoding check + backend). `verify-events` uses the verifier the app would choose
 * (WebCrypto in Node 20; target ≥ 3,000/s); `verify-events-noble` is the fallback alone.
 */
import { ed25519 } from "@noble/curves/ed25519.js";
import type { SignatureVerifier } from "../src/core/identity/cryptoPorts.ts";
import { chooseVerifier } from "../src/crypto/chooseVerifier.ts";
import { nobleVerifier } from "../src/crypto/nobleVerifier.ts";

interface Signed {
  publicKey: Uint8Array;
  message: Uint8Array;
  signature: Uint8Array;
}

const EVENTS = 2000;
const MEMBERS = 12;
/** noble takes ~1.4 ms per verify: a quarter of the events keeps the run short and the rate the same. */
const NOBLE_EVENTS = 500;

function makeEvents(): Signed[] {
  const members = Array.from({ length: MEMBERS }, (_, i) => {
    const secretKey = new Uint8Array(32).fill(i + 1);
    return { secretKey, publicKey: ed25519.getPublicKey(secretKey) };
  });
  const encoder = new TextEncoder();
  return Array.from({ length: EVENTS }, (_, i) => {
    const member = members[i % MEMBERS]!;
    // Shaped like a canonical vote body, padded to ~300 bytes.
    const body = `{"at":${1_700_000_000_000 + i},"by":"member-${i % MEMBERS}","data":{"choice":"yes","proposal":"p${i}","reason":"${"x".repeat(120)}"},"parents":["${"a".repeat(43)}"],"pool":"${"b".repeat(43)}","type":"vote.cast","v":1}`;
    const message = encoder.encode(body);
    return { publicKey: member.publicKey, message, signature: ed25519.sign(message, member.secretKey) };
  });
}

async function verificationsPerSecond(verifier: SignatureVerifier, events: Signed[]): Promise<number> {
  // Warm-up: JIT, key import caches and the encoding check's code paths.
  for (const e of events.slice(0, 50)) await verifier.verify(e.publicKey, e.message, e.signature);
  const start = performance.now();
  for (const e of events) {
    if (!(await verifier.verify(e.publicKey, e.message, e.signature))) {
      throw new Error(`${verifier.name} refused an honest signature`);
    }
  }
  return Math.round(events.length / ((performance.now() - start) / 1000));
}

export async function benchVerify(): Promise<{ name: string; value: number; unit: string }[]> {
  const events = makeEvents();
  const chosen = await chooseVerifier();
  return [
    { name: "verify-events", value: await verificationsPerSecond(chosen, events), unit: "ops/s" },
    {
      name: "verify-events-noble",
      value: await verificationsPerSecond(nobleVerifier, events.slice(0, NOBLE_EVENTS)),
      unit: "ops/s",
    },
  ];
}
