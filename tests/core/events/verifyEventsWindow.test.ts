/**
 * verifyEvents keeps a bounded window of checks in flight (VERIFY_IN_FLIGHT): a pool far larger
 * than the window must still have every event judged once, each by its own signature.
 */
import { describe, expect, it } from "vitest";
import { VERIFY_IN_FLIGHT } from "../../../src/core/events/verifyEvents.ts";
import { type AnyDecodedEvent, decodeEvent, verifyEvents } from "../../../src/core/index.ts";
import { chooseVerifier, sha256 } from "../../../src/crypto/index.ts";
import { World } from "../../helpers/world.ts";

describe("verifying a pool larger than the window of checks in flight", () => {
  it("signatures: every event is judged by its own signature; one forgery among many is the one refused", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const people = ["alice", "bob", "carol"];
    const count = VERIFY_IN_FLIGHT * 2 + 7;
    const made = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        w.make(people[i % 3]!, "ledger.contribution", {
          amount: 100 + i,
          from: { member: w.id("bob") },
          kind: "dues",
          memo: `dues ${i}`,
        }),
      ),
    );
    // Event number 100 (bob's) carries a signature by alice's key: a forgery.
    const forged = await w.make(people[100 % 3]!, "ledger.contribution", made[100]!.body.data as never, {
      signAs: "alice",
      parents: made[100]!.body.parents as never,
      at: made[100]!.body.at,
    });
    expect(forged.id).toBe(made[100]!.id);
    const decoded = made.map((e, i) => {
      const r = decodeEvent(e.id, { bytes: e.bytes, sig: i === 100 ? forged.sig : e.sig }, sha256);
      if (!r.ok) throw new Error(r.reason);
      return r.value as AnyDecodedEvent;
    });
    const outcome = await verifyEvents(decoded, await chooseVerifier(), () => undefined);
    expect(outcome.refused).toEqual([{ id: made[100]!.id, reason: "bad-signature" }]);
    expect(new Set(outcome.verified)).toEqual(new Set(made.filter((_, i) => i !== 100).map((e) => e.id)));
    expect(outcome.verified).toHaveLength(count - 1);
  });
});
