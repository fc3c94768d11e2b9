import { describe, expect, it } from "vitest";
import { isContested, myMissingVote, type PoolState, type SignedEvent } from "../../../src/core/index.ts";
import { closesAtOf, DAY, HOUR, World } from "../../helpers/world.ts";

/** docs/rules.md §4 "Seal": a voter left out of a confirmed seal may restore their vote. */

/**
 * alice and bob vote yes, carol and dave no: 2–2 fails. alice seals only the two yes votes, on
 * parents that leave the others out, and bob confirms once the late-vote window has passed: 2–0.
 */
async function collusion(spec: Parameters<World["propose"]>[1] = { kind: "decision" }) {
  const w = await World.withMembers(["alice", "bob", "carol", "dave"]);
  const p = await w.propose("alice", spec, { closesIn: 2 * DAY });
  const a = await w.vote("alice", p.id, "yes");
  const b = await w.vote("bob", p.id, "yes");
  const c = await w.vote("carol", p.id, "no");
  const d = await w.vote("dave", p.id, "no");
  w.now = closesAtOf(p);
  const seal = await w.add(
    "alice",
    "proposal.sealed",
    { proposal: p.id, votes: [a.id, b.id].sort() },
    { parents: [a.id, b.id].sort() },
  );
  w.tick(DAY + HOUR);
  const confirmation = await w.add("bob", "proposal.seal-confirmed", { seal: seal.id }, { parents: [seal.id] });
  return { w, p, a, b, c, d, seal, confirmation };
}

async function restore(w: World, name: string, p: SignedEvent, vote: SignedEvent, confirmation: SignedEvent) {
  return w.add(
    name,
    "proposal.vote-restored",
    { proposal: p.id, vote: vote.id },
    { parents: [confirmation.id, vote.id].sort() },
  );
}

const result = (s: PoolState, p: SignedEvent) => s.proposals[p.id]?.decided;

describe("rules §4 seal: a voter left out restores their vote", () => {
  it("rules §4 attack: two colluding members turn a 2–2 into a 2–0; the omitted voters restore and it fails again for everyone", async () => {
    const { w, p, c, d, confirmation } = await collusion();
    let s = await w.derive();
    // The attack: the seal left out carol and dave, and its 2–0 passed.
    expect(result(s, p)?.sealTally).toMatchObject({ yes: 2, no: 0, passed: true });
    expect(
      result(s, p)
        ?.missing.map((m) => m.voter)
        .sort(),
    ).toEqual([w.id("carol"), w.id("dave")].sort());
    expect(result(s, p)?.contested).toBe(true);
    const rc = await restore(w, "carol", p, c, confirmation);
    const rd = await restore(w, "dave", p, d, confirmation);
    s = await w.derive();
    expect(World.refusal(s, rc.id)).toBeUndefined();
    expect(World.refusal(s, rd.id)).toBeUndefined();
    expect(result(s, p)).toMatchObject({
      tally: { yes: 2, no: 2, passed: false },
      overturned: true,
      missing: [],
      contested: false,
    });
    expect(s.proposals[p.id]?.tally).toMatchObject({ yes: 2, no: 2, passed: false });
    expect(s.proposals[p.id]?.votes[w.id("carol")]).toMatchObject({ vote: c.id, choice: "no", restored: true });
  });

  it("rules §4 restore: only the voter may restore their vote (restore-not-own-vote)", async () => {
    const { w, p, c, confirmation } = await collusion();
    const byDave = await restore(w, "dave", p, c, confirmation);
    const s = await w.derive();
    expect(World.refusal(s, byDave.id)).toBe("restore-not-own-vote");
  });

  it("rules §4 restore: a restoration dated after restoreHours is refused (restore-too-late), and the result stops being contested", async () => {
    const { w, p, c, confirmation } = await collusion();
    w.now = confirmation.body.at + 72 * HOUR + 1;
    const late = await restore(w, "carol", p, c, confirmation);
    const s = await w.derive();
    expect(World.refusal(s, late.id)).toBe("restore-too-late");
    const decided = result(s, p);
    expect(decided && isContested(decided, w.now)).toBe(false);
    expect(decided?.tally.passed).toBe(true);
  });

  it("rules §4 restore: a vote the seal listed cannot be restored (restore-not-left-out), nor one cast after the close (restore-not-countable)", async () => {
    const { w, p, a, confirmation } = await collusion();
    const listed = await restore(w, "alice", p, a, confirmation);
    await w.derive();
    const erin = await w.vote("carol", p.id, "yes", { at: closesAtOf(p) + 1 });
    const afterClose = await restore(w, "carol", p, erin, confirmation);
    const s = await w.derive();
    expect(World.refusal(s, listed.id)).toBe("restore-not-left-out");
    expect(World.refusal(s, afterClose.id)).toBe("restore-not-countable");
  });

  it("rules §4 restore: parents must hold the confirmation and the vote (restore-parents)", async () => {
    const { w, p, c, confirmation } = await collusion();
    const noVote = await w.add(
      "carol",
      "proposal.vote-restored",
      { proposal: p.id, vote: c.id },
      { parents: [confirmation.id] },
    );
    const s = await w.derive();
    expect(World.refusal(s, noVote.id)).toBe("restore-parents");
  });

  it("rules §4 contested: a device holding the left-out vote shows the result contested, offers the voter the restore, and stops once restored", async () => {
    const { w, p, c, confirmation } = await collusion();
    // A device that never held carol's vote sees nothing missing.
    const theirs = await w.derive(w.now, w.idsWithout(c.id));
    expect(theirs.proposals[p.id]?.decided?.missing.map((m) => m.voter)).toEqual([w.id("dave")]);
    let s = await w.derive();
    const view = s.proposals[p.id];
    expect(view?.decided && isContested(view.decided, w.now)).toBe(true);
    expect(view && myMissingVote(view, w.id("carol"), w.now)?.vote).toBe(c.id);
    expect(view && myMissingVote(view, w.id("alice"), w.now)).toBeUndefined();
    await restore(w, "carol", p, c, confirmation);
    s = await w.derive();
    const after = s.proposals[p.id];
    expect(after && myMissingVote(after, w.id("carol"), w.now)).toBeUndefined();
    // dave's vote is still missing: still contested until he restores or the window ends.
    expect(after?.decided?.contested).toBe(true);
    expect(after?.decided && isContested(after.decided, after.decided.restoreUntil + 1)).toBe(false);
  });

  it("rules §4 overturned: a spend that no longer passes flags the payouts made under it and authorises no further payout", async () => {
    const { w, p, c, d, confirmation } = await collusion({
      kind: "spend",
      amount: 10_000,
      payee: "Outdoor shop",
      purpose: "Tents",
    });
    // Money in, and a payout under the rigged result, confirmed.
    const dues = await w.contribute("carol", "carol", 50_000);
    await w.confirm("dave", dues.id);
    const payout = await w.add("alice", "ledger.payout", {
      spend: p.id,
      amount: 4_000,
      payee: "Outdoor shop",
      memo: "First tent",
    });
    await w.confirm("bob", payout.id);
    let s = await w.derive();
    expect(s.ledger.entries.find((e) => e.id === payout.id)?.notAuthorised).toBeUndefined();
    await restore(w, "carol", p, c, confirmation);
    await restore(w, "dave", p, d, confirmation);
    s = await w.derive();
    expect(s.ledger.entries.find((e) => e.id === payout.id)?.notAuthorised).toBe("result-overturned");
    const second = await w.add("alice", "ledger.payout", {
      spend: p.id,
      amount: 1_000,
      payee: "Outdoor shop",
      memo: "Second tent",
    });
    await w.confirm("bob", second.id);
    s = await w.derive();
    expect(s.ledger.entries.find((e) => e.id === second.id)?.notAuthorised).toBe("result-overturned");
    expect(s.proposals[p.id]?.spend?.remaining ?? 0).toBe(0);
    // Reversing the payout clears its flag.
    const reversal = await w.add("carol", "ledger.reversal", { entry: payout.id, memo: "Returned" });
    await w.confirm("dave", reversal.id);
    s = await w.derive();
    expect(s.ledger.entries.find((e) => e.id === payout.id)?.notAuthorised).toBeUndefined();
  });

  it("rules §4 overturned: a removal that no longer passes stops applying; the member is active again", async () => {
    const w = await World.withMembers(["alice", "bob", "carol", "dave", "erin"]);
    const p = await w.propose("alice", { kind: "remove-member", member: w.id("erin") }, { closesIn: 2 * DAY });
    const a = await w.vote("alice", p.id, "yes");
    const b = await w.vote("bob", p.id, "yes");
    const c = await w.vote("carol", p.id, "no");
    const d = await w.vote("dave", p.id, "no");
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
    expect(s.members[w.id("erin")]?.status).toBe("removed");
    await restore(w, "carol", p, c, confirmation);
    s = await w.derive();
    // 2–1 still passes: carol's restore alone does not flip it.
    expect(s.members[w.id("erin")]?.status).toBe("removed");
    const rd = await restore(w, "dave", p, d, confirmation);
    s = await w.derive();
    expect(result(s, p)).toMatchObject({ tally: { yes: 2, no: 2, passed: false }, overturned: true });
    expect(s.members[w.id("erin")]?.status).toBe("active");
    // erin writes again on a phone that holds the restoration.
    const back = await w.add("erin", "proposal.comment", { proposal: p.id, text: "Thanks" }, { parents: [rd.id] });
    s = await w.derive();
    expect(World.refusal(s, back.id)).toBeUndefined();
  });

  it("rules §4 overturned: a rules change that no longer passes stops applying for events that hold the restoration", async () => {
    const { w, p, c, d, confirmation } = await collusion({ kind: "rules", changes: { quorum: 10 } });
    let s = await w.derive();
    // amendThreshold 67: 2–0 passes.
    expect(s.rules.quorum).toBe(10);
    await restore(w, "carol", p, c, confirmation);
    await restore(w, "dave", p, d, confirmation);
    s = await w.derive();
    expect(result(s, p)?.overturned).toBe(true);
    expect(s.rules.quorum).toBe(50);
    // A proposal written with the restorations in its past is tallied with the old rules.
    const next = await w.propose("alice", { kind: "decision" });
    s = await w.derive();
    expect(s.proposals[next.id]?.rules.quorum).toBe(50);
  });
});

describe("rules §4 overturned: cancel-spend", () => {
  it("rules §4 overturned: a cancel-spend that no longer passes stops cancelling; the spend is approved again", async () => {
    const w = await World.withMembers(["alice", "bob", "carol", "dave"]);
    const dues = await w.contribute("carol", "carol", 50_000);
    await w.confirm("dave", dues.id);
    const spend = await w.propose("alice", { kind: "spend", amount: 10_000, payee: "Outdoor shop", purpose: "Tents" });
    for (const name of ["alice", "bob", "carol", "dave"]) await w.vote(name, spend.id, "yes");
    await w.decide(spend.id, "carol", "dave");
    const p = await w.propose("alice", { kind: "cancel-spend", spend: spend.id }, { closesIn: 2 * DAY });
    const a = await w.vote("alice", p.id, "yes");
    const b = await w.vote("bob", p.id, "yes");
    const c = await w.vote("carol", p.id, "no");
    const d = await w.vote("dave", p.id, "no");
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
    expect(s.proposals[spend.id]?.spend).toMatchObject({ cancelled: true, remaining: 0 });
    await restore(w, "carol", p, c, confirmation);
    await restore(w, "dave", p, d, confirmation);
    s = await w.derive();
    expect(result(s, p)?.overturned).toBe(true);
    expect(s.proposals[spend.id]?.spend).toMatchObject({ cancelled: false, remaining: 10_000 });
  });
});
