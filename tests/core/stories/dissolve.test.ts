import { describe, expect, it } from "vitest";
import {
  decodeEvent,
  type EventDataByType,
  type EventId,
  memberPayee,
  type PoolState,
} from "../../../src/core/index.ts";
import { sha256 } from "../../../src/crypto/index.ts";
import { dissolve, fund, owedTotal, payShare, refund } from "../../helpers/dissolve.ts";
import { closesAtOf, DAY, HOUR, World } from "../../helpers/world.ts";

/**
 * docs/rules.md "Proposals", `dissolve`: once its confirmed passed result applies, nothing new may
 * be proposed, no spend authorises more, buy-ins not yet refunded are owed first, and the rest is
 * split among the members active at the confirmation, to the cent.
 *
 * The pool below: alice, bob, carol and dave each buy in 10.00; dave leaves (still owed his 10.00);
 * alice pays 3.37 in dues, carol 10.01, and an outsider gives 0.01. Balance 53.39; refunds owed
 * 40.00; the rest, 13.39, is split. Member ids sort carol < alice < bob.
 */
async function windingUpPool(): Promise<World> {
  const w = await World.withMembers(["alice", "bob", "carol", "dave"], { buyIn: 1000 });
  for (const name of ["alice", "bob", "carol"]) await fund(w, name, 1000, "buy-in");
  const daves = await w.contribute("alice", "dave", 1000, "buy-in");
  await w.confirm("bob", daves.id);
  await w.add("dave", "member.left", {});
  await fund(w, "alice", 337, "dues");
  await fund(w, "carol", 1001, "dues");
  const gift = await w.add("alice", "ledger.contribution", {
    amount: 1,
    from: { outsider: "A neighbour" },
    kind: "donation",
    memo: "One cent",
  });
  await w.confirm("bob", gift.id);
  return w;
}

const share = (s: PoolState, w: World, name: string) =>
  s.dissolution?.shares.find((r) => r.payee === memberPayee(w.id(name)));
const entry = (s: PoolState, id: EventId) => s.ledger.entries.find((e) => e.id === id);

describe("dissolve stories", () => {
  it("rules §4 dissolve: it is decided with amendThreshold, so two yes of three (67%) is not enough", async () => {
    const w = await windingUpPool();
    const p = await dissolve(w, "equal", { alice: "yes", bob: "yes", carol: "no" });
    const s = await w.derive();
    expect(s.proposals[p.id]?.tally).toMatchObject({ passed: false, failReason: "not-enough-support" });
    expect(s.dissolution).toBeUndefined();
  });

  it("rules §4 dissolve: refunds of every buy-in come first (active members too), then the rest split equally, to the cent", async () => {
    const w = await windingUpPool();
    const p = await dissolve(w, "equal");
    const s = await w.derive();
    const d = s.dissolution;
    expect(s.ledger.balance).toBe(5339);
    expect(d?.proposal).toBe(p.id);
    expect(d?.members).toEqual([w.id("carol"), w.id("alice"), w.id("bob")]);
    expect(d?.refunds).toEqual(["carol", "alice", "dave", "bob"].map((n) => ({ member: w.id(n), owed: 1000 })));
    expect(d?.rest).toBe(1339);
    // 13.39 in three: 4.46 each and the odd cent to the smallest member id (carol's).
    expect(share(s, w, "carol")?.share).toBe(447);
    expect(share(s, w, "alice")?.share).toBe(446);
    expect(share(s, w, "bob")?.share).toBe(446);
    expect(owedTotal(s)).toBe(s.ledger.balance);
    expect(s.ledger.available).toBe(0);
  });

  it("rules §4 dissolve: split in proportion to confirmed contributions, by largest remainder", async () => {
    const w = await windingUpPool();
    await dissolve(w, "contributed");
    const s = await w.derive();
    // Weights: alice 13.37, bob 10.00, carol 20.01 (dave left before the confirmation).
    // 13.39 × those / 43.38 = 412.69…, 308.67…, 617.64…: the two spare cents go to alice and bob.
    expect(share(s, w, "alice")?.share).toBe(413);
    expect(share(s, w, "bob")?.share).toBe(309);
    expect(share(s, w, "carol")?.share).toBe(617);
    expect(owedTotal(s)).toBe(s.ledger.balance);
  });

  it("rules §4 dissolve: the rest may go to one payee (another co-op or a charity)", async () => {
    const w = await windingUpPool();
    await dissolve(w, { payee: "Valley Food Co-op" });
    const s = await w.derive();
    expect(s.dissolution?.shares).toEqual([{ payee: "Valley Food Co-op", share: 1339, paid: 0, owed: 1339 }]);
    expect(owedTotal(s)).toBe(5339);
  });

  it("rules §4 dissolve: paying refunds and shares leaves the others' amounts alone, and a pool at zero is closed", async () => {
    const w = await windingUpPool();
    const p = await dissolve(w, "equal");
    await refund(w, "dave", 1000);
    await refund(w, "alice", 1000, "bob", "carol");
    let s = await w.derive();
    // Refunded buy-ins drop off the list; carol's and bob's are still owed.
    expect(s.dissolution?.refunds).toEqual(["carol", "bob"].map((n) => ({ member: w.id(n), owed: 1000 })));
    expect(share(s, w, "carol")?.share).toBe(447);
    const toCarol = await payShare(w, p.id, "carol", 447, "alice", "bob");
    s = await w.derive();
    expect(share(s, w, "carol")).toMatchObject({ share: 447, paid: 447, owed: 0 });
    expect(share(s, w, "bob")).toMatchObject({ share: 446, owed: 446 });
    expect(entry(s, toCarol.id)?.notAuthorised).toBeUndefined();
    expect(s.dissolution?.closed).toBe(false);
    await refund(w, "bob", 1000);
    await refund(w, "carol", 1000, "alice", "bob");
    await payShare(w, p.id, "alice", 446, "bob", "carol");
    await payShare(w, p.id, "bob", 446);
    s = await w.derive();
    expect(s.ledger.balance).toBe(0);
    expect(owedTotal(s)).toBe(0);
    expect(s.ledger.entries.every((e) => e.notAuthorised === undefined)).toBe(true);
    expect(s.dissolution?.closed).toBe(true);
  });

  it("rules §4 dissolve: a refund to an active member is authorised after it applies, and one beyond the buy-in is flagged", async () => {
    const w = await windingUpPool();
    await dissolve(w, "equal");
    const ok = await refund(w, "bob", 1000);
    const extra = await refund(w, "carol", 1200, "alice", "bob");
    const s = await w.derive();
    expect(entry(s, ok.id)?.notAuthorised).toBeUndefined();
    expect(entry(s, extra.id)?.notAuthorised).toBe("refund-beyond-owed");
  });

  it("rules §4 dissolve: a payout beyond what is owed to its payee is flagged not authorised", async () => {
    const w = await windingUpPool();
    const p = await dissolve(w, "equal");
    const tooMuch = await payShare(w, p.id, "bob", 447);
    const stranger = await w.add("alice", "ledger.payout", {
      spend: p.id,
      amount: 100,
      payee: "Mallory",
      memo: "Not a recipient",
    });
    await w.confirm("carol", stranger.id);
    const s = await w.derive();
    expect(entry(s, tooMuch.id)?.notAuthorised).toBe("beyond-approved");
    expect(entry(s, stranger.id)?.notAuthorised).toBe("other-payee");
  });

  it("rules §4 dissolve: the member a share is for may not confirm its payout (confirm-own-entry)", async () => {
    const w = await windingUpPool();
    const p = await dissolve(w, "equal");
    const e = await w.add("alice", "ledger.payout", {
      spend: p.id,
      amount: 446,
      payee: memberPayee(w.id("bob")),
      memo: "Share",
    });
    const c = await w.confirm("bob", e.id);
    expect(World.refusal(await w.derive(), c.id)).toBe("confirm-own-entry");
  });

  it("rules §4 dissolve: once it applies nothing new may be proposed (pool-dissolved)", async () => {
    const w = await windingUpPool();
    await dissolve(w, "equal");
    const late = await w.propose("carol", { kind: "decision" }, { title: "One more trip?" });
    const s = await w.derive();
    expect(World.refusal(s, late.id)).toBe("pool-dissolved");
  });

  it("rules §4 dissolve: no spend authorises more, so a payout under a spend passed before is flagged", async () => {
    const w = await windingUpPool();
    const spend = await w.propose("alice", { kind: "spend", amount: 2000, payee: "Tent Shop", purpose: "Tents" });
    for (const name of ["alice", "bob", "carol"]) await w.vote(name, spend.id, "yes");
    await w.decide(spend.id, "alice", "bob");
    await dissolve(w, "equal");
    const tents = await w.add("alice", "ledger.payout", { spend: spend.id, amount: 500, payee: "Tent Shop", memo: "" });
    await w.confirm("carol", tents.id);
    const s = await w.derive();
    expect(entry(s, tents.id)?.notAuthorised).toBe("no-passed-spend");
  });

  it("rules §4 dissolve: a payout naming the dissolve before its result applies is not authorised", async () => {
    const w = await windingUpPool();
    const p = await w.propose("alice", { kind: "dissolve", split: "equal" });
    const early = await w.add("alice", "ledger.payout", {
      spend: p.id,
      amount: 446,
      payee: memberPayee(w.id("bob")),
      memo: "Too soon",
    });
    await w.confirm("carol", early.id);
    const s = await w.derive();
    expect(entry(s, early.id)?.notAuthorised).toBe("no-passed-spend");
  });

  it("rules §4 dissolve: a split that is not equal, contributed or one named payee is refused (bad-data)", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    for (const split of ["half", { payee: "" }, { payee: "Co-op", share: 50 }, { member: w.id("bob") }]) {
      const e = await w.make("alice", "proposal.created", {
        kind: "dissolve",
        split,
        title: "Wind up",
        text: "",
        closesAt: w.now + 7 * 86_400_000,
      } as unknown as EventDataByType["proposal.created"]);
      expect(decodeEvent(e.id, e, sha256)).toMatchObject({ ok: false, reason: "bad-data" });
    }
  });

  it("rules §4 seal: a dissolve that two members sealed without the others' votes stops applying once those votes are restored", async () => {
    // alice and bob vote yes, carol and dave no (2–2 fails); alice seals only the yes votes and bob confirms.
    const w = await World.withMembers(["alice", "bob", "carol", "dave"]);
    const p = await w.propose("alice", { kind: "dissolve", split: "equal" }, { closesIn: 2 * DAY });
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
    const blocked = await w.propose("carol", { kind: "decision" }, { title: "Keep going" });
    let s = await w.derive();
    expect(s.dissolution?.proposal).toBe(p.id);
    expect(World.refusal(s, blocked.id)).toBe("pool-dissolved");
    for (const [name, vote] of [
      ["carol", c],
      ["dave", d],
    ] as const)
      await w.add(
        name,
        "proposal.vote-restored",
        { proposal: p.id, vote: vote.id },
        { parents: [confirmation.id, vote.id].sort() },
      );
    const again = await w.propose("carol", { kind: "decision" }, { title: "Keep going, really" });
    s = await w.derive();
    expect(s.proposals[p.id]?.decided).toMatchObject({ overturned: true, tally: { passed: false } });
    expect(s.dissolution).toBeUndefined();
    expect(World.refusal(s, again.id)).toBeUndefined();
  });
});
