import { describe, expect, it } from "vitest";
import type { PollMethod, ProposalSpec, SignedEvent } from "../../../src/core/index.ts";
import { closesAtOf, DAY, HOUR, World } from "../../helpers/world.ts";

/** docs/rules.md §11 "Polls": a poll is a proposal counted by its method. */

const SIX = ["alice", "bob", "carol", "dave", "erin", "frank"];

function pollSpec(method: PollMethod, options: string[], question = "Where do we go?"): ProposalSpec {
  return { kind: "poll", question, options, method };
}

async function poll(w: World, method: PollMethod, options: string[]): Promise<SignedEvent> {
  return w.propose("alice", pollSpec(method, options), { closesIn: 2 * DAY, title: "A poll" });
}

describe("rules §11 polls: ranked choice in a pool", () => {
  it("ranked: over four rounds D (no first preferences) goes, C transfers to B, the A–B tie removes the later-listed B, and B's ballots that rank nothing else are exhausted", async () => {
    const w = await World.withMembers(SIX);
    const p = await poll(w, { kind: "ranked" }, ["A", "B", "C", "D"]);
    await w.vote("alice", p.id, { ranking: [0] });
    await w.vote("bob", p.id, { ranking: [0, 3] });
    await w.vote("carol", p.id, { ranking: [0] });
    await w.vote("dave", p.id, { ranking: [1, 2] });
    await w.vote("erin", p.id, { ranking: [1] });
    await w.vote("frank", p.id, { ranking: [2, 1] });
    const s = await w.derive();
    const r = s.proposals[p.id]?.poll;
    expect(r?.runoff?.rounds.map((x) => x.counts)).toEqual([
      [3, 2, 1, 0],
      [3, 2, 1, null],
      [3, 3, null, null],
      [3, null, null, null],
    ]);
    expect(r?.runoff?.rounds.map((x) => x.eliminated)).toEqual([[3], [2], [1], []]);
    expect(r?.runoff?.rounds.at(-1)).toMatchObject({ live: 3, exhausted: 3 });
    expect(r?.leaders).toEqual([0]);
  });

  it("ranked: options tied for fewest go out together when one is left (C and D), and a ballot ranking only them is exhausted", async () => {
    const w = await World.withMembers(SIX);
    const p = await poll(w, { kind: "ranked" }, ["A", "B", "C", "D"]);
    await w.vote("alice", p.id, { ranking: [0] });
    await w.vote("bob", p.id, { ranking: [0] });
    await w.vote("carol", p.id, { ranking: [1, 2] });
    await w.vote("dave", p.id, { ranking: [1] });
    await w.vote("erin", p.id, { ranking: [2, 1] });
    await w.vote("frank", p.id, { ranking: [3, 2] });
    const s = await w.derive();
    const rounds = s.proposals[p.id]?.poll?.runoff?.rounds;
    expect(rounds?.[0]).toMatchObject({ counts: [2, 2, 1, 1], eliminated: [2, 3] });
    expect(rounds?.[1]).toMatchObject({ counts: [2, 3, null, null], live: 5, exhausted: 1, eliminated: [] });
    expect(s.proposals[p.id]?.poll?.leaders).toEqual([1]);
  });
});

describe("rules §11 polls: meeting-time", () => {
  it("meeting-time: with yes tied, the date with more yes-or-if-need-be wins", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const p = await poll(w, { kind: "meeting-time" }, ["2026-02-07T18:00:00Z", "2026-02-08T18:00:00Z"]);
    await w.vote("alice", p.id, { marks: ["yes", "yes"] });
    await w.vote("bob", p.id, { marks: ["yes", "if-need-be"] });
    await w.vote("carol", p.id, { marks: ["no", "yes"] });
    const r = (await w.derive()).proposals[p.id]?.poll;
    expect(r?.options.map((o) => [o.yes, o.ifNeedBe, o.no])).toEqual([
      [2, 0, 1],
      [2, 1, 0],
    ]);
    expect(r?.leaders).toEqual([1]);
  });

  it("meeting-time: equal yes and equal if-need-be leave both dates tied in first place", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const p = await poll(w, { kind: "meeting-time" }, ["2026-02-07T18:00:00Z", "2026-02-08T18:00:00Z"]);
    await w.vote("alice", p.id, { marks: ["yes", "if-need-be"] });
    await w.vote("bob", p.id, { marks: ["if-need-be", "yes"] });
    expect((await w.derive()).proposals[p.id]?.poll?.leaders).toEqual([0, 1]);
  });
});

describe("rules §11 polls: ballots", () => {
  it("rules §11 bad-ballot: a ballot shaped for another method (a pick on a ranked poll) is refused", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const p = await poll(w, { kind: "ranked" }, ["A", "B", "C"]);
    const wrong = await w.vote("bob", p.id, { pick: 0 });
    const s = await w.derive();
    expect(World.refusal(s, wrong.id)).toBe("bad-ballot");
    expect(s.proposals[p.id]?.poll?.ballots).toBe(0);
  });

  it("rules §11 bad-ballot: yes on a poll, a ranking on a decision, and an option that does not exist are refused", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const p = await poll(w, { kind: "choose-one" }, ["A", "B"]);
    const d = await w.propose("alice", { kind: "decision" });
    const yes = await w.vote("bob", p.id, "yes");
    const ranking = await w.vote("bob", d.id, { ranking: [0] });
    const third = await w.vote("carol", p.id, { pick: 2 });
    const s = await w.derive();
    expect([yes, ranking, third].map((e) => World.refusal(s, e.id))).toEqual([
      "bad-ballot",
      "bad-ballot",
      "bad-ballot",
    ]);
  });

  it("rules §11: one ballot per person, the last before the close counts", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const p = await poll(w, { kind: "choose-one" }, ["Pizza", "Tacos"]);
    await w.vote("bob", p.id, { pick: 0 });
    await w.vote("bob", p.id, { pick: 1 });
    await w.vote("alice", p.id, { pick: 0 });
    const s = await w.derive();
    expect(s.proposals[p.id]?.poll?.options.map((o) => o.votes)).toEqual([1, 1]);
    expect(s.proposals[p.id]?.tally).toMatchObject({ ballots: 2, yes: 0, passed: true });
  });

  it("rules §11: quorum applies to a poll (1 ballot of 3 under 50%) and there is no threshold", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const p = await poll(w, { kind: "score" }, ["A", "B"]);
    await w.vote("bob", p.id, { scores: [0, 1] });
    let s = await w.derive();
    expect(s.proposals[p.id]?.tally).toMatchObject({ passed: false, failReason: "no-quorum" });
    expect(s.proposals[p.id]?.needed).toEqual({ forQuorum: 1, yesToPass: 0 });
    await w.vote("carol", p.id, { scores: [0, 0] });
    s = await w.derive();
    expect(s.proposals[p.id]?.tally).toMatchObject({ passed: true, ballots: 2 });
    expect(s.proposals[p.id]?.poll?.options.map((o) => o.scoreSum)).toEqual([0, 1]);
  });

  it("rules §11: a poll with bad data (one option) is refused as a whole", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const p = await w.propose("alice", pollSpec({ kind: "choose-one" }, ["Only"]));
    const s = await w.derive();
    expect(s.proposals[p.id]).toBeUndefined();
  });
});

describe("rules §11 polls are sealed and confirmed like any proposal", () => {
  it("seal: the confirmed seal's ballots are the poll's result, and a later ballot changes nothing", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const p = await poll(w, { kind: "choose-one" }, ["Pizza", "Tacos"]);
    await w.vote("alice", p.id, { pick: 1 });
    await w.vote("bob", p.id, { pick: 1 });
    const { seal } = await w.decide(p.id, "alice", "bob");
    const late = await w.vote("carol", p.id, { pick: 0 });
    const s = await w.derive();
    expect(World.refusal(s, late.id)).toBeUndefined();
    expect(s.proposals[p.id]?.status).toBe("decided");
    expect(s.proposals[p.id]?.seals[0]).toMatchObject({ id: seal.id, confirmed: true });
    expect(s.proposals[p.id]?.poll?.options.map((o) => o.votes)).toEqual([0, 2]);
    expect(s.proposals[p.id]?.decided?.tally).toMatchObject({ ballots: 2, passed: true });
  });

  it("restore: carol's ballot left out of the confirmed seal is restored and joins the poll's result", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const p = await poll(w, { kind: "choose-one" }, ["Pizza", "Tacos"]);
    const a = await w.vote("alice", p.id, { pick: 1 });
    const b = await w.vote("bob", p.id, { pick: 1 });
    const c = await w.vote("carol", p.id, { pick: 0 });
    w.now = closesAtOf(p);
    const seal = await w.add(
      "alice",
      "proposal.sealed",
      { proposal: p.id, votes: [a.id, b.id].sort() },
      { parents: [a.id, b.id].sort() },
    );
    w.tick(DAY + HOUR);
    const confirmation = await w.add("bob", "proposal.seal-confirmed", { seal: seal.id }, { parents: [seal.id] });
    let s = await w.derive();
    expect(s.proposals[p.id]?.poll?.options.map((o) => o.votes)).toEqual([0, 2]);
    const r = await w.add(
      "carol",
      "proposal.vote-restored",
      { proposal: p.id, vote: c.id },
      { parents: [confirmation.id, c.id].sort() },
    );
    s = await w.derive();
    expect(World.refusal(s, r.id)).toBeUndefined();
    expect(s.proposals[p.id]?.poll?.options.map((o) => o.votes)).toEqual([1, 2]);
  });
});
