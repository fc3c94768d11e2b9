import { describe, expect, it } from "vitest";
import { DEFAULT_RULES, decodeEvent, type Rules } from "../../../src/core/index.ts";
import { sha256 } from "../../../src/crypto/index.ts";
import { DAY, World } from "../../helpers/world.ts";

/** docs/rules.md §4.1)": amendments, the causal past, stale amendments and buy-in. */

/** A rules proposal by alice that alice, bob and carol all vote yes on. */
async function amendmentEveryoneBacks(w: World, changes: Partial<Rules>, opts: { parents?: string[] } = {}) {
  const p = await w.propose("alice", { kind: "rules", changes }, opts);
  for (const name of ["alice", "bob", "carol"]) await w.vote(name, p.id, "yes");
  return p;
}

describe("rules stories", () => {
  describe("amending the rules", () => {
    it("amendThreshold: 2 yes and 1 no (66%) fail a rules proposal under the default 67%", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      const p = await w.propose("alice", { kind: "rules", changes: { quorum: 30 } });
      await w.vote("alice", p.id, "yes");
      await w.vote("bob", p.id, "yes");
      await w.vote("carol", p.id, "no");
      const s = await w.derive();
      expect(s.proposals[p.id]?.tally).toMatchObject({ passed: false, failReason: "not-enough-support" });
    });

    it("amendThreshold: the same 2 yes and 1 no pass a plain decision (threshold 50)", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      const p = await w.propose("alice", { kind: "decision" });
      await w.vote("alice", p.id, "yes");
      await w.vote("bob", p.id, "yes");
      await w.vote("carol", p.id, "no");
      const s = await w.derive();
      expect(s.proposals[p.id]?.tally.passed).toBe(true);
    });

    it("rules: a passed amendment changes nothing until its seal is confirmed", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      const p = await amendmentEveryoneBacks(w, { quorum: 30 });
      w.tick(2 * DAY);
      let s = await w.derive();
      expect(s.proposals[p.id]?.tally.passed).toBe(true);
      expect(s.rules.quorum).toBe(50);
      await w.decide(p.id, "alice", "bob");
      s = await w.derive();
      expect(s.rules.quorum).toBe(30);
    });

    it("rules: a confirmed amendment that failed changes nothing", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      const p = await w.propose("alice", { kind: "rules", changes: { quorum: 30 } });
      await w.vote("alice", p.id, "yes");
      await w.vote("bob", p.id, "no");
      await w.vote("carol", p.id, "no");
      await w.decide(p.id, "alice", "bob");
      const s = await w.derive();
      expect(s.proposals[p.id]?.status).toBe("decided");
      expect(s.rules.quorum).toBe(50);
    });

    it("rules: a change applies to an event exactly when the confirmation is in its causal past", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      const amend = await amendmentEveryoneBacks(w, { allowBlock: true });
      const before = (await w.derive()).heads;
      await w.decide(amend.id, "alice", "bob");
      // bob's proposal holds the confirmation; carol's was written from a phone that did not
      const informed = await w.propose("bob", { kind: "decision" });
      const uninformed = await w.propose("carol", { kind: "decision" }, { parents: before });
      const blockInformed = await w.vote("alice", informed.id, "block");
      const blockUninformed = await w.vote("alice", uninformed.id, "block");
      const s = await w.derive();
      expect(World.refusal(s, blockInformed.id)).toBeUndefined();
      expect(World.refusal(s, blockUninformed.id)).toBe("blocks-not-allowed");
    });

    it("rules: confirmBy none applies at once to entries that hold its confirmation, not to older ones", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      const amend = await amendmentEveryoneBacks(w, { confirmBy: "none" });
      const older = await w.contribute("alice", "alice", 100);
      await w.decide(amend.id, "alice", "bob");
      const newer = await w.contribute("alice", "alice", 50);
      const s = await w.derive();
      const status = (id: string) => s.ledger.entries.find((e) => e.id === id)?.status;
      expect(status(older.id)).toBe("awaiting-confirmation");
      expect(status(newer.id)).toBe("confirmed");
      expect(s.ledger.balance).toBe(50);
    });

    it("rules: every proposal is tallied with the rules in its own causal past, even if they change while it is open", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      const amend = await amendmentEveryoneBacks(w, { threshold: 80 });
      const open = await w.propose("bob", { kind: "decision" }, { closesIn: 10 * DAY });
      await w.decide(amend.id, "alice", "bob");
      await w.vote("alice", open.id, "yes");
      await w.vote("bob", open.id, "yes");
      await w.vote("carol", open.id, "no");
      const s = await w.derive();
      expect(s.rules.threshold).toBe(80);
      expect(s.proposals[open.id]?.tally.passed).toBe(true);
    });

    it("rules: amendments apply key by key in confirmation order; a later one to another key keeps the earlier", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      const first = await amendmentEveryoneBacks(w, { quorum: 30, threshold: 60 });
      await w.decide(first.id, "alice", "bob");
      const second = await amendmentEveryoneBacks(w, { threshold: 70 });
      await w.decide(second.id, "alice", "bob");
      const s = await w.derive();
      expect(s.rules).toMatchObject({ quorum: 30, threshold: 70 });
    });

    it("rules: a rules proposal whose result would break consistency (treasurer with no treasurers) is refused (bad-rule-value)", async () => {
      const w = await World.withMembers(["alice", "bob"]);
      const p = await w.propose("alice", { kind: "rules", changes: { confirmBy: "treasurer" } });
      const s = await w.derive();
      expect(World.refusal(s, p.id)).toBe("bad-rule-value");
    });

    it("rules: no rule can create a vote weight — an unknown rule key is refused at decoding (bad-data)", async () => {
      const w = await World.withMembers(["alice", "bob"]);
      const e = await w.make("alice", "proposal.created", {
        kind: "rules",
        title: "Weights",
        text: "",
        closesAt: w.now + 2 * DAY,
        changes: { voteWeight: 2 } as unknown as Partial<Rules>,
      });
      expect(decodeEvent(e.id, e, sha256)).toMatchObject({ ok: false, reason: "bad-data" });
    });
  });

  describe("bounds of each rule", () => {
    const outOfBounds: [string, Partial<Record<keyof Rules, unknown>>][] = [
      ["threshold below 50", { threshold: 49 }],
      ["threshold above 100", { threshold: 101 }],
      ["quorum below 0", { quorum: -1 }],
      ["quorum above 100", { quorum: 101 }],
      ["votingDays below 1", { votingDays: 0 }],
      ["votingDays above 90", { votingDays: 91 }],
      ["minVotingHours above 168", { minVotingHours: 169 }],
      ["sealAfterHours above 168", { sealAfterHours: 169 }],
      ["buyIn below 0", { buyIn: -1 }],
      ["buyIn in fractions of a cent", { buyIn: 10.5 }],
      ["amendThreshold below 50", { amendThreshold: 49 }],
      ["confirmBy not one of the three", { confirmBy: "anyone" }],
      ["admission not auto or manual", { admission: "open" }],
      ["treasurers that are not member ids", { treasurers: ["bob"] }],
      ["allowBlock not a boolean", { allowBlock: "yes" }],
    ];

    it.each(outOfBounds)("rules bounds: a change with %s is refused at decoding (bad-data)", async (_what, changes) => {
      const w = await World.withMembers(["alice", "bob"]);
      const e = await w.make("alice", "proposal.created", {
        kind: "rules",
        title: "Change",
        text: "",
        closesAt: w.now + 2 * DAY,
        changes: changes as Partial<Rules>,
      });
      expect(decodeEvent(e.id, e, sha256)).toMatchObject({ ok: false, reason: "bad-data" });
    });

    it("rules bounds: the edges of every range are allowed", async () => {
      const w = await World.withMembers(["alice", "bob"]);
      const edges: Partial<Rules>[] = [
        { threshold: 50, quorum: 0, votingDays: 1, minVotingHours: 0, sealAfterHours: 0, buyIn: 0, amendThreshold: 50 },
        { threshold: 100, quorum: 100, votingDays: 90, minVotingHours: 168, sealAfterHours: 168, amendThreshold: 100 },
      ];
      for (const changes of edges) {
        const p = await w.propose("alice", { kind: "rules", changes }, { closesIn: 8 * DAY });
        const s = await w.derive();
        expect(World.refusal(s, p.id)).toBeUndefined();
      }
    });

    it("rules bounds: a genesis with a rule out of bounds is refused at decoding (bad-data)", async () => {
      const w = await World.found("alice");
      const g = await w.make(
        "alice",
        "pool.created",
        {
          name: "Club",
          purpose: "",
          currency: "USD",
          rules: { ...DEFAULT_RULES, treasurers: [], quorum: 150 },
          bylawsVersion: 1,
        },
        { parents: [], pool: "" },
      );
      expect(decodeEvent(g.id, g, sha256)).toMatchObject({ ok: false, reason: "bad-data" });
    });
  });

  describe("stale amendments", () => {
    it("stale-amendment: a rules proposal fails when its seal's past holds a newer confirmed change to its key", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      const base = (await w.derive()).heads;
      const p1 = await amendmentEveryoneBacks(w, { threshold: 60 }, { parents: base });
      const p2 = await amendmentEveryoneBacks(w, { threshold: 90 }, { parents: base });
      await w.decide(p1.id, "alice", "bob");
      // p2 was written without p1's change in its past; its seal holds that change
      await w.decide(p2.id, "carol", "alice");
      const s = await w.derive();
      expect(s.proposals[p2.id]?.decided?.tally).toMatchObject({
        yes: 3,
        passed: false,
        failReason: "stale-amendment",
      });
      expect(s.rules.threshold).toBe(60);
    });

    it("stale-amendment: a concurrent amendment to a different key is not stale", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      const base = (await w.derive()).heads;
      const p1 = await amendmentEveryoneBacks(w, { threshold: 60 }, { parents: base });
      const p2 = await amendmentEveryoneBacks(w, { quorum: 20 }, { parents: base });
      await w.decide(p1.id, "alice", "bob");
      await w.decide(p2.id, "carol", "alice");
      const s = await w.derive();
      expect(s.proposals[p2.id]?.decided?.tally.passed).toBe(true);
      expect(s.rules).toMatchObject({ threshold: 60, quorum: 20 });
    });

    it("stale-amendment: an amendment written after the other change was confirmed (in its own past) is not stale", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"]);
      const p1 = await amendmentEveryoneBacks(w, { threshold: 60 });
      await w.decide(p1.id, "alice", "bob");
      const p2 = await amendmentEveryoneBacks(w, { threshold: 90 });
      await w.decide(p2.id, "carol", "alice");
      const s = await w.derive();
      expect(s.rules.threshold).toBe(90);
    });
  });

  describe("buy-in gating", () => {
    it("buyIn: members without a confirmed buy-in are not in the electorate, and their vote is refused (not-in-electorate)", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"], { buyIn: 1000 });
      const entry = await w.contribute("alice", "bob", 1000, "buy-in");
      await w.confirm("carol", entry.id);
      const p = await w.propose("alice", { kind: "decision" });
      const aliceVote = await w.vote("alice", p.id, "yes");
      await w.vote("bob", p.id, "yes");
      const s = await w.derive();
      expect(s.proposals[p.id]?.electorate).toEqual([w.id("bob")]);
      expect(World.refusal(s, aliceVote.id)).toBe("not-in-electorate");
      expect(s.members[w.id("bob")]).toMatchObject({ buyInHeld: 1000, buyInMet: true });
      expect(s.members[w.id("alice")]?.buyInMet).toBe(false);
    });

    it("buyIn: a buy-in recorded but not yet confirmed does not count", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"], { buyIn: 1000 });
      await w.contribute("alice", "bob", 1000, "buy-in");
      const p = await w.propose("alice", { kind: "decision" });
      const s = await w.derive();
      expect(s.proposals[p.id]?.electorate).toEqual([]);
    });

    it("buyIn: a buy-in below the amount does not count, and dues do not make up for it", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"], { buyIn: 1000 });
      const part = await w.contribute("alice", "bob", 600, "buy-in");
      await w.confirm("carol", part.id);
      const dues = await w.contribute("alice", "bob", 600, "dues");
      await w.confirm("carol", dues.id);
      const p = await w.propose("alice", { kind: "decision" });
      const s = await w.derive();
      expect(s.proposals[p.id]?.electorate).toEqual([]);
    });

    it("buyIn: carol, who pays after the proposal opened, does not vote on it but votes on the next one", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"], { buyIn: 1000 });
      const bob = await w.contribute("alice", "bob", 1000, "buy-in");
      await w.confirm("carol", bob.id);
      const open = await w.propose("alice", { kind: "decision" });
      const carol = await w.contribute("alice", "carol", 1000, "buy-in");
      await w.confirm("bob", carol.id);
      const lateVote = await w.vote("carol", open.id, "yes");
      const next = await w.propose("alice", { kind: "decision" });
      const nextVote = await w.vote("carol", next.id, "yes");
      const s = await w.derive();
      expect(World.refusal(s, lateVote.id)).toBe("not-in-electorate");
      expect(World.refusal(s, nextVote.id)).toBeUndefined();
      expect(s.proposals[next.id]?.electorate).toEqual([w.id("bob"), w.id("carol")].sort());
    });

    it("buyIn: a buy-in confirmation not in the proposal's causal past does not count for it", async () => {
      const w = await World.withMembers(["alice", "bob", "carol"], { buyIn: 1000 });
      const bob = await w.contribute("alice", "bob", 1000, "buy-in");
      const before = (await w.derive()).heads;
      await w.confirm("carol", bob.id);
      const p = await w.propose("alice", { kind: "decision" }, { parents: before });
      const s = await w.derive();
      expect(s.proposals[p.id]?.electorate).toEqual([]);
    });
  });
});
