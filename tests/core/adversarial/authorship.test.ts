import { describe, expect, it } from "vitest";
import { closesAtOf, DAY, HOUR, personKeys, World } from "../../helpers/world.ts";
import { expectOnlyAuditDiffers, expectRefusedAndHarmless } from "./harness.ts";

/**
 * docs/rules.md §3.5 and §4: events that are well-formed and correctly signed, but that
 * their author may not write where they wrote them. Each is refused with its reason, and the
 * state derived with it equals the state derived without it.
 */
describe("adversarial: authorship and membership", () => {
  it("not-a-member: dave, who never joined, may not propose", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const bad = await w.propose("dave", { kind: "spend", amount: 9999, payee: "Dave", purpose: "Me" });
    await expectRefusedAndHarmless(w, bad, "not-a-member");
  });

  it("not-a-member: dave, who joined but was not admitted, may not record money", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const invite = await w.invite("alice");
    await w.join("dave", invite.id);
    const bad = await w.contribute("dave", "alice", 100);
    await expectRefusedAndHarmless(w, bad, "not-a-member");
  });

  it("not-a-member: dave may not admit his own or anyone's join before he is a member", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const invite = await w.invite("alice", { maxUses: 2 });
    await w.join("dave", invite.id);
    const erin = await w.join("erin", invite.id);
    const bad = await w.admit("dave", erin.id);
    await expectRefusedAndHarmless(w, bad, "not-a-member");
  });

  it("self-admission: bob, a member, may not admit a second join of his own", async () => {
    const w = await World.found("alice");
    const first = await w.invite("alice");
    const second = await w.invite("alice");
    const join1 = await w.join("bob", first.id);
    await w.admit("alice", join1.id);
    // bob's second join names a past in which he was not yet a member, so it is a valid join
    const join2 = await w.join("bob", second.id, { parents: [second.id] });
    const bad = await w.admit("bob", join2.id);
    await expectRefusedAndHarmless(w, bad, "self-admission");
  });

  it("already-admitted: a second admission of the same join is refused", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const invite = await w.invite("alice");
    const join = await w.join("dave", invite.id);
    await w.admit("alice", join.id);
    const bad = await w.admit("bob", join.id);
    await expectRefusedAndHarmless(w, bad, "already-admitted");
  });

  it("join-missing: an admission naming a join not in its past is refused", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const invite = await w.invite("alice");
    const join = await w.join("dave", invite.id);
    const bad = await w.admit("bob", join.id, { parents: [invite.id] });
    await expectRefusedAndHarmless(w, bad, "join-missing");
  });

  it("inviter-admits: under manual admission, alice may not admit her own invitee once bob is a member", async () => {
    const w = await World.found("alice", { admission: "manual" });
    await w.addMember("bob", "alice");
    const invite = await w.invite("alice");
    const join = await w.join("dave", invite.id);
    const bad = await w.admit("alice", join.id);
    await expectRefusedAndHarmless(w, bad, "inviter-admits");
  });

  it("invite-revoked: a join on a revoked invite is refused", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const invite = await w.invite("alice");
    await w.add("bob", "member.invite-revoked", { invite: invite.id });
    const bad = await w.join("dave", invite.id);
    await expectRefusedAndHarmless(w, bad, "invite-revoked");
  });

  it("invite-expired: a join dated after the invite expired is refused", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const invite = await w.invite("alice", { expiresIn: DAY });
    w.tick(2 * DAY);
    const bad = await w.join("dave", invite.id);
    await expectRefusedAndHarmless(w, bad, "invite-expired");
  });

  it("invite-missing: a join naming an invite not in its past is refused", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const base = w.currentHeads();
    const invite = await w.invite("alice");
    const bad = await w.join("dave", invite.id, { parents: base });
    await expectRefusedAndHarmless(w, bad, "invite-missing");
  });

  it("after-leaving: bob's event written after he left, with old parents chosen to dodge the leave, is refused", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const before = w.currentHeads();
    const leave = await w.add("bob", "member.left", {});
    const bad = await w.propose(
      "bob",
      { kind: "spend", amount: 5000, payee: "Bob", purpose: "Parting gift" },
      {
        parents: before,
        at: leave.body.at + HOUR,
      },
    );
    await expectRefusedAndHarmless(w, bad, "after-leaving");
  });

  it("after-leaving: bob's event that his leave does not hold is refused even when dated before the leave", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const before = w.currentHeads();
    const leave = await w.add("bob", "member.left", {}, { at: w.now + DAY });
    const data = { amount: 7, from: { member: w.id("bob") }, kind: "dues" as const, memo: "" };
    const bad = await w.add("bob", "ledger.contribution", data, { parents: before, at: leave.body.at - HOUR });
    await expectRefusedAndHarmless(w, bad, "after-leaving");
  });

  it("after-leaving: a ballot bob casts after leaving (its only parent is the proposal) is refused", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const p = await w.propose("alice", { kind: "decision" });
    await w.vote("alice", p.id, "yes");
    await w.add("bob", "member.left", {});
    const bad = await w.vote("bob", p.id, "no");
    await expectRefusedAndHarmless(w, bad, "after-leaving");
  });

  it("already-a-member: an active member's second join is refused", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const invite = await w.invite("alice");
    const bad = await w.join("bob", invite.id);
    await expectRefusedAndHarmless(w, bad, "already-a-member");
  });

  it("time-before-parent: an event dated before one of its parents is refused", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const data = { amount: 5, from: { member: w.id("bob") }, kind: "dues" as const, memo: "" };
    const bad = await w.add("alice", "ledger.contribution", data, { at: w.now - DAY });
    await expectRefusedAndHarmless(w, bad, "time-before-parent");
  });
});

describe("adversarial: missing and invalid parents", () => {
  it("pending: an event naming a parent nobody holds waits — it is neither refused nor counted", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const ghost = "g".repeat(43);
    const e = await w.add(
      "alice",
      "ledger.contribution",
      { amount: 5, from: { member: w.id("bob") }, kind: "dues", memo: "" },
      {
        parents: [...w.currentHeads(), ghost].sort(),
      },
    );
    const withIt = await w.derive();
    const without = await w.derive(w.now, w.idsWithout(e.id));
    expect(World.refusal(withIt, e.id)).toBeUndefined();
    expect(withIt.pending).toEqual([{ id: e.id, missing: [ghost] }]);
    const { pending: _p, ...restWith } = withIt;
    const { pending: _q, ...restWithout } = without;
    expect(restWith).toEqual(restWithout);
  });

  it("invalid parent: an event whose only parent was refused is judged with an empty past (not-a-member)", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const forged = await w.add("mallory", "member.left", {});
    const next = await w.propose("alice", { kind: "decision" }, { parents: [forged.id] });
    const s = await w.derive();
    expect(World.refusal(s, forged.id)).toBe("not-a-member");
    expect(World.refusal(s, next.id)).toBe("not-a-member");
  });

  it("invalid parent: beside valid parents, a refused parent adds nothing and the event counts", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const good = w.currentHeads();
    const forged = await w.add("mallory", "member.left", {}, { parents: good });
    const next = await w.propose("alice", { kind: "decision" }, { parents: [...good, forged.id].sort() });
    const s = await w.derive();
    expect(World.refusal(s, next.id)).toBeUndefined();
    expect(s.proposals[next.id]).toBeDefined();
  });
});

describe("adversarial: another pool's events", () => {
  it("wrong-pool and second-genesis: pool B's whole history copied into pool A changes nothing in A", async () => {
    const a = await World.withMembers(["alice", "bob"]);
    const pa = await a.propose("alice", { kind: "decision" });
    await a.vote("bob", pa.id, "yes");
    const b = await World.found("alice", {}, "Reading Circle");
    await b.addMember("bob", "alice");
    const pb = await b.propose("alice", { kind: "spend", amount: 500, payee: "Bookshop", purpose: "Books" });
    await b.vote("alice", pb.id, "yes");
    await b.vote("bob", pb.id, "yes");
    const gift = await b.add("alice", "ledger.contribution", {
      amount: 1000,
      from: { outsider: "Library" },
      kind: "donation",
      memo: "",
    });
    await b.confirm("bob", gift.id);
    const copied = [...b.events.values()];
    for (const e of copied) a.put(e);
    const withB = await a.derive();
    const without = await a.derive(a.now, a.idsWithout(...copied.map((e) => e.id)));
    for (const e of copied) {
      expect(World.refusal(withB, e.id)).toBe(e.id === b.genesisId ? "second-genesis" : "wrong-pool");
    }
    expectOnlyAuditDiffers(
      withB,
      without,
      copied.map((e) => e.id),
    );
  });

  it("wrong-pool: alice's event naming another pool, though its parents are here, is refused", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const other = await World.found("alice", {}, "Other Pool");
    const bad = await w.add(
      "alice",
      "ledger.contribution",
      { amount: 100, from: { member: w.id("bob") }, kind: "dues", memo: "" },
      {
        pool: other.genesisId,
      },
    );
    await expectRefusedAndHarmless(w, bad, "wrong-pool");
  });

  it("second-genesis: a stranger's genesis written into the document is refused, and the remembered one stands", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const bad = await w.add(
      "mallory",
      "pool.created",
      { name: "Hiking Club Pool", purpose: "", currency: "USD", rules: (await w.derive()).rules, bylawsVersion: 1 },
      { parents: [], pool: "" },
    );
    const s = await expectRefusedAndHarmless(w, bad, "second-genesis");
    expect(s.founder).toBe(w.id("alice"));
  });

  it("second-genesis: a genesis-typed event with this pool's id and parents is refused", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const rules = (await w.derive()).rules;
    const bad = await w.add("alice", "pool.created", {
      name: "Takeover",
      purpose: "",
      currency: "USD",
      rules,
      bylawsVersion: 1,
    });
    await expectRefusedAndHarmless(w, bad, "second-genesis");
  });
});

describe("adversarial: proposals and votes", () => {
  it("not-in-electorate: the member a removal would remove may not vote on it", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const p = await w.propose("alice", { kind: "remove-member", member: w.id("carol") });
    await w.vote("alice", p.id, "yes");
    const bad = await w.vote("carol", p.id, "no");
    await expectRefusedAndHarmless(w, bad, "not-in-electorate");
  });

  it("not-in-electorate: a member without the confirmed buy-in may not vote", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"], { buyIn: 500 });
    const bobs = await w.contribute("alice", "bob", 500, "buy-in");
    await w.confirm("carol", bobs.id);
    const p = await w.propose("bob", { kind: "decision" });
    await w.vote("bob", p.id, "yes");
    const bad = await w.vote("carol", p.id, "yes");
    await expectRefusedAndHarmless(w, bad, "not-in-electorate");
  });

  it("not-a-member: dave, admitted after the proposal, votes on it — he was no member in the ballot's past", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const p = await w.propose("alice", { kind: "decision" });
    await w.addMember("dave", "alice");
    const bad = await w.vote("dave", p.id, "yes");
    await expectRefusedAndHarmless(w, bad, "not-a-member");
  });

  it("not-a-member: a stranger's ballot is refused", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const p = await w.propose("alice", { kind: "decision" });
    const bad = await w.vote("mallory", p.id, "yes");
    await expectRefusedAndHarmless(w, bad, "not-a-member");
  });

  it("blocks-not-allowed: a block where blocks are off is refused", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const p = await w.propose("alice", { kind: "decision" });
    await w.vote("alice", p.id, "yes");
    const bad = await w.vote("bob", p.id, "block");
    await expectRefusedAndHarmless(w, bad, "blocks-not-allowed");
  });

  it("blocks-not-allowed: bob's earlier yes stands when his later block is refused", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const p = await w.propose("alice", { kind: "decision" });
    const yes = await w.vote("bob", p.id, "yes");
    const bad = await w.vote("bob", p.id, "block");
    const s = await expectRefusedAndHarmless(w, bad, "blocks-not-allowed");
    expect(s.proposals[p.id]?.votes[w.id("bob")]?.vote).toBe(yes.id);
  });

  it("vote-parent: a ballot with a parent besides its proposal is refused", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const p = await w.propose("alice", { kind: "decision" });
    const other = await w.contribute("alice", "bob", 100);
    const bad = await w.vote("bob", p.id, "yes", { parents: [p.id, other.id].sort() });
    await expectRefusedAndHarmless(w, bad, "vote-parent");
  });

  it("proposal-missing: a ballot on something that is not a proposal is refused", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const notAProposal = await w.contribute("alice", "bob", 100);
    const bad = await w.vote("bob", notAProposal.id, "yes");
    await expectRefusedAndHarmless(w, bad, "proposal-missing");
  });

  it("bad-close-time: a proposal closing sooner than minVotingHours is refused", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const bad = await w.propose("alice", { kind: "decision" }, { closesIn: HOUR });
    await expectRefusedAndHarmless(w, bad, "bad-close-time");
  });

  it("bad-rule-value: a rules change that leaves `treasurer` with no treasurers is refused", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const bad = await w.propose("alice", { kind: "rules", changes: { confirmBy: "treasurer", treasurers: [] } });
    await expectRefusedAndHarmless(w, bad, "bad-rule-value");
  });

  it("target-not-member: a removal naming someone who is not an active member is refused", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const bad = await w.propose("alice", { kind: "remove-member", member: w.id("mallory") });
    await expectRefusedAndHarmless(w, bad, "target-not-member");
  });

  it("spend-missing: a cancel-spend naming something that is not a spend is refused", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const decision = await w.propose("alice", { kind: "decision" });
    const bad = await w.propose("alice", { kind: "cancel-spend", spend: decision.id });
    await expectRefusedAndHarmless(w, bad, "spend-missing");
  });

  it("not-the-author: bob may not withdraw alice's proposal", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const p = await w.propose("alice", { kind: "decision" });
    const bad = await w.add("bob", "proposal.withdrawn", { proposal: p.id });
    await expectRefusedAndHarmless(w, bad, "not-the-author");
  });

  it("already-closed: a withdrawal after the close is refused", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const p = await w.propose("alice", { kind: "decision" }, { closesIn: 2 * DAY });
    w.tick(3 * DAY);
    const bad = await w.add("alice", "proposal.withdrawn", { proposal: p.id });
    await expectRefusedAndHarmless(w, bad, "already-closed");
  });
});

describe("adversarial: seals and their confirmation", () => {
  /** Three members vote on a proposal that closes in two days; bob changes his mind once. */
  async function votedTwice() {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const p = await w.propose("alice", { kind: "decision" }, { closesIn: 2 * DAY });
    const a = await w.vote("alice", p.id, "yes");
    const b1 = await w.vote("bob", p.id, "yes");
    const b2 = await w.vote("bob", p.id, "no");
    const c = await w.vote("carol", p.id, "no");
    return { w, p, a, b1, b2, c };
  }

  it("seal-misses-later-vote: a seal that counts bob's first vote while holding his second is refused", async () => {
    const { w, p, a, b1, c } = await votedTwice();
    w.now = closesAtOf(p);
    const bad = await w.add("alice", "proposal.sealed", { proposal: p.id, votes: [a.id, b1.id, c.id].sort() });
    await expectRefusedAndHarmless(w, bad, "seal-misses-later-vote");
  });

  it("seal-counts-invalid-vote: a seal that counts a vote cast after the close is refused", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const p = await w.propose("alice", { kind: "decision" }, { closesIn: 2 * DAY });
    const a = await w.vote("alice", p.id, "yes");
    const late = await w.vote("bob", p.id, "yes", { at: closesAtOf(p) + HOUR });
    const bad = await w.add("alice", "proposal.sealed", { proposal: p.id, votes: [a.id, late.id].sort() });
    await expectRefusedAndHarmless(w, bad, "seal-counts-invalid-vote");
  });

  it("seal-counts-invalid-vote: a seal may not swap in a change of mind cast after the all-voted close, leaving out the vote it replaced", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"], { minVotingHours: 0 });
    const p = await w.propose("alice", { kind: "decision" }, { closesIn: 7 * DAY });
    await w.vote("alice", p.id, "yes");
    const b = await w.vote("bob", p.id, "yes");
    const c = await w.vote("carol", p.id, "no");
    // everyone has voted at carol's ballot, so the proposal closed then; alice's "no" an hour later is too late
    const late = await w.vote("alice", p.id, "no", { at: c.body.at + HOUR });
    // alice's seal holds all four ballots but counts her late one instead of her yes, turning a pass into a fail
    const bad = await w.add("alice", "proposal.sealed", { proposal: p.id, votes: [late.id, b.id, c.id].sort() });
    const s = await expectRefusedAndHarmless(w, bad, "seal-counts-invalid-vote");
    expect(s.proposals[p.id]?.tally).toMatchObject({ yes: 2, no: 1, passed: true });
  });

  it("seal-lacks-vote: a seal from a phone that missed alice's counted vote, listing only her late one, is not confirmed by one who holds both", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"], { minVotingHours: 0 });
    const p = await w.propose("alice", { kind: "decision" }, { closesIn: 7 * DAY });
    const early = await w.vote("alice", p.id, "yes");
    const b = await w.vote("bob", p.id, "yes");
    const c = await w.vote("carol", p.id, "no");
    const late = await w.vote("alice", p.id, "no", { at: c.body.at + HOUR });
    // carol's phone never got alice's first ballot: from there, everyone voted only at alice's late one
    const listed = [late.id, b.id, c.id].sort();
    const seal = await w.add("carol", "proposal.sealed", { proposal: p.id, votes: listed }, { parents: listed });
    const bad = await w.add(
      "bob",
      "proposal.seal-confirmed",
      { seal: seal.id },
      { parents: [early.id, seal.id].sort() },
    );
    await expectRefusedAndHarmless(w, bad, "seal-lacks-vote");
  });

  it("seal-counts-invalid-vote: a seal that counts a refused (block) ballot is refused", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const p = await w.propose("alice", { kind: "decision" }, { closesIn: 2 * DAY });
    const a = await w.vote("alice", p.id, "yes");
    const block = await w.vote("bob", p.id, "block");
    w.now = closesAtOf(p);
    const bad = await w.add("alice", "proposal.sealed", { proposal: p.id, votes: [a.id, block.id].sort() });
    await expectRefusedAndHarmless(w, bad, "seal-counts-invalid-vote");
  });

  it("seal-counts-invalid-vote: a seal that counts a ballot on another proposal is refused", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const p = await w.propose("alice", { kind: "decision" }, { closesIn: 2 * DAY });
    const q = await w.propose("alice", { kind: "decision" }, { closesIn: 2 * DAY });
    const a = await w.vote("alice", p.id, "yes");
    const elsewhere = await w.vote("bob", q.id, "yes");
    w.now = closesAtOf(q);
    const bad = await w.add("alice", "proposal.sealed", { proposal: p.id, votes: [a.id, elsewhere.id].sort() });
    await expectRefusedAndHarmless(w, bad, "seal-counts-invalid-vote");
  });

  it("seal-too-early: a seal before the close is refused", async () => {
    const { w, p, a, b2, c } = await votedTwice();
    const bad = await w.add(
      "alice",
      "proposal.sealed",
      { proposal: p.id, votes: [a.id, b2.id, c.id].sort() },
      { at: p.body.at + HOUR },
    );
    await expectRefusedAndHarmless(w, bad, "seal-too-early");
  });

  it("own-seal: alice may not confirm her own seal", async () => {
    const { w, p, a, b2, c } = await votedTwice();
    w.now = closesAtOf(p);
    const seal = await w.add("alice", "proposal.sealed", { proposal: p.id, votes: [a.id, b2.id, c.id].sort() });
    w.tick(2 * DAY);
    const bad = await w.add("alice", "proposal.seal-confirmed", { seal: seal.id });
    await expectRefusedAndHarmless(w, bad, "own-seal");
  });

  it("confirm-too-early: a confirmation inside the late-vote window, not everyone having voted, is refused", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const p = await w.propose("alice", { kind: "decision" }, { closesIn: 2 * DAY });
    const a = await w.vote("alice", p.id, "yes");
    w.now = closesAtOf(p);
    const seal = await w.add("alice", "proposal.sealed", { proposal: p.id, votes: [a.id] });
    const bad = await w.add("bob", "proposal.seal-confirmed", { seal: seal.id }, { at: closesAtOf(p) + HOUR });
    await expectRefusedAndHarmless(w, bad, "confirm-too-early");
  });

  it("seal-lacks-vote: a confirmation whose past holds a countable vote the seal leaves out is refused", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const p = await w.propose("alice", { kind: "decision" }, { closesIn: 2 * DAY });
    const a = await w.vote("alice", p.id, "yes");
    const c = await w.vote("carol", p.id, "no", { parents: [p.id] });
    w.now = closesAtOf(p);
    const seal = await w.add("alice", "proposal.sealed", { proposal: p.id, votes: [a.id] }, { parents: [a.id] });
    w.tick(2 * DAY);
    const bad = await w.add("bob", "proposal.seal-confirmed", { seal: seal.id }, { parents: [c.id, seal.id].sort() });
    await expectRefusedAndHarmless(w, bad, "seal-lacks-vote");
  });

  it("seal-missing: a confirmation naming something that is not a seal is refused", async () => {
    const { w, p } = await votedTwice();
    w.now = closesAtOf(p) + 2 * DAY;
    const bad = await w.add("bob", "proposal.seal-confirmed", { seal: p.id });
    await expectRefusedAndHarmless(w, bad, "seal-missing");
  });

  it("already-decided: a second confirmation, of a rival seal, is refused and the first result stands", async () => {
    const { w, p, a, b2, c } = await votedTwice();
    w.now = closesAtOf(p);
    const votes = [a.id, b2.id, c.id].sort();
    const s1 = await w.add("alice", "proposal.sealed", { proposal: p.id, votes });
    const s2 = await w.add("carol", "proposal.sealed", { proposal: p.id, votes }, { parents: s1.body.parents });
    w.tick(2 * DAY);
    await w.add("bob", "proposal.seal-confirmed", { seal: s1.id }, { parents: [s1.id] });
    const bad = await w.add("bob", "proposal.seal-confirmed", { seal: s2.id }, { parents: [s2.id] });
    await expectRefusedAndHarmless(w, bad, "already-decided");
  });
});

describe("adversarial: ledger entries and confirmations", () => {
  it("confirm-own-entry: alice may not confirm the entry she recorded", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const e = await w.contribute("alice", "bob", 5000);
    const bad = await w.confirm("alice", e.id);
    await expectRefusedAndHarmless(w, bad, "confirm-own-entry");
  });

  it("confirm-own-entry: bob may not confirm the contribution that names him", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const e = await w.contribute("alice", "bob", 5000, "buy-in");
    const bad = await w.confirm("bob", e.id);
    await expectRefusedAndHarmless(w, bad, "confirm-own-entry");
  });

  it("confirm-own-entry: bob may not confirm the refund paid to him", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const buyIn = await w.contribute("alice", "bob", 500, "buy-in");
    await w.confirm("carol", buyIn.id);
    await w.add("bob", "member.left", {});
    await w.addMember("bob", "alice");
    const refund = await w.add("alice", "ledger.refund", { member: w.id("bob"), amount: 500, memo: "" });
    const bad = await w.confirm("bob", refund.id);
    await expectRefusedAndHarmless(w, bad, "confirm-own-entry");
  });

  it("not-treasurer: under treasurer confirmation, a plain member's confirmation is refused", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"], {
      confirmBy: "treasurer",
      treasurers: [personKeys("carol").id],
    });
    const e = await w.contribute("alice", "alice", 5000);
    const bad = await w.confirm("bob", e.id);
    await expectRefusedAndHarmless(w, bad, "not-treasurer");
  });

  it("entry-missing: a confirmation naming something that is not a ledger entry is refused", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const p = await w.propose("alice", { kind: "decision" });
    const bad = await w.confirm("bob", p.id);
    await expectRefusedAndHarmless(w, bad, "entry-missing");
  });

  it("already-confirmed: confirming an entry twice is refused", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const e = await w.contribute("alice", "alice", 5000);
    await w.confirm("bob", e.id);
    const bad = await w.confirm("carol", e.id);
    await expectRefusedAndHarmless(w, bad, "already-confirmed");
  });

  it("target-not-member: a contribution credited to someone who was never a member is refused", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const bad = await w.contribute("alice", "mallory", 100, "buy-in");
    await expectRefusedAndHarmless(w, bad, "target-not-member");
  });

  it("already-reversed: a second reversal of one entry is refused", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const e = await w.contribute("alice", "alice", 5000);
    await w.confirm("bob", e.id);
    const first = await w.add("bob", "ledger.reversal", { entry: e.id, memo: "" });
    await w.confirm("carol", first.id);
    const bad = await w.add("carol", "ledger.reversal", { entry: e.id, memo: "" });
    await expectRefusedAndHarmless(w, bad, "already-reversed");
  });

  it("reverse-reversal: reversing a reversal is refused", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const e = await w.contribute("alice", "alice", 5000);
    await w.confirm("bob", e.id);
    const rev = await w.add("bob", "ledger.reversal", { entry: e.id, memo: "" });
    await w.confirm("carol", rev.id);
    const bad = await w.add("carol", "ledger.reversal", { entry: rev.id, memo: "" });
    await expectRefusedAndHarmless(w, bad, "reverse-reversal");
  });
});
