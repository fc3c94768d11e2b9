import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countPoll } from "../../../src/core/polls/countPoll.ts";
import type { PollBallot, PollChoice, PollData } from "../../../src/core/polls/pollTypes.ts";

const poll = (method: PollData["method"], options: string[]): PollData => ({ question: "Which?", options, method });
const ballot = (by: string, choice: PollChoice): PollBallot => ({ by, choice });

describe("rules §11 polls: choose-one and choose-many", () => {
  const where = poll({ kind: "choose-one" }, ["Pizza", "Tacos", "Ramen"]);

  it("choose-one: the option with most ballots leads (alice and carol pick tacos, bob pizza)", () => {
    const r = countPoll(where, [
      ballot("alice", { pick: 1 }),
      ballot("bob", { pick: 0 }),
      ballot("carol", { pick: 1 }),
    ]);
    expect(r.options.map((o) => o.votes)).toEqual([1, 2, 0]);
    expect(r.leaders).toEqual([1]);
  });

  it("choose-one: a tie leaves every tied option in first place, for the group to settle", () => {
    const r = countPoll(where, [ballot("alice", { pick: 2 }), ballot("bob", { pick: 0 })]);
    expect(r.leaders).toEqual([0, 2]);
  });

  it("choose-one: with no ballots nobody leads", () => {
    expect(countPoll(where, []).leaders).toEqual([]);
  });

  it("choose-many: each picked option gets one from each ballot", () => {
    const many = poll({ kind: "choose-many", max: 2 }, ["Sat", "Sun", "Mon"]);
    const r = countPoll(many, [
      ballot("alice", { picks: [0, 1] }),
      ballot("bob", { picks: [1] }),
      ballot("carol", { picks: [] }),
    ]);
    expect(r.options.map((o) => o.votes)).toEqual([1, 2, 0]);
    expect(r.ballots).toBe(3);
    expect(r.leaders).toEqual([1]);
  });
});

describe("rules §11 polls: ranked choice is an instant runoff with every round shown", () => {
  const options = ["A", "B", "C", "D"];
  const ranked = poll({ kind: "ranked" }, options);
  const rank = (by: string, ...ranking: number[]) => ballot(by, { ranking });

  it("eliminates the fewest first preferences round by round and transfers those ballots", () => {
    // First round A 3, B 2, C 2... D 1: D goes, its ballot moves to C; then B (2) goes and moves to C; C wins.
    const r = countPoll(ranked, [
      rank("a1", 0),
      rank("a2", 0),
      rank("a3", 0),
      rank("b1", 1, 2),
      rank("b2", 1, 2),
      rank("c1", 2),
      rank("c2", 2),
      rank("d1", 3, 2),
    ]);
    const rounds = r.runoff?.rounds ?? [];
    expect(rounds.map((x) => x.counts)).toEqual([
      [3, 2, 2, 1],
      [3, 2, 3, null],
      [3, null, 5, null],
    ]);
    expect(rounds.map((x) => x.eliminated)).toEqual([[3], [1], []]);
    expect(r.leaders).toEqual([2]);
  });

  it("options tied for fewest go out together when at least one option is left", () => {
    const r = countPoll(ranked, [rank("x1", 0), rank("x2", 0), rank("y", 1, 0), rank("z", 2, 3)]);
    // A 2 of 4 is no majority; D has the fewest (0) and goes alone first.
    expect(r.runoff?.rounds[0]?.eliminated).toEqual([3]);
    // Then B 1 and C 1 tie for fewest and leave together; y's ballot moves to A, z's is exhausted.
    expect(r.runoff?.rounds[1]?.eliminated).toEqual([1, 2]);
    expect(r.runoff?.rounds[2]).toMatchObject({ counts: [3, null, null, null], live: 3, exhausted: 1 });
    expect(r.leaders).toEqual([0]);
  });

  it("when every option left is tied, the later-listed one goes first, so the earlier-listed wins", () => {
    const two = poll({ kind: "ranked" }, ["Lake", "Forest"]);
    const r = countPoll(two, [ballot("alice", { ranking: [0] }), ballot("bob", { ranking: [1] })]);
    expect(r.runoff?.rounds[0]?.eliminated).toEqual([1]);
    expect(r.leaders).toEqual([0]);
  });

  it("a ballot whose ranked options are all eliminated is exhausted and stops counting", () => {
    const r = countPoll(ranked, [
      rank("a1", 0),
      rank("a2", 0),
      rank("b1", 1),
      rank("b2", 1),
      rank("c1", 2, 0),
      rank("d1", 3), // ranks only D: exhausted once D is out
    ]);
    const rounds = r.runoff?.rounds ?? [];
    expect(rounds[0]?.eliminated).toEqual([2, 3]);
    expect(rounds[1]).toMatchObject({ counts: [3, 2, null, null], live: 5, exhausted: 1 });
    expect(r.leaders).toEqual([0]);
  });
});

describe("rules §11 polls: score and meeting-time", () => {
  it("score: sums and means (in hundredths) per option; the highest sum leads", () => {
    const s = poll({ kind: "score" }, ["Hike", "Swim"]);
    const r = countPoll(s, [
      ballot("alice", { scores: [5, 2] }),
      ballot("bob", { scores: [3, 5] }),
      ballot("carol", { scores: [0, 0] }),
    ]);
    expect(r.options.map((o) => [o.scoreSum, o.meanHundredths])).toEqual([
      [8, 266],
      [7, 233],
    ]);
    expect(r.leaders).toEqual([0]);
  });

  const dates = ["2027-01-09T10:00:00Z", "2027-01-10T10:00:00Z", "2027-01-16T10:00:00Z"];
  const meeting = poll({ kind: "meeting-time" }, dates);

  it("meeting-time: most yes wins", () => {
    const r = countPoll(meeting, [
      ballot("alice", { marks: ["yes", "yes", "no"] }),
      ballot("bob", { marks: ["no", "yes", "if-need-be"] }),
    ]);
    expect(r.options.map((o) => [o.yes, o.ifNeedBe, o.no])).toEqual([
      [1, 0, 1],
      [2, 0, 0],
      [0, 1, 1],
    ]);
    expect(r.leaders).toEqual([1]);
  });

  it("meeting-time: a tie on yes goes to the date with more yes-or-if-need-be", () => {
    const r = countPoll(meeting, [
      ballot("alice", { marks: ["yes", "yes", "no"] }),
      ballot("bob", { marks: ["if-need-be", "no", "no"] }),
    ]);
    expect(r.leaders).toEqual([0]);
  });

  it("meeting-time: dates equal on both counts are all shown as tied", () => {
    const r = countPoll(meeting, [
      ballot("alice", { marks: ["yes", "if-need-be", "no"] }),
      ballot("bob", { marks: ["if-need-be", "yes", "no"] }),
    ]);
    expect(r.leaders).toEqual([0, 1]);
  });
});

describe("rules §11 polls: every phone counts the same", () => {
  const methods: PollData["method"][] = [
    { kind: "choose-one" },
    { kind: "choose-many", max: 3 },
    { kind: "ranked" },
    { kind: "score" },
    { kind: "meeting-time" },
  ];
  const choiceFor = (m: PollData["method"], n: number): fc.Arbitrary<PollChoice> => {
    const index = fc.integer({ min: 0, max: n - 1 });
    if (m.kind === "choose-one") return index.map((pick) => ({ pick }));
    if (m.kind === "choose-many") return fc.uniqueArray(index, { maxLength: m.max }).map((picks) => ({ picks }));
    if (m.kind === "ranked")
      return fc.uniqueArray(index, { minLength: 1, maxLength: n }).map((ranking) => ({ ranking }));
    if (m.kind === "score")
      return fc.array(fc.integer({ min: 0, max: 5 }), { minLength: n, maxLength: n }).map((scores) => ({ scores }));
    return fc
      .array(fc.constantFrom("yes" as const, "if-need-be" as const, "no" as const), { minLength: n, maxLength: n })
      .map((marks) => ({ marks }));
  };

  it("property: the result does not depend on the order ballots arrive in", () => {
    const scenario = fc
      .tuple(fc.constantFrom(...methods), fc.integer({ min: 2, max: 8 }))
      .chain(([method, n]) =>
        fc.tuple(
          fc.constant(method),
          fc.constant(n),
          fc.array(choiceFor(method, n), { maxLength: 30 }),
          fc.array(fc.nat(), { minLength: 30, maxLength: 30 }),
        ),
      );
    fc.assert(
      fc.property(scenario, ([method, n, choices, shuffleKeys]) => {
        const p = poll(
          method,
          Array.from({ length: n }, (_, i) => `2027-02-${10 + i}T09:00:00Z`),
        );
        const ballots = choices.map((choice, i) => ballot(`m${i}`, choice));
        const shuffled = ballots
          .map((b, i) => [shuffleKeys[i] ?? 0, i, b] as const)
          .sort((x, y) => x[0] - y[0] || x[1] - y[1])
          .map((x) => x[2]);
        expect(countPoll(p, shuffled)).toEqual(countPoll(p, ballots));
      }),
    );
  });

  it("property: a ranked winner holds a majority of live ballots in the last round, and one ballot counts once per round", () => {
    const scenario = fc
      .integer({ min: 2, max: 8 })
      .chain((n) =>
        fc.tuple(fc.constant(n), fc.array(choiceFor({ kind: "ranked" }, n), { minLength: 1, maxLength: 40 })),
      );
    fc.assert(
      fc.property(scenario, ([n, choices]) => {
        const r = countPoll(
          poll(
            { kind: "ranked" },
            Array.from({ length: n }, (_, i) => `o${i}`),
          ),
          choices.map((c, i) => ballot(`m${i}`, c)),
        );
        for (const round of r.runoff?.rounds ?? []) {
          const sum = round.counts.reduce<number>((s, c) => s + (c ?? 0), 0);
          expect(sum).toBe(round.live);
          expect(round.live + round.exhausted).toBe(choices.length);
        }
        const last = r.runoff?.rounds.at(-1);
        const winner = r.leaders[0] as number;
        const alive = last?.counts.filter((c) => c !== null).length ?? 0;
        expect((last?.counts[winner] ?? 0) * 2 > (last?.live ?? 0) || alive === 1).toBe(true);
      }),
    );
  });
});
