import { describe, expect, it } from "vitest";
import type { EventId, PoolState } from "../../../src/core/index.ts";
import { World } from "../../helpers/world.ts";

/**
 * docs/rules.md §4.18: "A confirmed entry always moves the balance, because the ledger must
 * match the real cash box." Spending the group did not approve is not refused: it counts and is
 * flagged to everyone. Each test shows the flag and that the balance moved by exactly the amount.
 */

const entry = (s: PoolState, id: EventId) => s.ledger.entries.find((e) => e.id === id);

/** alice, bob and carol; 1000 in the pool; a 340 spend to the Tent Shop passed and confirmed. */
async function poolWithSpend() {
  const w = await World.withMembers(["alice", "bob", "carol"]);
  const dues = await w.contribute("alice", "bob", 1000);
  await w.confirm("carol", dues.id);
  const spend = await w.propose("alice", { kind: "spend", amount: 340, payee: "Tent Shop", purpose: "Two tents" });
  for (const name of ["alice", "bob", "carol"]) await w.vote(name, spend.id, "yes");
  await w.decide(spend.id, "alice", "bob");
  return { w, spend };
}

/** Records and confirms a payout, returning the state before it and after it. */
async function payAndCompare(w: World, data: { spend: EventId; amount: number; payee: string }) {
  const before = await w.derive();
  const payout = await w.add("alice", "ledger.payout", { ...data, memo: "Paid" });
  await w.confirm("carol", payout.id);
  const after = await w.derive();
  return { before, after, payout };
}

describe("adversarial: unauthorised payouts are flagged, not refused", () => {
  it("beyond-approved: a confirmed payout above the approved amount is flagged and still moves the balance", async () => {
    const { w, spend } = await poolWithSpend();
    const { before, after, payout } = await payAndCompare(w, { spend: spend.id, amount: 500, payee: "Tent Shop" });
    expect(World.refusal(after, payout.id)).toBeUndefined();
    expect(entry(after, payout.id)).toMatchObject({ status: "confirmed", notAuthorised: "beyond-approved" });
    expect(after.ledger.balance).toBe(before.ledger.balance - 500);
  });

  it("other-payee: a confirmed payout to someone the spend does not name is flagged and still moves the balance", async () => {
    const { w, spend } = await poolWithSpend();
    const { before, after, payout } = await payAndCompare(w, { spend: spend.id, amount: 340, payee: "Alice's Cousin" });
    expect(entry(after, payout.id)).toMatchObject({ status: "confirmed", notAuthorised: "other-payee" });
    expect(after.ledger.balance).toBe(before.ledger.balance - 340);
    // the spend itself is untouched: its money is still reserved for the Tent Shop
    expect(after.proposals[spend.id]?.spend).toMatchObject({ paid: 0, remaining: 340 });
  });

  it("no-passed-spend: a confirmed payout naming no spend at all is flagged and still moves the balance", async () => {
    const { w } = await poolWithSpend();
    const { before, after, payout } = await payAndCompare(w, { spend: w.genesisId, amount: 120, payee: "Bus Co" });
    expect(entry(after, payout.id)).toMatchObject({ status: "confirmed", notAuthorised: "no-passed-spend" });
    expect(after.ledger.balance).toBe(before.ledger.balance - 120);
  });

  it("no-passed-spend: a payout against a spend that failed is flagged", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const dues = await w.contribute("alice", "bob", 1000);
    await w.confirm("carol", dues.id);
    const spend = await w.propose("alice", { kind: "spend", amount: 340, payee: "Tent Shop", purpose: "Tents" });
    await w.vote("alice", spend.id, "yes");
    await w.vote("bob", spend.id, "no");
    await w.vote("carol", spend.id, "no");
    await w.decide(spend.id, "alice", "bob");
    const { before, after, payout } = await payAndCompare(w, { spend: spend.id, amount: 340, payee: "Tent Shop" });
    expect(entry(after, payout.id)?.notAuthorised).toBe("no-passed-spend");
    expect(after.ledger.balance).toBe(before.ledger.balance - 340);
  });

  it("no-passed-spend: a payout whose confirmation does not hold the spend's decision is flagged", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const dues = await w.contribute("alice", "bob", 1000);
    await w.confirm("carol", dues.id);
    const spend = await w.propose("alice", { kind: "spend", amount: 340, payee: "Tent Shop", purpose: "Tents" });
    for (const name of ["alice", "bob", "carol"]) await w.vote(name, spend.id, "yes");
    // paid and confirmed on phones that had not seen the result yet
    const payout = await w.add("alice", "ledger.payout", {
      spend: spend.id,
      amount: 340,
      payee: "Tent Shop",
      memo: "",
    });
    await w.confirm("carol", payout.id);
    await w.decide(spend.id, "alice", "bob");
    const s = await w.derive();
    expect(entry(s, payout.id)?.notAuthorised).toBe("no-passed-spend");
    expect(s.ledger.balance).toBe(660);
  });

  it("flagged: an unconfirmed unauthorised payout neither moves the balance nor counts yet", async () => {
    const { w, spend } = await poolWithSpend();
    const before = await w.derive();
    const payout = await w.add("alice", "ledger.payout", {
      spend: spend.id,
      amount: 9000,
      payee: "Tent Shop",
      memo: "",
    });
    const after = await w.derive();
    expect(entry(after, payout.id)?.status).toBe("awaiting-confirmation");
    expect(after.ledger.balance).toBe(before.ledger.balance);
  });

  it("flagged: the balance may go below zero — the ledger follows the real cash box", async () => {
    const { w, spend } = await poolWithSpend();
    const { after, payout } = await payAndCompare(w, { spend: spend.id, amount: 1500, payee: "Tent Shop" });
    expect(entry(after, payout.id)?.notAuthorised).toBe("beyond-approved");
    expect(after.ledger.balance).toBe(-500);
    expect(after.ledger.available).toBe(0);
  });
});
