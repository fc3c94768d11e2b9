import { describe, expect, it } from "vitest";
import { bylawsHash, DEFAULT_RULES, renderBylaws } from "../../../src/core/index.ts";
import { sha256 } from "../../../src/crypto/index.ts";

describe("bylaws: rendered from the pool's name, purpose and rules", () => {
  const input = { name: "Hiking Club Pool", purpose: "Tents and trips.", currency: "USD", rules: { ...DEFAULT_RULES } };

  it("names the pool and states the threshold, quorum and one person one vote", () => {
    const text = renderBylaws(input);
    expect(text).toMatch(/^# Bylaws of Hiking Club Pool/);
    expect(text).toContain("at least 50% of the yes and no votes");
    expect(text).toContain("At least 50% of the members");
    expect(text).toContain("exactly one vote");
  });

  it("a rules change changes the text and so its hash", () => {
    const before = renderBylaws(input);
    const after = renderBylaws({ ...input, rules: { ...DEFAULT_RULES, buyIn: 2_000, allowBlock: true } });
    expect(after).toContain("buy-in of 20.00 USD");
    expect(after).toContain("one block vote fails it");
    expect(bylawsHash(before, sha256)).not.toBe(bylawsHash(after, sha256));
    expect(bylawsHash(before, sha256)).toBe(bylawsHash(renderBylaws(input), sha256));
  });

  it("template 2 agrees with itself on admission and never says 'never less than 0 hours'", () => {
    const auto = renderBylaws({ ...input, rules: { ...DEFAULT_RULES, admission: "auto", minVotingHours: 0 } });
    expect(auto).not.toContain("once another member admits them");
    expect(auto).toContain("admitted automatically");
    expect(auto).not.toContain("never less than 0 hours");
    const manual = renderBylaws({ ...input, rules: { ...DEFAULT_RULES, admission: "manual", minVotingHours: 2 } });
    expect(manual).toContain("admits each newcomer by hand");
    expect(manual).toContain("never less than 2 hours");
  });

  it("template 1 renders the words members accepted then, unchanged", () => {
    const v1 = renderBylaws({ ...input, rules: { ...DEFAULT_RULES, minVotingHours: 0 } }, 1);
    expect(v1).toContain("once another member admits them");
    expect(v1).toContain("never less than 0 hours");
    expect(v1).toContain("_Template version 1._");
  });
});

describe("bylaws: amounts in the currency's own decimals", () => {
  const rules = { ...DEFAULT_RULES, buyIn: 1_000, dues: { amount: 1_500, every: "month" as const } };

  it("a ¥1,000 buy-in reads as 1000 JPY, not 10.00 JPY", () => {
    const text = renderBylaws({ name: "Tokyo Pool", purpose: "", currency: "JPY", rules, minorDigits: 0 });
    expect(text).toContain("buy-in of 1000 JPY");
    expect(text).toContain("dues of 1500 JPY every month");
    expect(text).not.toContain("10.00 JPY");
  });

  it("a currency with three decimals keeps all three (1.000 KWD)", () => {
    const text = renderBylaws({ name: "Kuwait Pool", purpose: "", currency: "KWD", rules, minorDigits: 3 });
    expect(text).toContain("buy-in of 1.000 KWD");
  });

  it("two decimals stay as every pool rendered them before (10.00 EUR), so existing hashes hold", () => {
    const withDigits = renderBylaws({ name: "P", purpose: "", currency: "EUR", rules, minorDigits: 2 });
    expect(withDigits).toContain("buy-in of 10.00 EUR");
    expect(withDigits).toBe(renderBylaws({ name: "P", purpose: "", currency: "EUR", rules }));
  });
});
