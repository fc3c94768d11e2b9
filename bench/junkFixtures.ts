/**
 * Junk a stranger with the document URL writes into a pool (rules §3.7), for the junk
 * benchmarks: proposals honestly signed by someone who was never a member, and random values
 * under well-formed keys. Deterministic, so every run sheds the same entries.
 */
import { type SignedEvent, signEvent, toBase64url } from "../src/core/index.ts";
import { sha256, signerFromSecretKey } from "../src/crypto/index.ts";
import { DAY, type Fixture } from "./coreFixtures.ts";

/** `n` proposals by a stranger, dated after the pool's last event, naming the genesis as parent. */
export async function strangerProposals(fixture: Fixture, n: number): Promise<SignedEvent[]> {
  const stranger = signerFromSecretKey(sha256(new TextEncoder().encode("bench-stranger")));
  const by = toBase64url(stranger.publicKey);
  const out: SignedEvent[] = [];
  for (let i = 0; i < n; i += 500) {
    const batch = Array.from({ length: Math.min(500, n - i) }, (_, j) =>
      signEvent(
        {
          pool: fixture.genesisId,
          type: "proposal.created",
          by,
          at: fixture.now + i + j,
          parents: [fixture.genesisId],
          data: { kind: "decision", title: `Junk ${i + j}`, text: "", closesAt: fixture.now + 7 * DAY },
        },
        stranger,
        sha256,
      ),
    );
    out.push(...(await Promise.all(batch)));
  }
  return out;
}

/** `n` random 200-byte values, each under a well-formed key (a random id at a recent time). */
export function randomEntries(fixture: Fixture, n: number): { at: number; id: string; value: Uint8Array }[] {
  let x = 0x9e3779b9;
  const next = () => {
    x = (x * 1103515245 + 12345) >>> 0;
    return x >>> 24;
  };
  return Array.from({ length: n }, (_, i) => {
    const id = toBase64url(Uint8Array.from({ length: 32 }, next));
    return { at: fixture.now + i, id, value: Uint8Array.from({ length: 200 }, next) };
  });
}
