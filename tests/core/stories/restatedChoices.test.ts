import { describe, expect, it } from "vitest";
import type { PoolState } from "../../../src/core/index.ts";
import { joinsIMayAdmit } from "../../../src/core/index.ts";
import { World } from "../../helpers/world.ts";

/** Choices docs/rules.md §3 and §4 state plainly, each with its story. */

const entry = (s: PoolState, id: string) => s.ledger.entries.find((e) => e.id === id);

describe("rules §3 and §4: stated choices", () => {
  it("rules §4 admission: under manual admission the only active member, founder or not, admits the next newcomer", async () => {
    const w = await World.found("alice", { admission: "manual" });
    await w.addMember("bob", "alice");
    await w.add("alice", "member.left", {});
    const invite = await w.invite("bob");
    const join = await w.join("carol", invite.id);
    let s = await w.derive();
    expect(joinsIMayAdmit(s, w.id("bob")).map((j) => j.join)).toEqual([join.id]);
    const admission = await w.admit("bob", join.id);
    s = await w.derive();
    expect(World.refusal(s, admission.id)).toBeUndefined();
    expect(s.activeMembers).toEqual([w.id("bob"), w.id("carol")].sort());
  });

  it("rules §4 ledger: whether a payout is authorised is judged when it is confirmed, not when it is recorded", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const dues = await w.contribute("alice", "alice", 1000);
    await w.confirm("bob", dues.id);
    const p = await w.propose("alice", { kind: "spend", amount: 300, payee: "Bus Co", purpose: "Bus" });
    for (const name of ["alice", "bob", "carol"]) await w.vote(name, p.id, "yes");
    // Recorded before the spend passed...
    const payout = await w.add("alice", "ledger.payout", { spend: p.id, amount: 300, payee: "Bus Co", memo: "Bus" });
    await w.decide(p.id, "alice", "bob");
    // ...and confirmed after: authorised.
    await w.confirm("carol", payout.id);
    const s = await w.derive();
    expect(entry(s, payout.id)).toMatchObject({ status: "confirmed" });
    expect(entry(s, payout.id)?.notAuthorised).toBeUndefined();
    expect(s.proposals[p.id]?.spend).toMatchObject({ paid: 300, remaining: 0 });
  });
});
