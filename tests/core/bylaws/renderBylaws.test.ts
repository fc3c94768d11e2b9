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
