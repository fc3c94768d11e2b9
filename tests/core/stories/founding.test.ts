import { describe, expect, it } from "vitest";
import { DAY, HOUR, World } from "../../helpers/world.ts";

describe("founding and inviting (membership rules)", () => {
  it("alice founds a pool with the default rules and is its only member", async () => {
    const w = await World.found("alice");
    const s = await w.derive();
    expect(s.name).toBe("Hiking Club Pool");
    expect(s.activeMembers).toEqual([w.id("alice")]);
    expect(s.rules.threshold).toBe(50);
    expect(s.audit).toEqual([]);
  });

  it("bob joins on alice's invite and becomes a member once admitted", async () => {
    const w = await World.found("alice");
    const invite = await w.invite("alice");
    const join = await w.join("bob", invite.id);
    let s = await w.derive();
    expect(s.activeMembers).toEqual([w.id("alice")]);
    expect(s.pendingJoins.map((j) => j.member)).toEqual([w.id("bob")]);
    await w.admit("alice", join.id);
    s = await w.derive();
    expect(s.activeMembers.sort()).toEqual([w.id("alice"), w.id("bob")].sort());
    expect(s.members[w.id("bob")]?.name).toBe("Bob");
  });

  it("a join dated after the invite expired is refused (invite-expired)", async () => {
    const w = await World.found("alice");
    const invite = await w.invite("alice", { expiresIn: 2 * DAY });
    w.tick(3 * DAY);
    const join = await w.join("bob", invite.id);
    const s = await w.derive();
    expect(World.refusal(s, join.id)).toBe("invite-expired");
  });

  it("a proposal passes with everyone voting yes, and its seal confirmed decides it", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const p = await w.propose("alice", { kind: "decision" });
    await w.vote("alice", p.id, "yes");
    await w.vote("bob", p.id, "yes");
    await w.vote("carol", p.id, "no");
    let s = await w.derive();
    expect(s.proposals[p.id]?.tally).toMatchObject({ yes: 2, no: 1, passed: true, electorate: 3 });
    expect(s.proposals[p.id]?.status).toBe("open");
    w.tick(25 * HOUR);
    const { seal, confirmation } = await w.decide(p.id, "bob", "carol");
    s = await w.derive();
    expect(s.audit).toEqual([]);
    expect(s.proposals[p.id]?.decided).toMatchObject({ seal: seal.id, confirmation: confirmation.id });
  });
});
