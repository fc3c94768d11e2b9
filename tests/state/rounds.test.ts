/**
 * What the round screens read and check before anything is signed (src/state/rounds.ts and
 * checkRoundSpec): how much I may give a bucket and why, when a round needs a seal and whose
 * seal this phone confirms, and that funded buckets are what a payout is for afterwards.
 * Three members share a $300.00 round: $100.00 each.
 */
import { describe, expect, it } from "vitest";
import { checkRoundSpec } from "../../src/state/commands/rounds.ts";
import {
  givingLimit,
  myRemaining,
  needsRoundSeal,
  roundPhase,
  roundSealToConfirm,
  whyRoundNotConfirmable,
} from "../../src/state/rounds.ts";
import { payableApproved, payableSpends } from "../../src/state/selectors.ts";
import { bucket, openRound } from "../helpers/rounds.ts";
import { DAY, HOUR, World } from "../helpers/world.ts";

const THREE = ["alice", "bob", "carol"];

/** A pool holding $300.00 with a $300.00 round open; sealing waits an hour after the close. */
async function spring() {
  const w = await World.withMembers(THREE, { minVotingHours: 0, sealAfterHours: 1 });
  const gift = await w.add("alice", "ledger.contribution", {
    amount: 30_000,
    from: { outsider: "Grant" },
    kind: "donation",
    memo: "",
  });
  await w.confirm("bob", gift.id);
  const round = await openRound(w, THREE, 30_000, { roundDays: 3, bucketDays: 2 });
  const stove = await bucket(w, "bob", round, 12_000, 15_000, "Camp stove");
  const books = await bucket(w, "carol", round, 20_000, undefined, "Trail guidebooks");
  return { w, round, stove: stove.id, books: books.id };
}

describe("giving to a bucket", () => {
  it("my share sets the limit, less what sits in other buckets (not what sits in this one)", async () => {
    const { w, round, stove, books } = await spring();
    await w.add("carol", "bucket.allocated", { bucket: books, amount: 6_000 });
    const r = (await w.derive()).rounds[round]!;
    const carol = w.id("carol");
    expect(myRemaining(r, carol)).toBe(4_000);
    expect(givingLimit(r, r.buckets.find((b) => b.id === stove)!, carol)).toMatchObject({ limit: 4_000, by: "share" });
    // In the bucket she already gives to, she may raise her gift to her whole share.
    expect(givingLimit(r, r.buckets.find((b) => b.id === books)!, carol)).toMatchObject({
      limit: 10_000,
      mine: 6_000,
      by: "share",
    });
  });

  it("a bucket near its maximum sets the limit when it has less room than my share", async () => {
    const { w, round, stove } = await spring();
    await w.add("alice", "bucket.allocated", { bucket: stove, amount: 10_000 });
    await w.add("bob", "bucket.allocated", { bucket: stove, amount: 3_000 });
    const r = (await w.derive()).rounds[round]!;
    const b = r.buckets.find((x) => x.id === stove)!;
    expect(givingLimit(r, b, w.id("carol"))).toMatchObject({ limit: 2_000, room: 2_000, by: "bucket" });
    // bob may still move his own $30.00 around within the room his gift takes.
    expect(givingLimit(r, b, w.id("bob"))).toMatchObject({ limit: 5_000, by: "bucket" });
  });
});

describe("closing a round", () => {
  it("after the close it needs a seal; another member confirms it only once the late window is over", async () => {
    const { w, round, stove, books } = await spring();
    await w.add("alice", "bucket.allocated", { bucket: stove, amount: 10_000 });
    await w.add("bob", "bucket.allocated", { bucket: stove, amount: 3_000 });
    await w.add("carol", "bucket.allocated", { bucket: stove, amount: 2_000 });
    await w.add("carol", "bucket.allocated", { bucket: stove, amount: 0 }); // carol takes hers back
    await w.add("carol", "bucket.allocated", { bucket: books, amount: 6_000 });
    let s = await w.derive();
    const closesAt = s.rounds[round]!.closesAt;
    expect(needsRoundSeal(s.rounds[round]!, closesAt - 1)).toBe(false);
    expect(roundPhase(s.rounds[round]!, closesAt)).toBe("closed");
    expect(needsRoundSeal(s.rounds[round]!, closesAt)).toBe(true);

    w.now = closesAt + 1;
    await w.add("alice", "round.sealed", { round, allocations: s.rounds[round]!.countingAllocations });
    s = await w.derive();
    const r = s.rounds[round]!;
    expect(needsRoundSeal(r, w.now)).toBe(false);
    expect(roundSealToConfirm(s, r, w.id("alice"), closesAt + 2 * HOUR)).toBeUndefined(); // her own seal
    expect(roundSealToConfirm(s, r, w.id("bob"), closesAt + HOUR - 1)).toBeUndefined();
    expect(whyRoundNotConfirmable(s, r, w.id("bob"), closesAt + HOUR - 1)).toMatch(/^Allocations made offline/);
    const seal = roundSealToConfirm(s, r, w.id("bob"), closesAt + HOUR);
    expect(seal).toBe(r.seals[0]!.id);

    // Before the result, the round's reservation is not something to pay out.
    expect(payableSpends(s)).toEqual([]);
    expect(payableApproved(s)).toEqual([]);
    w.now = closesAt + HOUR;
    await w.add("bob", "round.seal-confirmed", { seal: seal! });
    s = await w.derive();
    expect(s.audit).toEqual([]);
    expect(roundPhase(s.rounds[round]!, w.now)).toBe("decided");
    expect(payableApproved(s)).toMatchObject([
      { id: stove, title: "Camp stove (budget round)", spend: { amount: 13_000, payee: "Camp stove Ltd" } },
    ]);
  });

  it("a seal that counts differently from this phone is not confirmed from it", async () => {
    const { w, round, stove } = await spring();
    await w.add("alice", "bucket.allocated", { bucket: stove, amount: 10_000 });
    const closesAt = (await w.derive()).rounds[round]!.closesAt;
    w.now = closesAt + 1;
    await w.add("carol", "round.sealed", { round, allocations: [] });
    const s = await w.derive();
    const r = s.rounds[round]!;
    expect(roundSealToConfirm(s, r, w.id("bob"), closesAt + DAY)).toBeUndefined();
    expect(whyRoundNotConfirmable(s, r, w.id("bob"), closesAt + DAY)).toMatch(/^The seal does not count the same/);
    expect(needsRoundSeal(r, w.now)).toBe(true);
  });
});

describe("a round proposal's dates and cap", () => {
  const at = Date.UTC(2026, 3, 1, 12);
  const spec = { kind: "round" as const, amount: 30_000, bucketDeadline: at + 2 * DAY, roundClosesAt: at + 9 * DAY };

  it("is fine with buckets after voting ends and a close after the bucket deadline", () => {
    expect(checkRoundSpec(spec, at + DAY)).toBeUndefined();
  });

  it("wants the bucket deadline after voting ends, since the round opens only then", () => {
    expect(checkRoundSpec(spec, at + 3 * DAY)).toMatch(/^Buckets can be proposed only once the round is open/);
  });

  it("wants the round to close at the bucket deadline or later", () => {
    expect(checkRoundSpec({ ...spec, roundClosesAt: at + DAY + HOUR }, at + DAY)).toMatch(/^The round must close/);
  });

  it("refuses a cap above the whole round", () => {
    expect(checkRoundSpec({ ...spec, bucketCap: 30_001 }, at + DAY)).toMatch(/more than the whole round/);
  });
});
