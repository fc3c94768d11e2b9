import { describe, expect, it } from "vitest";
import { bucket, closeRound, openRound, poolWithMoney, SEVEN } from "../../helpers/rounds.ts";
import { DAY, World } from "../../helpers/world.ts";

const id = (w: World, n: string) => w.id(n);

describe("budget rounds (docs/rules.md §4.22)", () => {
  it("equal allocation: a round of $1,200.00 among 7 gives each 171.42, and 0.06 stays with the pool", async () => {
    const w = await poolWithMoney(SEVEN, 150_000);
    const round = await openRound(w, SEVEN, 120_000);
    const s = await w.derive();
    expect(s.rounds[round]).toMatchObject({ share: 17_142, remainder: 6, status: "open" });
    expect(s.rounds[round]?.electorate).toHaveLength(7);
    // the round's amount is reserved as soon as it opens
    expect(s.ledger.reserved).toBe(120_000);
    expect(s.ledger.available).toBe(30_000);
  });

  it("a bucket that reaches its minimum exactly is funded and becomes an approved spend of its total", async () => {
    const w = await poolWithMoney(SEVEN, 150_000);
    const round = await openRound(w, SEVEN, 120_000);
    const tents = await bucket(w, "carol", round, 30_000, undefined, "Tents");
    const stove = await bucket(w, "dave", round, 50_000, undefined, "Stove");
    await w.add("alice", "bucket.allocated", { bucket: tents.id, amount: 17_142 });
    await w.add("bob", "bucket.allocated", { bucket: tents.id, amount: 12_858 });
    await w.add("carol", "bucket.allocated", { bucket: stove.id, amount: 10_000 });
    await closeRound(w, round, "erin", "frank");
    const s = await w.derive();
    expect(s.audit).toEqual([]);
    const tentsView = s.rounds[round]?.buckets.find((b) => b.id === tents.id);
    expect(tentsView).toMatchObject({ total: 30_000, funded: true });
    expect(s.rounds[round]?.buckets.find((b) => b.id === stove.id)?.funded).toBe(false);
    expect(s.rounds[round]?.decided?.funded).toEqual([{ bucket: tents.id, amount: 30_000 }]);
    // everything unfunded returns to the pool's available money
    expect(s.ledger.reserved).toBe(30_000);
    expect(s.ledger.available).toBe(120_000);
    expect(s.ledger.approved.find((a) => a.id === tents.id)).toMatchObject({
      kind: "bucket",
      remaining: 30_000,
      payee: "Tents Ltd",
    });
  });

  it("a funded bucket is paid out and confirmed like any spend, to the cent", async () => {
    const w = await poolWithMoney(SEVEN, 150_000);
    const round = await openRound(w, SEVEN, 120_000);
    const tents = await bucket(w, "carol", round, 20_000, undefined, "Tents");
    await w.add("alice", "bucket.allocated", { bucket: tents.id, amount: 15_000 });
    await w.add("bob", "bucket.allocated", { bucket: tents.id, amount: 5_000 });
    await closeRound(w, round, "erin", "frank");
    const payout = await w.add("alice", "ledger.payout", {
      spend: tents.id,
      amount: 20_000,
      payee: "Tents Ltd",
      memo: "tents",
    });
    await w.confirm("bob", payout.id);
    const s = await w.derive();
    const entry = s.ledger.entries.find((e) => e.id === payout.id);
    expect(entry?.status).toBe("confirmed");
    expect(entry?.notAuthorised).toBeUndefined();
    expect(s.ledger.balance).toBe(130_000);
    expect(s.ledger.reserved).toBe(0);
  });

  it("maximum: a bucket takes nothing beyond it; the excess, in event order, stays with the allocator", async () => {
    const w = await poolWithMoney(SEVEN, 150_000);
    const round = await openRound(w, SEVEN, 120_000);
    const small = await bucket(w, "carol", round, 5_000, 20_000, "Maps");
    const other = await bucket(w, "dave", round, 1_000, undefined, "Rope");
    await w.add("alice", "bucket.allocated", { bucket: small.id, amount: 15_000 });
    await w.add("bob", "bucket.allocated", { bucket: small.id, amount: 10_000 });
    let s = await w.derive();
    const maps = s.rounds[round]?.buckets.find((b) => b.id === small.id);
    expect(maps?.total).toBe(20_000);
    expect(maps?.allocations[id(w, "bob")]).toBe(5_000);
    // bob's 5,000 that did not fit is his to place elsewhere: 17,142 − 5,000 is left
    const rope = await w.add("bob", "bucket.allocated", { bucket: other.id, amount: 12_142 });
    s = await w.derive();
    expect(World.refusal(s, rope.id)).toBeUndefined();
    expect(s.rounds[round]?.allocatedBy[id(w, "bob")]).toBe(17_142);
  });

  it("a round's per-bucket cap lowers every bucket's maximum", async () => {
    const w = await poolWithMoney(SEVEN, 150_000);
    const round = await openRound(w, SEVEN, 120_000, { bucketCap: 10_000 });
    const b = await bucket(w, "carol", round, 5_000, 50_000);
    const tooBig = await bucket(w, "dave", round, 11_000);
    const s = await w.derive();
    expect(s.rounds[round]?.buckets.find((x) => x.id === b.id)?.maximum).toBe(10_000);
    expect(World.refusal(s, tooBig.id)).toBe("bucket-over-cap");
  });

  it("a cancelled bucket's allocations return to their allocators", async () => {
    const w = await poolWithMoney(SEVEN, 150_000);
    const round = await openRound(w, SEVEN, 120_000);
    const b = await bucket(w, "carol", round, 5_000);
    await w.add("alice", "bucket.allocated", { bucket: b.id, amount: 17_142 });
    await w.add("carol", "bucket.cancelled", { bucket: b.id });
    const s = await w.derive();
    expect(s.rounds[round]?.allocatedBy[id(w, "alice")]).toBeUndefined();
    expect(s.rounds[round]?.buckets[0]).toMatchObject({ cancelled: true, total: 0, funded: false });
    const late = await w.add("bob", "bucket.allocated", { bucket: b.id, amount: 100 });
    expect(World.refusal(await w.derive(), late.id)).toBe("bucket-cancelled");
  });

  it("a member who leaves mid-round takes nothing along: their allocations return to the round", async () => {
    const w = await poolWithMoney(SEVEN, 150_000);
    const round = await openRound(w, SEVEN, 120_000);
    const b = await bucket(w, "carol", round, 30_000);
    await w.add("alice", "bucket.allocated", { bucket: b.id, amount: 17_142 });
    await w.add("bob", "bucket.allocated", { bucket: b.id, amount: 17_142 });
    await w.add("bob", "member.left", {});
    await closeRound(w, round, "erin", "frank");
    const s = await w.derive();
    expect(s.rounds[round]?.buckets[0]).toMatchObject({ total: 17_142, funded: false });
  });

  it("allocating more than one's share is refused as a whole (over-share)", async () => {
    const w = await poolWithMoney(SEVEN, 150_000);
    const round = await openRound(w, SEVEN, 120_000);
    const a = await bucket(w, "carol", round, 1_000, undefined, "A");
    const b = await bucket(w, "carol", round, 1_000, undefined, "B");
    await w.add("alice", "bucket.allocated", { bucket: a.id, amount: 10_000 });
    const over = await w.add("alice", "bucket.allocated", { bucket: b.id, amount: 7_143 });
    const s = await w.derive();
    expect(World.refusal(s, over.id)).toBe("over-share");
    expect(s.rounds[round]?.allocatedBy[id(w, "alice")]).toBe(10_000);
  });

  it("a member's last allocation to a bucket replaces the earlier one", async () => {
    const w = await poolWithMoney(SEVEN, 150_000);
    const round = await openRound(w, SEVEN, 120_000);
    const a = await bucket(w, "carol", round, 1_000);
    await w.add("alice", "bucket.allocated", { bucket: a.id, amount: 10_000 });
    await w.add("alice", "bucket.allocated", { bucket: a.id, amount: 17_000 });
    const s = await w.derive();
    expect(s.rounds[round]?.buckets[0]?.total).toBe(17_000);
  });

  it("allocating after the round closes is refused (round-closed)", async () => {
    const w = await poolWithMoney(SEVEN, 150_000);
    const round = await openRound(w, SEVEN, 120_000, { roundDays: 3, bucketDays: 2 });
    const a = await bucket(w, "carol", round, 1_000);
    w.tick(4 * DAY);
    const late = await w.add("alice", "bucket.allocated", { bucket: a.id, amount: 1_000 });
    expect(World.refusal(await w.derive(), late.id)).toBe("round-closed");
  });

  it("a bucket proposed after the bucket deadline is refused", async () => {
    const w = await poolWithMoney(SEVEN, 150_000);
    const round = await openRound(w, SEVEN, 120_000, { bucketDays: 2 });
    w.tick(3 * DAY);
    const late = await bucket(w, "carol", round, 1_000);
    expect(World.refusal(await w.derive(), late.id)).toBe("bucket-deadline-passed");
  });

  it("a non-member's allocation is refused, and so is one by a member who joined after the round's vote", async () => {
    const w = await poolWithMoney(SEVEN, 150_000);
    const round = await openRound(w, SEVEN, 120_000);
    const a = await bucket(w, "carol", round, 1_000);
    const stranger = await w.add("mallory", "bucket.allocated", { bucket: a.id, amount: 100 });
    await w.derive(); // honest authors build only on events they hold as valid
    await w.addMember("heidi", "alice");
    const newcomer = await w.add("heidi", "bucket.allocated", { bucket: a.id, amount: 100 });
    const s = await w.derive();
    expect(World.refusal(s, stranger.id)).toBe("not-a-member");
    expect(World.refusal(s, newcomer.id)).toBe("not-in-round");
  });

  it("a round seal that leaves out an allocation it holds cannot be confirmed", async () => {
    const w = await poolWithMoney(SEVEN, 150_000);
    const round = await openRound(w, SEVEN, 120_000, { roundDays: 3, bucketDays: 2 });
    const a = await bucket(w, "carol", round, 1_000);
    const mine = await w.add("alice", "bucket.allocated", { bucket: a.id, amount: 5_000 });
    w.tick(4 * DAY);
    const seal = await w.add("bob", "round.sealed", { round, allocations: [] });
    const confirmation = await w.add("carol", "round.seal-confirmed", { seal: seal.id });
    const s = await w.derive();
    expect(World.refusal(s, confirmation.id)).toBe("round-seal-lacks-allocation");
    expect(s.rounds[round]?.status).toBe("closed");
    expect(mine.id).toBeTruthy();
  });

  it("an allocation taken back (amount 0) leaves nothing for the seal to list, and the seal is confirmed", async () => {
    const w = await poolWithMoney(SEVEN, 150_000);
    const round = await openRound(w, SEVEN, 120_000);
    const tents = await bucket(w, "carol", round, 20_000, undefined, "Tents");
    await w.add("alice", "bucket.allocated", { bucket: tents.id, amount: 15_000 });
    await w.add("bob", "bucket.allocated", { bucket: tents.id, amount: 5_000 });
    await w.add("bob", "bucket.allocated", { bucket: tents.id, amount: 0 });
    await w.add("carol", "bucket.allocated", { bucket: tents.id, amount: 5_000 });
    const { confirmation } = await closeRound(w, round, "erin", "frank");
    const s = await w.derive();
    expect(World.refusal(s, confirmation.id)).toBeUndefined();
    expect(s.rounds[round]?.decided?.funded).toEqual([{ bucket: tents.id, amount: 20_000 }]);
    expect(s.rounds[round]?.buckets[0]?.allocations[id(w, "bob")]).toBeUndefined();
  });

  it("a seal that still counts an allocation its author took back cannot be confirmed by a phone holding the take-back", async () => {
    const w = await poolWithMoney(SEVEN, 150_000);
    const round = await openRound(w, SEVEN, 120_000, { roundDays: 3, bucketDays: 2 });
    const a = await bucket(w, "carol", round, 1_000);
    const given = await w.add("alice", "bucket.allocated", { bucket: a.id, amount: 5_000 });
    await w.add("alice", "bucket.allocated", { bucket: a.id, amount: 0 });
    w.tick(4 * DAY);
    const seal = await w.add("bob", "round.sealed", { round, allocations: [given.id] }, { parents: [given.id] });
    const confirmation = await w.add("carol", "round.seal-confirmed", { seal: seal.id });
    expect(World.refusal(await w.derive(), confirmation.id)).toBe("round-seal-lacks-allocation");
  });
});

describe("budget rounds: taking an allocation back", () => {
  it("an allocation of zero takes a member's money back out of a bucket, and the round still closes", async () => {
    const w = await poolWithMoney(SEVEN, 150_000);
    const round = await openRound(w, SEVEN, 120_000);
    const a = await bucket(w, "carol", round, 1_000);
    await w.add("alice", "bucket.allocated", { bucket: a.id, amount: 5_000 });
    await w.add("alice", "bucket.allocated", { bucket: a.id, amount: 0 });
    let s = await w.derive();
    expect(s.rounds[round]?.buckets[0]?.total).toBe(0);
    expect(s.rounds[round]?.allocatedBy[w.id("alice")]).toBeUndefined();
    await closeRound(w, round, "erin", "frank");
    s = await w.derive();
    expect(s.audit).toEqual([]);
    expect(s.rounds[round]?.status).toBe("decided");
  });
});
