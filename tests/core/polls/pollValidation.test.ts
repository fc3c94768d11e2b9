import { describe, expect, it } from "vitest";
import { canonicalBytes } from "../../../src/core/encoding/canonical.ts";
import type { PollData } from "../../../src/core/polls/pollTypes.ts";
import { validatePollChoice, validatePollData } from "../../../src/core/polls/validatePoll.ts";

const twenty = Array.from({ length: 20 }, (_, i) => `2027-03-${String(i + 1).padStart(2, "0")}T18:30:00.000Z`);

describe("rules §11 polls: what a poll and a ballot may hold", () => {
  it("a poll has a question and 2–20 distinct options of at most 100 characters", () => {
    const good = { question: "Where?", options: ["Lake", "Hill"], method: { kind: "choose-one" } };
    expect(validatePollData(good).ok).toBe(true);
    expect(validatePollData({ ...good, options: ["Lake"] })).toMatchObject({ ok: false, reason: "bad-poll" });
    expect(validatePollData({ ...good, options: [...twenty, "one more"] }).ok).toBe(false);
    expect(validatePollData({ ...good, options: ["Lake", "x".repeat(101)] }).ok).toBe(false);
    expect(validatePollData({ ...good, options: ["Lake", "Lake"] }).ok).toBe(false);
    expect(validatePollData({ ...good, method: { kind: "weighted" } }).ok).toBe(false);
    expect(validatePollData({ ...good, extra: 1 }).ok).toBe(false);
  });

  it("choose-many names a max between 1 and the number of options", () => {
    const p = (max: unknown) => ({
      question: "Which days?",
      options: ["Sat", "Sun"],
      method: { kind: "choose-many", max },
    });
    expect(validatePollData(p(2)).ok).toBe(true);
    expect(validatePollData(p(0)).ok).toBe(false);
    expect(validatePollData(p(3)).ok).toBe(false);
    expect(validatePollData(p("2")).ok).toBe(false);
  });

  it("meeting-time options are date-times", () => {
    const m = (options: string[]) => ({ question: "When?", options, method: { kind: "meeting-time" } });
    expect(validatePollData(m(twenty.slice(0, 3))).ok).toBe(true);
    expect(validatePollData(m(["next Saturday", "Sunday"])).ok).toBe(false);
  });

  it("a ballot takes the one shape of its poll's method, in range", () => {
    const poll = (method: PollData["method"]): PollData => ({ question: "?", options: ["a", "b", "c"], method });
    expect(validatePollChoice(poll({ kind: "choose-one" }), { pick: 2 }).ok).toBe(true);
    expect(validatePollChoice(poll({ kind: "choose-one" }), { pick: 3 })).toMatchObject({
      ok: false,
      reason: "bad-ballot",
    });
    expect(validatePollChoice(poll({ kind: "choose-one" }), "yes").ok).toBe(false);
    expect(validatePollChoice(poll({ kind: "choose-many", max: 2 }), { picks: [0, 2] }).ok).toBe(true);
    expect(validatePollChoice(poll({ kind: "choose-many", max: 2 }), { picks: [0, 1, 2] }).ok).toBe(false);
    expect(validatePollChoice(poll({ kind: "choose-many", max: 2 }), { picks: [1, 1] }).ok).toBe(false);
    expect(validatePollChoice(poll({ kind: "ranked" }), { ranking: [2, 0] }).ok).toBe(true);
    expect(validatePollChoice(poll({ kind: "ranked" }), { ranking: [] }).ok).toBe(false);
    expect(validatePollChoice(poll({ kind: "ranked" }), { pick: 0 }).ok).toBe(false);
    expect(validatePollChoice(poll({ kind: "score" }), { scores: [0, 5, 3] }).ok).toBe(true);
    expect(validatePollChoice(poll({ kind: "score" }), { scores: [0, 6, 3] }).ok).toBe(false);
    expect(validatePollChoice(poll({ kind: "score" }), { scores: [0, 5] }).ok).toBe(false);
    expect(validatePollChoice(poll({ kind: "meeting-time" }), { marks: ["yes", "if-need-be", "no"] }).ok).toBe(true);
    expect(validatePollChoice(poll({ kind: "meeting-time" }), { marks: ["yes", "maybe", "no"] }).ok).toBe(false);
  });

  it("the largest possible ballot body stays under 1 KiB, so it fits one QR code", () => {
    const proposalId = "p".repeat(43);
    const member = "m".repeat(43);
    const pool = "g".repeat(43);
    const largest = [
      { ranking: Array.from({ length: 20 }, (_, i) => 19 - i) },
      { scores: new Array(20).fill(5) },
      { marks: new Array(20).fill("if-need-be") },
      { picks: Array.from({ length: 20 }, (_, i) => i) },
    ];
    for (const choice of largest) {
      const body = {
        v: 1,
        pool,
        type: "vote.cast",
        by: member,
        at: 9_007_199_254_740_991,
        parents: [proposalId],
        data: { proposal: proposalId, choice, reason: "r".repeat(200) },
      };
      expect(canonicalBytes(body).length).toBeLessThan(1024);
    }
  });
});
