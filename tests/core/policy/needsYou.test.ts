import { describe, expect, it } from "vitest";
import { needsYou, type PoolState } from "../../../src/core/index.ts";
import { closesAtOf, DAY, HOUR, World } from "../../helpers/world.ts";

/** docs/rules.md §11 "Reminders": the "needs you" list for the person on this phone. */

const kinds = (s: PoolState, w: World, name: string, now = w.now) => needsYou(s, w.id(name), now).map((n) => n.kind);

describe("rules §11 needs you", () => {
  it("needs you: bob's vote on an open proposal, with its close as the deadline, gone once he votes", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const p = await w.propose("alice", { kind: "decision" }, { title: "New tent" });
    let s = await w.derive();
    expect(needsYou(s, w.id("bob"), w.now)).toEqual([
      { kind: "vote", proposal: p.id, title: "New tent", deadline: closesAtOf(p) },
    ]);
    await w.vote("bob", p.id, "yes");
    s = await w.derive();
    expect(kinds(s, w, "bob")).toEqual([]);
  });

  it("needs you: an entry to confirm shows to bob, not to alice who wrote it nor to carol whom it names", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const entry = await w.contribute("alice", "carol", 2500, "donation");
    const s = await w.derive();
    expect(needsYou(s, w.id("bob"), w.now)).toMatchObject([{ kind: "confirm-entry", entry: entry.id }]);
    expect(kinds(s, w, "alice")).toEqual([]);
    expect(kinds(s, w, "carol")).toEqual([]);
  });

  it("needs you: under manual admission a join waits for a member other than the inviter", async () => {
    const w = await World.withMembers(["alice", "bob"], { admission: "manual" });
    const invite = await w.invite("alice");
    const join = await w.join("dave", invite.id);
    const s = await w.derive();
    expect(needsYou(s, w.id("bob"), w.now)).toMatchObject([
      { kind: "admit", join: join.id, title: s.pendingJoins[0]?.name },
    ]);
    expect(kinds(s, w, "alice")).toEqual([]);
  });

  it("needs you: a closed proposal needs a seal from its electors; once sealed, another elector confirms it after the wait", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const p = await w.propose("alice", { kind: "decision" }, { closesIn: 2 * DAY });
    await w.vote("alice", p.id, "yes");
    await w.vote("bob", p.id, "yes");
    w.now = closesAtOf(p);
    let s = await w.derive();
    expect(kinds(s, w, "bob")).toEqual(["seal"]);
    const view = s.proposals[p.id];
    const seal = await w.add("alice", "proposal.sealed", {
      proposal: p.id,
      votes: Object.values(view?.votes ?? {})
        .map((v) => v.vote)
        .sort(),
    });
    w.tick(DAY + HOUR);
    s = await w.derive();
    expect(needsYou(s, w.id("bob"), w.now)).toMatchObject([{ kind: "confirm-seal", proposal: p.id, seal: seal.id }]);
    expect(kinds(s, w, "alice")).toEqual([]);
  });

  it("needs you: a voter left out of a confirmed seal is asked to restore their vote before the window ends", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const p = await w.propose("alice", { kind: "decision" }, { closesIn: 2 * DAY });
    const a = await w.vote("alice", p.id, "yes");
    const b = await w.vote("bob", p.id, "yes");
    await w.vote("carol", p.id, "no");
    w.now = closesAtOf(p);
    const seal = await w.add(
      "alice",
      "proposal.sealed",
      { proposal: p.id, votes: [a.id, b.id].sort() },
      { parents: [a.id, b.id].sort() },
    );
    w.tick(DAY + HOUR);
    const confirmation = await w.add("bob", "proposal.seal-confirmed", { seal: seal.id }, { parents: [seal.id] });
    const s = await w.derive();
    expect(needsYou(s, w.id("carol"), w.now)).toMatchObject([
      { kind: "restore-vote", proposal: p.id, deadline: confirmation.body.at + 72 * HOUR },
    ]);
    expect(kinds(s, w, "carol", confirmation.body.at + 73 * HOUR)).toEqual([]);
  });

  it("needs you: dues owed show to the member who owes them, overdue first", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"], { dues: { amount: 1000, every: "month" } });
    w.now = Date.UTC(2026, 1, 2);
    await w.confirm("bob", (await w.contribute("alice", "alice", 3000, "dues")).id);
    await w.propose("alice", { kind: "decision" }, { title: "Picnic" });
    const s = await w.derive();
    const carol = needsYou(s, w.id("carol"), w.now);
    expect(carol[0]).toMatchObject({ kind: "dues", amount: 2000, overdue: true });
    expect(carol.map((n) => n.kind)).toContain("vote");
    // alice paid three months ahead: she owes nothing.
    expect(kinds(s, w, "alice")).toEqual(["vote"]);
  });

  it("needs you: a member who left is asked for nothing", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    await w.add("carol", "member.left", {});
    await w.propose("alice", { kind: "decision" });
    const s = await w.derive();
    expect(kinds(s, w, "carol")).toEqual([]);
  });
});
