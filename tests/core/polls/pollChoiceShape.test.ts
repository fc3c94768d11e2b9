import { describe, expect, it } from "vitest";
import { isValidData } from "../../../src/core/events/validateData.ts";

/** docs/rules.md §11: a ballot's shape is checked when its event is decoded, before its poll is known. */

const proposal = "p".repeat(43);
const vote = (choice: unknown) => isValidData("vote.cast", { proposal, choice });

describe("rules §11 poll ballots: the shape checked on arrival", () => {
  it("each method's ballot shape is accepted, as are yes/no/abstain/block", () => {
    for (const choice of [
      "yes",
      "block",
      { pick: 3 },
      { picks: [0, 2] },
      { ranking: [2, 0, 1] },
      { scores: [0, 5, 3] },
      { marks: ["yes", "if-need-be", "no"] },
    ])
      expect(vote(choice)).toBe(true);
  });

  it("a ballot longer than the largest poll (21 entries), with two shapes at once, or a score of 6 is malformed", () => {
    const long = Array.from({ length: 21 }, (_, i) => i % 20);
    for (const choice of [
      { ranking: long },
      { pick: 0, picks: [0] },
      { scores: [6] },
      { marks: ["maybe"] },
      { pick: -1 },
      { pick: 1.5 },
      "maybe",
      [0, 1],
    ])
      expect(vote(choice)).toBe(false);
  });
});
