import { describe, expect, it } from "vitest";
import type { EventDataByType, EventType, PoolState, SignedEvent } from "../../../src/core/index.ts";
import { DAY, HOUR, World } from "../../helpers/world.ts";

/** docs/rules.md §3 "Time from the future waits". */

const CENTURY = 100 * 365 * DAY;

/** Writes an event as an app does: parents are the derived heads, `at` the clock or just after `latestAt`. */
async function asApp<T extends EventType>(w: World, s: PoolState, name: string, type: T, data: EventDataByType[T]) {
  return w.add(name, type, data, { parents: s.heads, at: Math.max(w.now, s.latestAt + 1) });
}

/** carol writes a valid vote dated a century ahead, without moving anyone's clock. */
async function voteFromTheFuture(w: World): Promise<SignedEvent> {
  const p = await w.propose("alice", { kind: "decision" }, { closesIn: 2 * DAY });
  const now = w.now;
  const vote = await w.make(
    "carol",
    "vote.cast",
    { proposal: p.id, choice: "yes" },
    { parents: [p.id], at: now + CENTURY },
  );
  w.put(vote);
  return vote;
}

describe("rules §3 time from the future waits", () => {
  it("rules §3: an event dated more than 10 minutes ahead waits, and the audit lists it as dated in the future", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const vote = await voteFromTheFuture(w);
    const s = await w.derive();
    expect(s.order).not.toContain(vote.id);
    expect(s.pending.map((p) => p.id)).toContain(vote.id);
    expect(World.refusal(s, vote.id)).toBe("dated-in-the-future");
    expect(s.latestAt).toBeLessThan(w.now + HOUR);
  });

  it("rules §3: an event dated within 10 minutes of the clock counts at once", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const p = await w.propose("alice", { kind: "decision" });
    const now = w.now;
    const vote = await w.make(
      "bob",
      "vote.cast",
      { proposal: p.id, choice: "yes" },
      { parents: [p.id], at: now + 9 * 60_000 },
    );
    w.put(vote);
    const s = await w.derive(now);
    expect(s.order).toContain(vote.id);
  });

  it("rules §3: what descends from a future-dated event waits too, and counts once the clock catches up", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const now = w.now;
    const inv = await w.make(
      "bob",
      "member.invited",
      { invitePublicKey: "A".repeat(43), expiresAt: now + 9 * DAY, maxUses: 1 },
      { at: now + DAY },
    );
    w.put(inv);
    const child = await w.make(
      "alice",
      "member.invite-revoked",
      { invite: inv.id },
      { parents: [inv.id], at: now + DAY + 1 },
    );
    w.put(child);
    const early = await w.derive(now);
    expect(early.pending.map((p) => p.id)).toEqual(expect.arrayContaining([inv.id, child.id]));
    expect(early.order).not.toContain(inv.id);
    const later = await w.derive(now + DAY);
    expect(later.order).toEqual(expect.arrayContaining([inv.id, child.id]));
    expect(later.audit).toEqual([]);
  });

  it("rules §3 attack: a vote dated a century ahead does not freeze the pool; a proposal to remove its author closes on time and is sealed", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    await voteFromTheFuture(w);
    const clock = w.now;
    let s = await w.derive();
    const removal = await asApp(w, s, "alice", "proposal.created", {
      title: "Remove carol",
      text: "She dated a vote a century ahead.",
      closesAt: Math.max(w.now, s.latestAt + 1) + 2 * DAY,
      kind: "remove-member",
      member: w.id("carol"),
    });
    expect(removal.body.at).toBeLessThan(clock + HOUR);
    const a = await w.add("alice", "vote.cast", { proposal: removal.id, choice: "yes" }, { parents: [removal.id] });
    const b = await w.add("bob", "vote.cast", { proposal: removal.id, choice: "yes" }, { parents: [removal.id] });
    s = await w.derive();
    // Everyone in the electorate voted: it closes after minVotingHours, not in a century.
    expect(s.proposals[removal.id]?.closedAt).toBeLessThanOrEqual(removal.body.at + DAY);
    w.now = (s.proposals[removal.id]?.closedAt as number) + 1;
    s = await w.derive();
    const seal = await asApp(w, s, "alice", "proposal.sealed", { proposal: removal.id, votes: [a.id, b.id].sort() });
    w.tick(DAY + HOUR);
    s = await w.derive();
    await asApp(w, s, "bob", "proposal.seal-confirmed", { seal: seal.id });
    s = await w.derive();
    expect(s.proposals[removal.id]?.decided?.tally.passed).toBe(true);
    expect(s.members[w.id("carol")]?.status).toBe("removed");
  });
});
