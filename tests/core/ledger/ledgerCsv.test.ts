import { describe, expect, it } from "vitest";
import { ledgerCsv, minorToDecimal } from "../../../src/core/index.ts";
import { dissolve, fund, payShare } from "../../helpers/dissolve.ts";
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

  /** Sums a CSV column the way a spreadsheet would: numbers only, text cells skipped. */
  function sumColumn(csv: string, column: string): number {
    const rows = csv
      .trimEnd()
      .split("\r\n")
      .map((l) => l.split(","));
    const i = (rows[0] as string[]).indexOf(column);
    return rows
      .slice(1)
      .map((r) => r[i] as string)
      .filter((c) => /^-?\d+(\.\d+)?$/.test(c))
      .reduce((sum, c) => sum + Math.round(Number(c) * 100), 0);
  }

  it("payouts stay numbers: no apostrophe on a signed amount, and the counted column sums to the balance", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const dues = await w.contribute("alice", "alice", 8_500);
    await w.confirm("bob", dues.id);
    const spend = await w.propose("alice", { kind: "spend", amount: 6_000, payee: "Trail Shop", purpose: "Maps" });
    await w.vote("alice", spend.id, "yes");
    await w.vote("bob", spend.id, "yes");
    await w.decide(spend.id, "alice", "bob");
    const payout = await w.add("alice", "ledger.payout", {
      spend: spend.id,
      amount: 6_000,
      payee: "Trail Shop",
      memo: "-maps",
    });
    await w.confirm("bob", payout.id);
    const s = await w.derive();
    expect(s.ledger.balance).toBe(2_500);
    const csv = ledgerCsv(s.ledger, s.members, s.currency);
    expect(csv).toContain(",-60.00,-60.00,USD,");
    expect(csv).not.toContain("'-60.00");
    expect(csv).toContain(",'-maps,");
    expect(sumColumn(csv, "counted amount")).toBe(s.ledger.balance);
  });

  it("a reversal awaiting confirmation shows the amount it will take back, and counts nothing yet", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const dues = await w.contribute("alice", "alice", 8_500);
    await w.confirm("bob", dues.id);
    const mistake = await w.contribute("bob", "bob", 6_000);
    await w.confirm("alice", mistake.id);
    await w.add("alice", "ledger.reversal", { entry: mistake.id, memo: "Typed twice" });
    const s = await w.derive();
    const csv = ledgerCsv(s.ledger, s.members, s.currency);
    const reversal = csv.split("\r\n").find((l) => l.includes(",reversal,")) as string;
    expect(reversal).toContain(",-60.00,0.00,USD,");
    expect(reversal).toContain("awaiting-confirmation");
    expect(sumColumn(csv, "counted amount")).toBe(s.ledger.balance);
    expect(s.ledger.balance).toBe(14_500);
  });

  it("rules §4 dissolve: a member's share names the member in the counterparty column, not their raw id", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    await fund(w, "alice", 900, "donation");
    const p = await dissolve(w, "equal");
    await payShare(w, p.id, "bob", 300);
    const s = await w.derive();
    const csv = ledgerCsv(s.ledger, s.members, s.currency);
    const payout = csv.split("\r\n").find((line) => line.includes(",payout,"));
    expect(payout?.split(",")[6]).toBe("Bob");
  });
});
