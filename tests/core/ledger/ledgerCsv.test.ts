import { describe, expect, it } from "vitest";
import { ledgerCsv, minorToDecimal } from "../../../src/core/index.ts";
import { World } from "../../helpers/world.ts";

describe("ledger export: CSV of all entries", () => {
  it("minor units become exact decimals, negative too", () => {
    expect(minorToDecimal(34_000, 2)).toBe("340.00");
    expect(minorToDecimal(-5, 2)).toBe("-0.05");
    expect(minorToDecimal(7, 0)).toBe("7");
  });

  it("every entry appears with its status, and a memo that looks like a formula is defused", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const dues = await w.contribute("alice", "alice", 2_500);
    await w.confirm("bob", dues.id);
    await w.add("bob", "ledger.contribution", {
      amount: 100,
      from: { outsider: "Bake sale" },
      kind: "donation",
      memo: '=HYPERLINK("x")',
    });
    const s = await w.derive();
    const csv = ledgerCsv(s.ledger, s.members, s.currency);
    const lines = csv.trimEnd().split("\r\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain("amount");
    expect(lines[1]).toContain("25.00");
    expect(lines[1]).toContain("confirmed");
    expect(lines[2]).toContain("awaiting-confirmation");
    expect(lines[2]).toContain("Bake sale");
    expect(lines[2]).toContain(`"'=HYPERLINK(""x"")"`);
  });
});
