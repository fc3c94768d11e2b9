/**
 * Rules §9: an encrypted entry's plaintext is compacted before sealing (ids as raw bytes, the pool
 * id as one byte). Expanding must give back the exact signed bytes for every event, or its id
 * and signature would no longer match.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalBytes } from "../../../src/core/index.ts";
import { compactEntry, expandEntry } from "../../../src/sync/encryption/compactEntry.ts";
import { packEntry } from "../../../src/sync/schema/poolDoc.ts";
import { DAY, World } from "../../helpers/world.ts";

describe("rules §9: compact entries", () => {
  it("every event of a busy pool expands back to its exact bytes, and comes out smaller", async () => {
    const world = await World.withMembers(["alice", "bob", "carol"]);
    world.tick(DAY);
    const p = await world.propose("alice", { kind: "decision" }, { title: "Tents" });
    await world.vote("bob", p.id, "yes", { reason: "Dry" });
    await world.contribute("alice", "bob", 2500);
    for (const e of world.events.values()) {
      const packed = packEntry(e);
      const compact = compactEntry(packed, world.genesisId);
      expect(expandEntry(compact, world.genesisId)).toEqual(packed);
      if (e.id !== world.genesisId) expect(compact.length).toBeLessThan(packed.length - 40);
    }
  });

  it("any JSON body round-trips, ids or not (property)", () => {
    const pool = `${"P".repeat(42)}A`;
    const sig = new Uint8Array(64).fill(9);
    const id = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString("base64url"));
    fc.assert(
      fc.property(fc.array(fc.oneof(id, fc.string(), fc.constant(pool), fc.constant("A".repeat(43)))), (values) => {
        const body = canonicalBytes({ values, v: 1 });
        const packed = new Uint8Array(64 + body.length);
        packed.set(sig);
        packed.set(body, 64);
        expect(expandEntry(compactEntry(packed, pool), pool)).toEqual(packed);
      }),
    );
  });

  it("a truncated compact form is refused, not read past its end", () => {
    const bad = new Uint8Array(70);
    bad[69] = 0x01;
    expect(expandEntry(bad, "x".repeat(43))).toBe("truncated id");
  });
});
