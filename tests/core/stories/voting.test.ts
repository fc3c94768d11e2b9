import { describe, expect, it } from "vitest";
import { closesAtOf, DAY, HOUR, World } from "../../helpers/world.ts";

/** docs/rules.md §4.8–§4.12: each test shows one rule. */
describe("voting stories", () => {
  describe("the tally", () => {
    it("threshold: Y > N and Y·100 ≥ threshold·(Y+N) — 2 yes, 1 no passes at 50%", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      const p = await w.propose("alice", { kind: "decision" });
      await w.vote("alice", p.id, "yes");
      await w.vote("bob", p.id, "yes");
      await w.vote("carol", p.id, "no");
      const s = await w.derive();
      expect(s.proposals[p.id]?.tally).toEqual({ electorate: 3, yes: 2, no: 1, abstain: 0, block: 0, passed: true });
    });

    it("threshold: a tie (Y = N) fails for lack of support, even at a 50% threshold", async () => {
      const w = await World.withMembers(["alice", "bob", "carol", "dave"]);
      const p = await w.propose("alice", { kind: "decision" });
      await w.vote("alice", p.id, "yes");
      await w.vote("bob", p.id, "yes");
      await w.vote("carol", p.id, "no");
      await w.vote("dave", p.id, "no");
      const s = await w.derive();
      expect(s.proposals[p.id]?.tally).toMatchObject({
        yes: 2,
        no: 2,
        passed: false,
        failReason: "not-enough-support",
      });
    });

    it("threshold: 2 yes and 1 no (66%) miss a 67% threshold", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"], { threshold: 67 });
      const p = await w.propose("alice", { kind: "decision" });
      await w.vote("alice", p.id, "yes");
      await w.vote("bob", p.id, "yes");
      await w.vote("carol", p.id, "no");
      const s = await w.derive();
      expect(s.proposals[p.id]?.tally).toMatchObject({ passed: false, failReason: "not-enough-support" });
    });

    it("threshold: abstentions count for quorum but not for support — 1 yes, 2 abstain passes", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      const p = await w.propose("alice", { kind: "decision" });
      await w.vote("alice", p.id, "yes");
      await w.vote("bob", p.id, "abstain");
      await w.vote("carol", p.id, "abstain");
      const s = await w.derive();
      expect(s.proposals[p.id]?.tally).toMatchObject({ yes: 1, abstain: 2, passed: true });
    });

    it("threshold: only abstentions (Y = N = 0) fail for lack of support", async () => {
      const w = await World.withMembers(["alice", "bob"]);
      const p = await w.propose("alice", { kind: "decision" });
      await w.vote("alice", p.id, "abstain");
      await w.vote("bob", p.id, "abstain");
      const s = await w.derive();
      expect(s.proposals[p.id]?.tally).toMatchObject({ passed: false, failReason: "not-enough-support" });
    });

    it("quorum: (Y+N+A+B)·100 ≥ quorum·E — 2 of 5 voting misses a 50% quorum", async () => {
      const w = await World.withMembers(["alice", "bob", "carol", "dave", "erin"]);
      const p = await w.propose("alice", { kind: "decision" });
      await w.vote("alice", p.id, "yes");
      await w.vote("bob", p.id, "yes");
      const s = await w.derive(w.now + 8 * DAY);
      expect(s.proposals[p.id]?.tally).toMatchObject({ electorate: 5, yes: 2, passed: false, failReason: "no-quorum" });
      expect(s.proposals[p.id]?.notVoted).toEqual([w.id("carol"), w.id("dave"), w.id("erin")].sort());
    });

    it("quorum: 3 of 5 voting meets a 50% quorum, an abstention included", async () => {
      const w = await World.withMembers(["alice", "bob", "carol", "dave", "erin"]);
      const p = await w.propose("alice", { kind: "decision" });
      await w.vote("alice", p.id, "yes");
      await w.vote("bob", p.id, "yes");
      await w.vote("carol", p.id, "abstain");
      const s = await w.derive();
      expect(s.proposals[p.id]?.tally).toMatchObject({ passed: true });
    });

    it("quorum: the running view says how many more votes quorum needs", async () => {
      const w = await World.withMembers(["alice", "bob", "carol", "dave", "erin"]);
      const p = await w.propose("alice", { kind: "decision" });
      await w.vote("alice", p.id, "yes");
      const s = await w.derive();
      expect(s.proposals[p.id]?.needed.forQuorum).toBe(2);
    });

    it("needed: the running view says how many more yes votes would pass it (threshold 67, one no: three yes)", async () => {
      const w = await World.withMembers(["alice", "bob", "carol", "dave", "erin"], { threshold: 67 });
      const p = await w.propose("alice", { kind: "decision" });
      await w.vote("bob", p.id, "no");
      await w.vote("alice", p.id, "yes");
      const s = await w.derive();
      // 3 yes to 1 no is 75% ≥ 67%; 2 yes to 1 no is 66% < 67%
      expect(s.proposals[p.id]?.needed.yesToPass).toBe(2);
    });

    it("allowBlock on: one block fails a proposal that has every other vote (blocked)", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"], { allowBlock: true });
      const p = await w.propose("alice", { kind: "decision" });
      await w.vote("alice", p.id, "yes");
      await w.vote("bob", p.id, "yes");
      const block = await w.vote("carol", p.id, "block");
      const s = await w.derive();
      expect(World.refusal(s, block.id)).toBeUndefined();
      expect(s.proposals[p.id]?.tally).toMatchObject({ yes: 2, block: 1, passed: false, failReason: "blocked" });
    });

    it("allowBlock off: a block vote is refused (blocks-not-allowed) and the proposal passes without it", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      const p = await w.propose("alice", { kind: "decision" });
      await w.vote("alice", p.id, "yes");
      await w.vote("bob", p.id, "yes");
      const block = await w.vote("carol", p.id, "block");
      const s = await w.derive();
      expect(World.refusal(s, block.id)).toBe("blocks-not-allowed");
      expect(s.proposals[p.id]?.tally).toMatchObject({ yes: 2, block: 0, passed: true });
    });

    it("one person, one vote: voting twice the same way counts once", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      const p = await w.propose("alice", { kind: "decision" });
      await w.vote("alice", p.id, "yes");
      await w.vote("alice", p.id, "yes");
      await w.vote("bob", p.id, "no");
      const s = await w.derive();
      expect(s.proposals[p.id]?.tally).toMatchObject({ yes: 1, no: 1, passed: false });
    });

    it("vote.cast: a vote's reason is kept with it", async () => {
      const w = await World.withMembers(["alice", "bob"]);
      const p = await w.propose("alice", { kind: "decision" });
      await w.vote("bob", p.id, "no", { reason: "Too dear" });
      const s = await w.derive();
      expect(s.proposals[p.id]?.votes[w.id("bob")]).toMatchObject({ choice: "no", reason: "Too dear" });
    });

    it("vote.cast: a reason of exactly 200 characters fits a ballot", async () => {
      const w = await World.withMembers(["alice", "bob"]);
      const p = await w.propose("alice", { kind: "decision" });
      const v = await w.vote("bob", p.id, "no", { reason: "r".repeat(200) });
      const s = await w.derive();
      expect(World.refusal(s, v.id)).toBeUndefined();
      expect(s.proposals[p.id]?.votes[w.id("bob")]?.reason).toHaveLength(200);
    });
  });

  describe("changed votes and the close", () => {
    it("changed votes: bob's second vote replaces his first (the last in event order counts)", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      const p = await w.propose("alice", { kind: "decision" });
      await w.vote("bob", p.id, "no");
      const second = await w.vote("bob", p.id, "yes");
      const s = await w.derive();
      expect(s.proposals[p.id]?.votes[w.id("bob")]).toMatchObject({ choice: "yes", vote: second.id });
      expect(s.proposals[p.id]?.tally).toMatchObject({ yes: 1, no: 0 });
    });

    it("changed votes: of two votes with the same `at`, the one later in event order (larger id) counts", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      const p = await w.propose("alice", { kind: "decision" });
      const at = w.now + HOUR;
      const a = await w.vote("bob", p.id, "no", { at });
      const b = await w.vote("bob", p.id, "yes", { at });
      const last = a.id > b.id ? a : b;
      const s = await w.derive();
      expect(s.proposals[p.id]?.votes[w.id("bob")]?.vote).toBe(last.id);
    });

    it("close: a vote dated after closesAt is valid but not counted", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      const p = await w.propose("alice", { kind: "decision" }, { closesIn: 2 * DAY });
      await w.vote("alice", p.id, "yes");
      const late = await w.vote("bob", p.id, "no", { at: closesAtOf(p) + 1 });
      const s = await w.derive();
      expect(World.refusal(s, late.id)).toBeUndefined();
      expect(s.proposals[p.id]?.votes[w.id("bob")]).toBeUndefined();
      expect(s.proposals[p.id]?.tally).toMatchObject({ yes: 1, no: 0 });
    });

    it("close: a vote dated exactly at closesAt still counts", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      const p = await w.propose("alice", { kind: "decision" }, { closesIn: 2 * DAY });
      await w.vote("bob", p.id, "no", { at: closesAtOf(p) });
      const s = await w.derive();
      expect(s.proposals[p.id]?.votes[w.id("bob")]?.choice).toBe("no");
    });

    it("close: a change of mind after the close does not count; the earlier vote stands", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      const p = await w.propose("alice", { kind: "decision" }, { closesIn: 2 * DAY });
      const first = await w.vote("bob", p.id, "yes");
      await w.vote("bob", p.id, "no", { at: closesAtOf(p) + HOUR });
      const s = await w.derive();
      expect(s.proposals[p.id]?.votes[w.id("bob")]?.vote).toBe(first.id);
    });

    it("closeWhenAllVoted: when everyone votes early it closes at the proposal's at + minVotingHours", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      const p = await w.propose("alice", { kind: "decision" });
      await w.vote("alice", p.id, "yes");
      await w.vote("bob", p.id, "yes");
      await w.vote("carol", p.id, "yes");
      const s = await w.derive(p.body.at + 24 * HOUR);
      expect(s.proposals[p.id]?.closedAt).toBe(p.body.at + 24 * HOUR);
      expect(s.proposals[p.id]?.status).toBe("closed");
    });

    it("closeWhenAllVoted: it stays open before at + minVotingHours even though everyone voted", async () => {
      const w = await World.withMembers(["alice", "bob"]);
      const p = await w.propose("alice", { kind: "decision" });
      await w.vote("alice", p.id, "yes");
      await w.vote("bob", p.id, "yes");
      const s = await w.derive(p.body.at + 24 * HOUR - 1);
      expect(s.proposals[p.id]?.status).toBe("open");
    });

    it("closeWhenAllVoted: when the last vote comes after the minimum time, it closes at that vote", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      const p = await w.propose("alice", { kind: "decision" });
      await w.vote("alice", p.id, "yes");
      await w.vote("bob", p.id, "yes");
      const last = await w.vote("carol", p.id, "no", { at: p.body.at + 30 * HOUR });
      const s = await w.derive();
      expect(s.proposals[p.id]?.closedAt).toBe(last.body.at);
    });

    it("closeWhenAllVoted: a change of mind after the all-voted close does not count", async () => {
      const w = await World.withMembers(["alice", "bob"]);
      const p = await w.propose("alice", { kind: "decision" });
      await w.vote("alice", p.id, "yes");
      await w.vote("bob", p.id, "yes", { at: p.body.at + 30 * HOUR });
      await w.vote("alice", p.id, "no", { at: p.body.at + 31 * HOUR });
      const s = await w.derive();
      expect(s.proposals[p.id]?.closedAt).toBe(p.body.at + 30 * HOUR);
      expect(s.proposals[p.id]?.tally).toMatchObject({ yes: 2, no: 0, passed: true });
    });

    it("closeWhenAllVoted: a change of mind before the minimum time is up still counts", async () => {
      const w = await World.withMembers(["alice", "bob"]);
      const p = await w.propose("alice", { kind: "decision" });
      await w.vote("alice", p.id, "yes");
      await w.vote("bob", p.id, "yes");
      await w.vote("alice", p.id, "no", { at: p.body.at + 20 * HOUR });
      const s = await w.derive();
      expect(s.proposals[p.id]?.tally).toMatchObject({ yes: 1, no: 1, passed: false });
    });

    it("closeWhenAllVoted off: a proposal everyone voted on stays open until closesAt", async () => {
      const w = await World.withMembers(["alice", "bob"], { closeWhenAllVoted: false });
      const p = await w.propose("alice", { kind: "decision" }, { closesIn: 3 * DAY });
      await w.vote("alice", p.id, "yes");
      await w.vote("bob", p.id, "yes");
      const s = await w.derive(p.body.at + 2 * DAY);
      expect(s.proposals[p.id]).toMatchObject({ status: "open", closedAt: closesAtOf(p) });
    });

    it("minVotingHours 0: a meetup decides on the spot once everyone has voted", async () => {
      const w = await World.withMembers(["alice", "bob"], { minVotingHours: 0 });
      const p = await w.propose("alice", { kind: "decision" }, { closesIn: HOUR });
      await w.vote("alice", p.id, "yes");
      const last = await w.vote("bob", p.id, "yes");
      const s = await w.derive(last.body.at);
      expect(s.proposals[p.id]).toMatchObject({ status: "closed", closedAt: last.body.at });
    });
  });

  describe("closing time bounds", () => {
    it("proposal.created: closesAt less than minVotingHours after `at` is refused (bad-close-time)", async () => {
      const w = await World.withMembers(["alice", "bob"]);
      const p = await w.propose("alice", { kind: "decision" }, { closesIn: 23 * HOUR });
      const s = await w.derive();
      expect(World.refusal(s, p.id)).toBe("bad-close-time");
    });

    it("proposal.created: closesAt more than 90 days after `at` is refused (bad-close-time)", async () => {
      const w = await World.withMembers(["alice", "bob"]);
      const p = await w.propose("alice", { kind: "decision" }, { closesIn: 90 * DAY + 1 });
      const s = await w.derive();
      expect(World.refusal(s, p.id)).toBe("bad-close-time");
    });

    it("proposal.created: exactly minVotingHours and exactly 90 days are both allowed", async () => {
      const w = await World.withMembers(["alice", "bob"]);
      const short = await w.propose("alice", { kind: "decision" }, { closesIn: 24 * HOUR });
      const long = await w.propose("alice", { kind: "decision" }, { closesIn: 90 * DAY });
      const s = await w.derive();
      expect(s.proposals[short.id]).toBeDefined();
      expect(s.proposals[long.id]).toBeDefined();
    });
  });

  describe("leaving mid-vote", () => {
    it("leaving: bob leaves before the close and his vote goes with him", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      const p = await w.propose("alice", { kind: "decision" });
      await w.vote("alice", p.id, "yes");
      await w.vote("bob", p.id, "no");
      await w.add("bob", "member.left", {});
      const s = await w.derive();
      const view = s.proposals[p.id];
      expect(view?.electorate).toEqual([w.id("alice"), w.id("carol")].sort());
      expect(view?.votes[w.id("bob")]).toBeUndefined();
      expect(view?.tally).toMatchObject({ electorate: 2, yes: 1, no: 0 });
    });

    it("leaving never closes a proposal: carol leaving when everyone else voted keeps it open", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      const p = await w.propose("alice", { kind: "decision" });
      await w.vote("alice", p.id, "yes");
      await w.vote("bob", p.id, "yes");
      await w.add("carol", "member.left", {});
      const s = await w.derive(p.body.at + 2 * DAY);
      expect(s.proposals[p.id]).toMatchObject({ status: "open", closedAt: closesAtOf(p) });
    });

    it("leaving: after carol left, the next vote that completes the electorate closes it", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      const p = await w.propose("alice", { kind: "decision" });
      await w.vote("alice", p.id, "yes");
      await w.add("carol", "member.left", {});
      const last = await w.vote("bob", p.id, "yes", { at: p.body.at + 30 * HOUR });
      const s = await w.derive();
      expect(s.proposals[p.id]?.closedAt).toBe(last.body.at);
    });

    it("leaving after the close keeps the vote: it counted at the close", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      const p = await w.propose("alice", { kind: "decision" }, { closesIn: 2 * DAY });
      await w.vote("alice", p.id, "yes");
      await w.vote("bob", p.id, "no");
      await w.add("bob", "member.left", {}, { at: closesAtOf(p) + HOUR });
      const s = await w.derive();
      expect(s.proposals[p.id]?.tally).toMatchObject({ electorate: 3, yes: 1, no: 1 });
    });

    it("electorate: dave, admitted after the proposal, is not in its electorate", async () => {
      const w = await World.withMembers(["alice", "bob"]);
      const p = await w.propose("alice", { kind: "decision" });
      await w.addMember("dave", "alice");
      const s = await w.derive();
      expect(s.proposals[p.id]?.electorate).toEqual([w.id("alice"), w.id("bob")].sort());
    });
  });

  describe("withdrawal", () => {
    it("proposal.withdrawn: the author withdraws before the close and it shows as withdrawn", async () => {
      const w = await World.withMembers(["alice", "bob"]);
      const p = await w.propose("alice", { kind: "decision" });
      await w.vote("bob", p.id, "yes");
      const withdrawal = await w.add("alice", "proposal.withdrawn", { proposal: p.id });
      const s = await w.derive();
      expect(World.refusal(s, withdrawal.id)).toBeUndefined();
      expect(s.proposals[p.id]?.status).toBe("withdrawn");
    });

    it("proposal.withdrawn: someone other than the author may not withdraw it (not-the-author)", async () => {
      const w = await World.withMembers(["alice", "bob"]);
      const p = await w.propose("alice", { kind: "decision" });
      const withdrawal = await w.add("bob", "proposal.withdrawn", { proposal: p.id });
      const s = await w.derive();
      expect(World.refusal(s, withdrawal.id)).toBe("not-the-author");
      expect(s.proposals[p.id]?.status).toBe("open");
    });

    it("proposal.withdrawn: a withdrawal dated after closesAt is refused (already-closed)", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      const p = await w.propose("alice", { kind: "decision" }, { closesIn: 2 * DAY });
      w.tick(2 * DAY + HOUR);
      const withdrawal = await w.add("alice", "proposal.withdrawn", { proposal: p.id });
      const s = await w.derive();
      expect(World.refusal(s, withdrawal.id)).toBe("already-closed");
      expect(s.proposals[p.id]?.status).toBe("closed");
    });

    it("proposal.withdrawn: a withdrawal after everyone voted and the proposal closed early is refused (already-closed)", async () => {
      const w = await World.withMembers(["alice", "bob"]);
      const p = await w.propose("alice", { kind: "decision" });
      await w.vote("alice", p.id, "yes");
      await w.vote("bob", p.id, "yes");
      const withdrawal = await w.add("alice", "proposal.withdrawn", { proposal: p.id }, { at: p.body.at + 30 * HOUR });
      const s = await w.derive();
      expect(World.refusal(s, withdrawal.id)).toBe("already-closed");
      expect(s.proposals[p.id]).toMatchObject({ status: "closed", closedAt: p.body.at + 24 * HOUR });
    });

    it("proposal.withdrawn: a withdrawn proposal cannot be sealed (proposal-withdrawn)", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      const p = await w.propose("alice", { kind: "decision" }, { closesIn: 2 * DAY });
      await w.vote("bob", p.id, "yes");
      await w.add("alice", "proposal.withdrawn", { proposal: p.id });
      w.tick(2 * DAY);
      const seal = await w.add("bob", "proposal.sealed", { proposal: p.id, votes: [] });
      const s = await w.derive();
      expect(World.refusal(s, seal.id)).toBe("proposal-withdrawn");
    });
  });

  describe("empty electorate", () => {
    it("electorate: with buy-in required and nobody paid, the electorate is empty and the proposal fails", async () => {
      const w = await World.withMembers(["alice", "bob"], { buyIn: 1000 });
      const p = await w.propose("alice", { kind: "decision" });
      const s = await w.derive();
      expect(s.proposals[p.id]?.tally).toMatchObject({ electorate: 0, passed: false, failReason: "no-electorate" });
    });
  });
});
