/**
 * docs/rules.md "Proposals", `dissolve`: whatever the contributions and the split, what the
 * dissolution owes (refunds plus shares) adds up to the balance, to the cent, before and after
 * some of it is paid out.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dissolve, fund, owedTotal, payShare, refund } from "../../helpers/dissolve.ts";
import { World } from "../../helpers/world.ts";

const NAMES = ["alice", "bob", "carol"] as const;
const amount = fc.oneof(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 100_000 }));
const scenario = fc.record({
  buyIn: fc.integer({ min: 0, max: 5000 }),
  dues: fc.array(fc.tuple(fc.constantFrom(...NAMES), amount), { maxLength: 4 }),
  split: fc.constantFrom<"equal" | "contributed" | { payee: string }>("equal", "contributed", { payee: "Charity" }),
  /** Which recipients get paid part of what they are owed afterwards, and which fraction (in %). */
  pay: fc.array(fc.tuple(fc.constantFrom(...NAMES), fc.integer({ min: 0, max: 100 })), { maxLength: 3 }),
});

describe("dissolve (property)", () => {
  it("rules §4 dissolve: the refunds and shares owed always sum to the balance", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ buyIn, dues, split, pay }) => {
        const w = await World.withMembers([...NAMES], { buyIn });
        if (buyIn > 0) for (const name of NAMES) await fund(w, name, buyIn, "buy-in");
        for (const [name, cents] of dues) await fund(w, name, cents, "dues");
        const p = await dissolve(w, split);
        let s = await w.derive();
        expect(s.dissolution).toBeDefined();
        expect(owedTotal(s)).toBe(s.ledger.balance);
        for (const [name, percent] of pay) {
          const r = s.dissolution?.refunds.find((x) => x.member === w.id(name));
          if (r && r.owed > 0)
            await refund(w, name, r.owed, name === "alice" ? "bob" : "alice", name === "carol" ? "bob" : "carol");
          const row =
            typeof split === "object"
              ? s.dissolution?.shares[0]
              : s.dissolution?.shares.find((x) => x.member === w.id(name));
          const part = Math.floor(((row?.owed ?? 0) * percent) / 100);
          if (part > 0)
            await payShare(
              w,
              p.id,
              typeof split === "object" ? split : name,
              part,
              name === "alice" ? "bob" : "alice",
              name === "carol" ? "bob" : "carol",
            );
          s = await w.derive();
          expect(s.ledger.entries.every((e) => e.notAuthorised === undefined)).toBe(true);
          expect(owedTotal(s)).toBe(s.ledger.balance);
        }
      }),
      { numRuns: 12 },
    );
  });
});
