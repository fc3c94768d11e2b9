import { describe, expect, it } from "vitest";
import type { EventId, PoolState } from "../../../src/core/index.ts";
import { personKeys, World, type World as WorldT } from "../../helpers/world.ts";

/** docs/rules.md §4.18: confirmation, spends and payouts, reservations, refunds and reversals. */

const entry = (s: PoolState, id: EventId) => s.ledger.entries.find((e) => e.id === id);

/** `from`'s dues, recorded by `recorder` and confirmed by `confirmer`. */
async function fund(w: WorldT, amount: number, from = "bob", recorder = "alice", confirmer = "carol") {
  const e = await w.contribute(recorder, from, amount);
  await w.confirm(confirmer, e.id);
  return e;
}

/** A spend that every named voter backs, decided (sealed by alice, confirmed by bob). */
async function passSpend(w: WorldT, amount: number, voters = ["alice", "bob", "carol"], payee = "Tent Shop") {
  const p = await w.propose("alice", { kind: "spend", amount, payee, purpose: "Two tents" });
  for (const name of voters) await w.vote(name, p.id, "yes");
  await w.decide(p.id, "alice", voters.includes("bob") ? "bob" : "carol");
  return p;
}

/** A payout against a spend, recorded by alice and confirmed by `confirmer`. */
async function pay(w: WorldT, spend: EventId, amount: number, payee = "Tent Shop", confirmer = "bob") {
  const e = await w.add("alice", "ledger.payout", { spend, amount, payee, memo: "Paid" });
  await w.confirm(confirmer, e.id);
  return e;
}

describe("ledger stories", () => {
  describe("confirmation", () => {
    it("ledger.confirmed: a contribution counts only once another member confirms it", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      const e = await w.contribute("alice", "bob", 2500);
      let s = await w.derive();
      expect(entry(s, e.id)?.status).toBe("awaiting-confirmation");
      expect(s.ledger.balance).toBe(0);
      await w.confirm("carol", e.id);
      s = await w.derive();
      expect(entry(s, e.id)).toMatchObject({ status: "confirmed", confirmedBy: w.id("carol") });
      expect(s.ledger.balance).toBe(2500);
      expect(s.members[w.id("bob")]?.contributed).toEqual({ "buy-in": 0, dues: 2500, donation: 0 });
    });

    it("ledger.confirmed: the entry's author may not confirm it (confirm-own-entry)", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      const e = await w.contribute("alice", "bob", 2500);
      const c = await w.confirm("alice", e.id);
      const s = await w.derive();
      expect(World.refusal(s, c.id)).toBe("confirm-own-entry");
    });

    it("ledger.confirmed: the member an entry names may not confirm it either (confirm-own-entry)", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      const e = await w.contribute("alice", "bob", 2500);
      const c = await w.confirm("bob", e.id);
      const s = await w.derive();
      expect(World.refusal(s, c.id)).toBe("confirm-own-entry");
      expect(s.ledger.balance).toBe(0);
    });

    it("ledger.confirmed: a second confirmation of the same entry is refused (already-confirmed)", async () => {
      const w = await World.withMembers(["alice", "bob", "carol", "dave"]);
      const e = await w.contribute("alice", "bob", 2500);
      await w.confirm("carol", e.id);
      const again = await w.confirm("dave", e.id);
      const s = await w.derive();
      expect(World.refusal(s, again.id)).toBe("already-confirmed");
      expect(s.ledger.balance).toBe(2500);
    });

    it("ledger.contribution: an outsider's donation counts once a member confirms it", async () => {
      const w = await World.withMembers(["alice", "bob"]);
      const e = await w.add("alice", "ledger.contribution", {
        amount: 5000,
        from: { outsider: "Town council" },
        kind: "donation",
        memo: "Grant",
      });
      await w.confirm("bob", e.id);
      const s = await w.derive();
      expect(s.ledger.balance).toBe(5000);
    });
  });

  describe("confirmBy rules", () => {
    const carol = personKeys("carol").id;
    const dave = personKeys("dave").id;

    it("confirmBy treasurer: a member who is not a treasurer may not confirm (not-treasurer)", async () => {
      const w = await World.withMembers(["alice", "bob", "carol", "dave"], {
        confirmBy: "treasurer",
        treasurers: [carol],
      });
      const e = await w.contribute("alice", "bob", 1000);
      const c = await w.confirm("dave", e.id);
      const s = await w.derive();
      expect(World.refusal(s, c.id)).toBe("not-treasurer");
    });

    it("confirmBy treasurer: the treasurer confirms", async () => {
      const w = await World.withMembers(["alice", "bob", "carol", "dave"], {
        confirmBy: "treasurer",
        treasurers: [carol],
      });
      const e = await w.contribute("alice", "bob", 1000);
      await w.confirm("carol", e.id);
      const s = await w.derive();
      expect(s.ledger.balance).toBe(1000);
    });

    it("confirmBy treasurer: a treasurer's own entry is confirmed by another treasurer, not by any member", async () => {
      const w = await World.withMembers(["alice", "bob", "carol", "dave"], {
        confirmBy: "treasurer",
        treasurers: [carol, dave],
      });
      const e = await w.contribute("carol", "bob", 1000);
      // two attempts side by side (a refused event adds nothing to the past of what follows it)
      const byAlice = await w.add("alice", "ledger.confirmed", { entry: e.id }, { parents: [e.id] });
      const byDave = await w.add("dave", "ledger.confirmed", { entry: e.id }, { parents: [e.id] });
      const s = await w.derive();
      expect(World.refusal(s, byAlice.id)).toBe("not-treasurer");
      expect(World.refusal(s, byDave.id)).toBeUndefined();
      expect(s.ledger.balance).toBe(1000);
    });

    it("confirmBy treasurer: a treasurer's own entry is confirmed by any member when there is no other treasurer", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"], { confirmBy: "treasurer", treasurers: [carol] });
      const e = await w.contribute("carol", "carol", 1000);
      await w.confirm("alice", e.id);
      const s = await w.derive();
      expect(s.ledger.balance).toBe(1000);
    });

    it("confirmBy treasurer: an entry naming the only treasurer is confirmed by any other member", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"], { confirmBy: "treasurer", treasurers: [carol] });
      // alice records carol's dues: carol may not confirm what names her, and there is no other treasurer
      const e = await w.contribute("alice", "carol", 1000);
      const c = await w.confirm("bob", e.id);
      const s = await w.derive();
      expect(World.refusal(s, c.id)).toBeUndefined();
      expect(s.ledger.balance).toBe(1000);
    });

    it("confirmBy treasurer: when the only treasurer has left, any other member confirms", async () => {
      const w = await World.withMembers(["alice", "bob", "carol", "dave"], {
        confirmBy: "treasurer",
        treasurers: [carol],
      });
      await w.add("carol", "member.left", {});
      const e = await w.contribute("alice", "bob", 1000);
      const c = await w.confirm("dave", e.id);
      const s = await w.derive();
      expect(World.refusal(s, c.id)).toBeUndefined();
      expect(s.ledger.balance).toBe(1000);
    });

    it("confirmBy none: entries count at once, with no confirmation", async () => {
      const w = await World.withMembers(["alice", "bob"], { confirmBy: "none" });
      const e = await w.contribute("alice", "bob", 1000);
      const s = await w.derive();
      expect(entry(s, e.id)?.status).toBe("confirmed");
      expect(s.ledger.balance).toBe(1000);
    });

    it("confirmBy none: confirming an entry that already counts is refused (already-confirmed)", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"], { confirmBy: "none" });
      const e = await w.contribute("alice", "bob", 1000);
      const c = await w.confirm("carol", e.id);
      const s = await w.derive();
      expect(World.refusal(s, c.id)).toBe("already-confirmed");
      expect(s.ledger.balance).toBe(1000);
    });
  });

  describe("a pool of one", () => {
    it("pool of one: alice's entries wait for confirmation, and she cannot confirm them herself", async () => {
      const w = await World.found("alice");
      const e = await w.contribute("alice", "alice", 1000);
      const c = await w.confirm("alice", e.id);
      const s = await w.derive();
      expect(World.refusal(s, c.id)).toBe("confirm-own-entry");
      expect(entry(s, e.id)?.status).toBe("awaiting-confirmation");
      expect(s.ledger.balance).toBe(0);
    });

    it("pool of one: an outsider's donation recorded by alice still waits — there is nobody else to confirm", async () => {
      const w = await World.found("alice");
      const e = await w.add("alice", "ledger.contribution", {
        amount: 300,
        from: { outsider: "Aunt" },
        kind: "donation",
        memo: "",
      });
      const c = await w.confirm("alice", e.id);
      const s = await w.derive();
      expect(World.refusal(s, c.id)).toBe("confirm-own-entry");
      expect(s.ledger.balance).toBe(0);
    });

    it("pool of one: a founder who chose confirmBy none has her entries count at once", async () => {
      const w = await World.found("alice", { confirmBy: "none" });
      await w.contribute("alice", "alice", 1000);
      const s = await w.derive();
      expect(s.ledger.balance).toBe(1000);
    });

    it("pool of one: alice cannot decide anything — she may not confirm her own seal (own-seal)", async () => {
      const w = await World.found("alice");
      const p = await w.propose("alice", { kind: "decision" });
      await w.vote("alice", p.id, "yes");
      const { confirmation } = await w.decide(p.id, "alice", "alice");
      const s = await w.derive();
      expect(World.refusal(s, confirmation.id)).toBe("own-seal");
      expect(s.proposals[p.id]?.decided).toBeUndefined();
    });
  });

  describe("spends and payouts", () => {
    it("spend: a passed, confirmed spend reserves its amount from the balance", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      await fund(w, 1000);
      const p = await passSpend(w, 340);
      const s = await w.derive();
      expect(s.proposals[p.id]?.spend).toMatchObject({
        amount: 340,
        paid: 0,
        remaining: 340,
        reserved: 340,
        waiting: false,
      });
      expect(s.ledger).toMatchObject({ balance: 1000, reserved: 340, available: 660 });
    });

    it("spend: a passed spend reserves nothing until its seal is confirmed", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      await fund(w, 1000);
      const p = await w.propose("alice", { kind: "spend", amount: 340, payee: "Tent Shop", purpose: "Tents" });
      for (const name of ["alice", "bob", "carol"]) await w.vote(name, p.id, "yes");
      const s = await w.derive();
      expect(s.proposals[p.id]?.spend).toBeUndefined();
      expect(s.ledger.reserved).toBe(0);
    });

    it("payout: a confirmed payout within the spend pays it and moves the balance, unflagged", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      await fund(w, 1000);
      const p = await passSpend(w, 340);
      const out = await pay(w, p.id, 340);
      const s = await w.derive();
      expect(entry(s, out.id)).toMatchObject({ status: "confirmed", amount: -340 });
      expect(entry(s, out.id)?.notAuthorised).toBeUndefined();
      expect(s.proposals[p.id]?.spend).toMatchObject({ paid: 340, remaining: 0, reserved: 0 });
      expect(s.ledger).toMatchObject({ balance: 660, reserved: 0, available: 660 });
    });

    it("payout: two partial payouts add up to the spend, both authorised", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      await fund(w, 1000);
      const p = await passSpend(w, 340);
      const a = await pay(w, p.id, 200);
      const b = await pay(w, p.id, 140);
      const s = await w.derive();
      expect([entry(s, a.id)?.notAuthorised, entry(s, b.id)?.notAuthorised]).toEqual([undefined, undefined]);
      expect(s.proposals[p.id]?.spend?.remaining).toBe(0);
    });

    it("overspend: a payout above the approved amount is flagged beyond-approved but still moves the balance", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      await fund(w, 1000);
      const p = await passSpend(w, 340);
      const out = await pay(w, p.id, 400);
      const s = await w.derive();
      expect(entry(s, out.id)).toMatchObject({ status: "confirmed", notAuthorised: "beyond-approved" });
      expect(s.ledger.balance).toBe(600);
    });

    it("cover: a payout made before any spend passed is flagged, then put right by a passed spend that covers it", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      await fund(w, 1000);
      const out = await w.add("alice", "ledger.payout", {
        spend: w.genesisId,
        amount: 120,
        payee: "Bus Co",
        memo: "Urgent",
      });
      await w.confirm("bob", out.id);
      let s = await w.derive();
      expect(entry(s, out.id)?.notAuthorised).toBe("no-passed-spend");
      const p = await w.propose("alice", {
        kind: "spend",
        amount: 120,
        payee: "Bus Co",
        purpose: "Bus",
        covers: [out.id],
      });
      for (const name of ["alice", "bob", "carol"]) await w.vote(name, p.id, "yes");
      await w.decide(p.id, "alice", "bob");
      s = await w.derive();
      expect(entry(s, out.id)?.notAuthorised).toBeUndefined();
      expect(s.proposals[p.id]?.spend).toMatchObject({ paid: 120, remaining: 0 });
      expect(s.ledger.balance).toBe(880);
    });
  });

  describe("competing spends and the waiting queue", () => {
    it("reserved: of two passed spends, the first decided is reserved first; the second waits for money", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      await fund(w, 500);
      const a = await w.propose("alice", { kind: "spend", amount: 400, payee: "Tent Shop", purpose: "Tents" });
      const b = await w.propose("alice", { kind: "spend", amount: 300, payee: "Stove Shop", purpose: "Stove" });
      for (const p of [a, b]) for (const name of ["alice", "bob", "carol"]) await w.vote(name, p.id, "yes");
      // b was proposed later but is decided first: decision order, not proposal order, is the queue
      await w.decide(b.id, "alice", "bob");
      await w.decide(a.id, "alice", "bob");
      const s = await w.derive();
      expect(s.proposals[b.id]?.spend).toMatchObject({ reserved: 300, waiting: false });
      expect(s.proposals[a.id]?.spend).toMatchObject({ reserved: 0, waiting: true });
      expect(s.ledger).toMatchObject({ balance: 500, reserved: 300, available: 200, shortfall: 400 });
    });

    it("reserved: a small spend behind a waiting one waits too, though it would fit", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      await fund(w, 500);
      const first = await passSpend(w, 400);
      const big = await passSpend(w, 300, undefined, "Stove Shop");
      const small = await passSpend(w, 50, undefined, "Map Shop");
      const s = await w.derive();
      expect(s.proposals[first.id]?.spend?.waiting).toBe(false);
      expect(s.proposals[big.id]?.spend?.waiting).toBe(true);
      expect(s.proposals[small.id]?.spend).toMatchObject({ waiting: true, reserved: 0 });
      expect(s.ledger.available).toBe(100);
    });

    it("reserved: a waiting spend is reserved once money comes in", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      await fund(w, 500);
      await passSpend(w, 400);
      const second = await passSpend(w, 300, undefined, "Stove Shop");
      await fund(w, 200, "carol", "alice", "bob");
      const s = await w.derive();
      expect(s.proposals[second.id]?.spend).toMatchObject({ waiting: false, reserved: 300 });
      expect(s.ledger.available).toBe(0);
    });

    it("reserved: a payout against a spend that waits is beyond its reserved money (beyond-approved)", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      await fund(w, 500);
      await passSpend(w, 400);
      const second = await passSpend(w, 300, undefined, "Stove Shop");
      const out = await pay(w, second.id, 300, "Stove Shop");
      const s = await w.derive();
      expect(entry(s, out.id)?.notAuthorised).toBe("beyond-approved");
    });

    it("reserved: when a reversal drops the balance below what is reserved, the newest reservation goes back to waiting", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      await fund(w, 700);
      const bounced = await fund(w, 300, "carol", "alice", "bob");
      const older = await passSpend(w, 400);
      const newer = await passSpend(w, 500, undefined, "Stove Shop");
      let s = await w.derive();
      expect(s.proposals[newer.id]?.spend?.waiting).toBe(false);
      const rev = await w.add("alice", "ledger.reversal", { entry: bounced.id, memo: "Bounced" });
      await w.confirm("bob", rev.id);
      s = await w.derive();
      expect(s.proposals[older.id]?.spend).toMatchObject({ waiting: false, reserved: 400 });
      expect(s.proposals[newer.id]?.spend).toMatchObject({ waiting: true, reserved: 0 });
      expect(s.ledger).toMatchObject({ balance: 700, reserved: 400, available: 300, shortfall: 500 });
    });

    it("cancel-spend: a passed cancel-spend ends the unpaid part and the waiting spend behind moves up", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      await fund(w, 500);
      const first = await passSpend(w, 400);
      const second = await passSpend(w, 300, undefined, "Stove Shop");
      const cancel = await w.propose("alice", { kind: "cancel-spend", spend: first.id });
      for (const name of ["alice", "bob", "carol"]) await w.vote(name, cancel.id, "yes");
      await w.decide(cancel.id, "alice", "bob");
      const s = await w.derive();
      expect(s.proposals[first.id]?.spend).toMatchObject({ cancelled: true, remaining: 0 });
      expect(s.proposals[second.id]?.spend).toMatchObject({ waiting: false, reserved: 300 });
    });
  });

  describe("refunds", () => {
    /** bob's 300 buy-in and alice's 700 dues, both confirmed by carol. */
    async function poolWithBuyIn() {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      const buyIn = await w.contribute("alice", "bob", 300, "buy-in");
      await w.confirm("carol", buyIn.id);
      await fund(w, 700, "alice", "bob", "carol");
      return w;
    }

    it("refundOnLeave: bob who leaves is owed his buy-in, and it is reserved before any spend", async () => {
      const w = await poolWithBuyIn();
      await w.add("bob", "member.left", {});
      const spend = await passSpend(w, 800, ["alice", "carol"]);
      const s = await w.derive();
      expect(s.members[w.id("bob")]?.refundOwed).toBe(300);
      expect(s.ledger).toMatchObject({ balance: 1000, refundsOwed: 300, reserved: 300, available: 700 });
      expect(s.proposals[spend.id]?.spend?.waiting).toBe(true);
    });

    it("refundOnLeave: dues are not refunded — only the buy-in is owed", async () => {
      const w = await poolWithBuyIn();
      await fund(w, 500, "bob", "alice", "carol");
      await w.add("bob", "member.left", {});
      const s = await w.derive();
      expect(s.members[w.id("bob")]?.refundOwed).toBe(300);
    });

    it("refundOnLeave: a refund of what is owed settles it, unflagged", async () => {
      const w = await poolWithBuyIn();
      await w.add("bob", "member.left", {});
      const refund = await w.add("alice", "ledger.refund", { member: w.id("bob"), amount: 300, memo: "Your buy-in" });
      await w.confirm("carol", refund.id);
      const s = await w.derive();
      expect(entry(s, refund.id)?.notAuthorised).toBeUndefined();
      expect(s.ledger).toMatchObject({ balance: 700, refundsOwed: 0, reserved: 0 });
      expect(s.members[w.id("bob")]?.refundOwed).toBe(0);
    });

    it("refundOnLeave: a refund beyond what is owed is flagged refund-beyond-owed, and still counts", async () => {
      const w = await poolWithBuyIn();
      await w.add("bob", "member.left", {});
      const refund = await w.add("alice", "ledger.refund", { member: w.id("bob"), amount: 400, memo: "Oops" });
      await w.confirm("carol", refund.id);
      const s = await w.derive();
      expect(entry(s, refund.id)?.notAuthorised).toBe("refund-beyond-owed");
      expect(s.ledger.balance).toBe(600);
    });

    it("refundOnLeave: a refund to a member still active is flagged refund-not-owed, and still counts", async () => {
      const w = await poolWithBuyIn();
      const refund = await w.add("alice", "ledger.refund", { member: w.id("bob"), amount: 300, memo: "Early" });
      await w.confirm("carol", refund.id);
      const s = await w.derive();
      expect(entry(s, refund.id)?.notAuthorised).toBe("refund-not-owed");
      expect(s.ledger.balance).toBe(700);
    });

    it("refundOnLeave off: a member who leaves is owed nothing", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"], { refundOnLeave: false });
      const buyIn = await w.contribute("alice", "bob", 300, "buy-in");
      await w.confirm("carol", buyIn.id);
      await w.add("bob", "member.left", {});
      const s = await w.derive();
      expect(s.members[w.id("bob")]?.refundOwed).toBe(0);
      expect(s.ledger.refundsOwed).toBe(0);
    });
  });

  describe("reversals", () => {
    it("ledger.reversal: reversing a confirmed contribution undoes it once confirmed", async () => {
      const w = await World.withMembers(["alice", "bob", "carol", "dave"]);
      const e = await fund(w, 1000);
      const rev = await w.add("alice", "ledger.reversal", { entry: e.id, memo: "Typed the wrong amount" });
      await w.confirm("carol", rev.id);
      const s = await w.derive();
      expect(entry(s, e.id)?.status).toBe("reversed");
      expect(entry(s, rev.id)).toMatchObject({ status: "confirmed", amount: -1000 });
      expect(s.ledger.balance).toBe(0);
    });

    it("ledger.reversal: an entry is reversed only once; a second reversal is refused (already-reversed)", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      const e = await fund(w, 1000);
      const first = await w.add("alice", "ledger.reversal", { entry: e.id, memo: "Mistake" });
      await w.confirm("carol", first.id);
      const second = await w.add("carol", "ledger.reversal", { entry: e.id, memo: "Mistake again" });
      const s = await w.derive();
      expect(World.refusal(s, second.id)).toBe("already-reversed");
      expect(s.ledger.balance).toBe(0);
    });

    it("ledger.reversal: a reversal cannot itself be reversed (reverse-reversal)", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      const e = await fund(w, 1000);
      const rev = await w.add("alice", "ledger.reversal", { entry: e.id, memo: "Mistake" });
      await w.confirm("carol", rev.id);
      const back = await w.add("carol", "ledger.reversal", { entry: rev.id, memo: "Undo the undo" });
      const s = await w.derive();
      expect(World.refusal(s, back.id)).toBe("reverse-reversal");
      expect(s.ledger.balance).toBe(0);
    });

    it("ledger.reversal: reversing a payout reopens that much of its spend", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      await fund(w, 1000);
      const p = await passSpend(w, 340);
      const out = await pay(w, p.id, 340);
      const rev = await w.add("alice", "ledger.reversal", { entry: out.id, memo: "Shop refunded us" });
      await w.confirm("carol", rev.id);
      const s = await w.derive();
      expect(s.proposals[p.id]?.spend).toMatchObject({ paid: 0, remaining: 340, reserved: 340 });
      expect(s.ledger).toMatchObject({ balance: 1000, available: 660 });
    });

    it("ledger.reversal: reversing a payout that never counted against its spend reopens nothing", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      await fund(w, 1000);
      const p = await w.propose("alice", { kind: "spend", amount: 340, payee: "Tent Shop", purpose: "Tents" });
      for (const name of ["alice", "bob", "carol"]) await w.vote(name, p.id, "yes");
      // paid before the spend was decided: flagged, and not charged to it
      const early = await pay(w, p.id, 340);
      await w.decide(p.id, "alice", "bob");
      const rev = await w.add("alice", "ledger.reversal", { entry: early.id, memo: "Undo the early payment" });
      await w.confirm("carol", rev.id);
      const s = await w.derive();
      expect(s.proposals[p.id]?.spend).toMatchObject({ amount: 340, paid: 0, remaining: 340 });
    });

    it("ledger.reversal: reversing a flagged payout clears the flag", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      await fund(w, 1000);
      const p = await passSpend(w, 340);
      const out = await pay(w, p.id, 340, "Someone Else");
      const rev = await w.add("alice", "ledger.reversal", { entry: out.id, memo: "Wrong payee" });
      await w.confirm("carol", rev.id);
      const s = await w.derive();
      expect(entry(s, out.id)).toMatchObject({ status: "reversed" });
      expect(entry(s, out.id)?.notAuthorised).toBeUndefined();
      expect(s.ledger.balance).toBe(1000);
    });

    it("ledger.reversal: reversing a refund makes the buy-in owed again", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      const buyIn = await w.contribute("alice", "bob", 300, "buy-in");
      await w.confirm("carol", buyIn.id);
      await w.add("bob", "member.left", {});
      const refund = await w.add("alice", "ledger.refund", { member: w.id("bob"), amount: 300, memo: "" });
      await w.confirm("carol", refund.id);
      const rev = await w.add("carol", "ledger.reversal", { entry: refund.id, memo: "Bank bounced it" });
      await w.confirm("alice", rev.id);
      const s = await w.derive();
      expect(s.members[w.id("bob")]?.refundOwed).toBe(300);
      expect(s.ledger.balance).toBe(300);
    });

    it("ledger.reversal: a reversal confirmed before its entry means the entry never counts", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      const e = await w.contribute("alice", "bob", 1000);
      const rev = await w.add("alice", "ledger.reversal", { entry: e.id, memo: "Never arrived" });
      await w.confirm("carol", rev.id);
      await w.confirm("carol", e.id);
      const s = await w.derive();
      expect(entry(s, e.id)?.status).toBe("reversed");
      expect(s.ledger.balance).toBe(0);
    });

    it("ledger.reversal: the member the reversed entry names may not confirm the reversal (confirm-own-entry)", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      const e = await fund(w, 1000);
      const rev = await w.add("alice", "ledger.reversal", { entry: e.id, memo: "Mistake" });
      const c = await w.confirm("bob", rev.id);
      const s = await w.derive();
      expect(World.refusal(s, c.id)).toBe("confirm-own-entry");
    });
  });
});
