import { describe, expect, it } from "vitest";
import { closesAtOf, DAY, HOUR, World } from "../../helpers/world.ts";

/** docs/rules.md §3 "Caps on one member's volume". */

describe("rules §3 caps on one member's volume", () => {
  it("rules §3 attack: one member posting proposals in bulk gets 10 open at once; the rest are refused (too-many-open-proposals)", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    // The member posted 5,000; 200 show the same rule without signing thousands of events.
    const posted = [];
    for (let i = 0; i < 10; i++)
      posted.push(await w.propose("bob", { kind: "decision" }, { closesIn: 2 * DAY, title: `Spam ${i}` }));
    const { heads } = await w.derive();
    for (let i = 10; i < 200; i++)
      posted.push(
        await w.propose("bob", { kind: "decision" }, { closesIn: 2 * DAY, title: `Spam ${i}`, parents: heads }),
      );
    const s = await w.derive();
    const counted = posted.filter((p) => s.proposals[p.id] !== undefined);
    expect(counted).toHaveLength(10);
    expect(posted.slice(10).every((p) => World.refusal(s, p.id) === "too-many-open-proposals")).toBe(true);
    // Others are not capped by bob's volume.
    const mine = await w.propose("alice", { kind: "decision" }, { parents: s.heads });
    expect(World.refusal(await w.derive(), mine.id)).toBeUndefined();
  });

  it("rules §3 caps: once one of their proposals closes or is withdrawn, the member may open another", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const first = await w.propose("bob", { kind: "decision" }, { closesIn: DAY });
    const second = await w.propose("bob", { kind: "decision" }, { closesIn: 3 * DAY });
    for (let i = 0; i < 8; i++) await w.propose("bob", { kind: "decision" }, { closesIn: 3 * DAY });
    const refused = await w.propose("bob", { kind: "decision" });
    await w.derive();
    await w.add("bob", "proposal.withdrawn", { proposal: second.id });
    await w.derive();
    const afterWithdrawal = await w.propose("bob", { kind: "decision" });
    w.now = closesAtOf(first) + HOUR;
    await w.derive();
    const afterClose = await w.propose("bob", { kind: "decision" });
    const s = await w.derive();
    expect(World.refusal(s, refused.id)).toBe("too-many-open-proposals");
    expect(World.refusal(s, afterWithdrawal.id)).toBeUndefined();
    expect(World.refusal(s, afterClose.id)).toBeUndefined();
  });

  it("rules §3 caps: at most 100 comments by one member on one proposal (too-many-comments)", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const p = await w.propose("alice", { kind: "decision" });
    const comments = [];
    for (let i = 0; i < 101; i++)
      comments.push(await w.add("bob", "proposal.comment", { proposal: p.id, text: `Comment ${i}` }));
    await w.derive();
    const alices = await w.add("alice", "proposal.comment", { proposal: p.id, text: "Mine still counts" });
    const s = await w.derive();
    expect(s.proposals[p.id]?.comments).toHaveLength(101);
    expect(World.refusal(s, comments[100]?.id as string)).toBe("too-many-comments");
    expect(World.refusal(s, alices.id)).toBeUndefined();
  });
});
