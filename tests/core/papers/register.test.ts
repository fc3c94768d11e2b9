import { describe, expect, it } from "vitest";
import {
  decisionRecord,
  memberRegister,
  paperMarkdown,
  registerCsv,
  registerDoc,
  resolutionsDoc,
} from "../../../src/core/index.ts";
import { sha256 } from "../../../src/crypto/index.ts";
import { joinAccepting, PLAIN } from "../../helpers/papers.ts";
import { DAY, World } from "../../helpers/world.ts";

/**
 * docs/rules.md "Membership" and "Votes, the close, the tally and the seal": the member register
 * and the decision record are read from the derived pool, so they say exactly what it says.
 *
 * alice founds; bob joins (invited and admitted by alice) and pays a buy-in and dues; carol joins
 * (invited by bob, admitted by alice); dave joins; bob leaves; the pool removes dave; bob rejoins
 * (invited and admitted by carol). A rules change passes, a decision fails, a spend is sealed but
 * not confirmed yet.
 */
async function storyPool() {
  const w = await World.found("alice");
  const bob1 = await joinAccepting(w, "bob", "alice", "alice");
  w.tick(DAY);
  const carol = await joinAccepting(w, "carol", "bob", "alice", { displayName: "=Carol, treasurer" });
  const dave = await joinAccepting(w, "dave", "alice", "carol", { bylawsHash: bob1.hash.replace(/^./, "A") });
  const buyIn = await w.contribute("alice", "bob", 1500, "buy-in");
  await w.confirm("carol", buyIn.id);
  const dues = await w.contribute("carol", "bob", 725, "dues");
  await w.confirm("alice", dues.id);
  w.tick(DAY);
  const bobLeaves = await w.add("bob", "member.left", {});
  const quorum = await w.propose("alice", { kind: "rules", changes: { quorum: 60 } }, { title: "Raise the quorum" });
  for (const n of ["alice", "carol", "dave"]) await w.vote(n, quorum.id, "yes");
  const quorumDecided = await w.decide(quorum.id, "carol", "alice");
  const removal = await w.propose("alice", { kind: "remove-member", member: w.id("dave") }, { title: "Remove Dave" });
  for (const n of ["alice", "carol"]) await w.vote(n, removal.id, "yes");
  const removalDecided = await w.decide(removal.id, "alice", "carol");
  w.tick(DAY);
  const bob2 = await joinAccepting(w, "bob", "carol", "carol");
  const picnic = await w.propose("carol", { kind: "decision" }, { title: "Picnic in June" });
  for (const n of ["alice", "carol"]) await w.vote(n, picnic.id, "no");
  await w.vote("bob", picnic.id, "yes");
  const picnicDecided = await w.decide(picnic.id, "alice", "carol");
  const spend = await w.propose("alice", { kind: "spend", amount: 100, payee: "Shop", purpose: "Rope" });
  for (const n of ["alice", "carol", "bob"]) await w.vote(n, spend.id, "yes");
  const open = await w.derive();
  w.now = Math.max(w.now, open.proposals[spend.id]?.closedAt ?? 0);
  await w.add("alice", "proposal.sealed", {
    proposal: spend.id,
    votes: Object.values(open.proposals[spend.id]?.votes ?? {})
      .map((v) => v.vote)
      .sort(),
  });
  const s = await w.derive();
  return {
    w,
    s,
    bob1,
    bob2,
    carol,
    dave,
    bobLeaves,
    quorum,
    quorumDecided,
    removal,
    removalDecided,
    picnic,
    picnicDecided,
    spend,
  };
}

describe("member register", () => {
  it("rules §4 membership: lists every member past and present, a rejoined member once per membership", async () => {
    const { w, s, bob1, bob2, carol, dave, bobLeaves, removalDecided } = await storyPool();
    const rows = memberRegister(s, sha256);
    expect(rows.map((r) => [r.name, r.stint, r.stints, r.status])).toEqual([
      ["Founder", 1, 1, "active"],
      ["Bob", 1, 2, "left"],
      ["=Carol, treasurer", 1, 1, "active"],
      ["Dave", 1, 1, "removed"],
      ["Bob", 2, 2, "active"],
    ]);
    const [alice, bobFirst, carolRow, daveRow, bobAgain] = rows;
    expect(alice).toMatchObject({ founder: true, admittedBy: "", acceptedIn: w.genesisId, bylawsMatch: true });
    expect(bobFirst).toMatchObject({
      member: w.id("bob"),
      joinedAt: bob1.join.body.at,
      admittedAt: bob1.admission.body.at,
      admittedBy: "Founder",
      invitedBy: "Founder",
      leftAt: bobLeaves.body.at,
      ended: "left",
      acceptedIn: bob1.join.id,
      signedBy: w.id("bob"),
      bylawsHash: bob1.hash,
      bylawsMatch: true,
    });
    expect(carolRow).toMatchObject({
      admittedBy: "Founder",
      invitedBy: "Bob",
      bylawsHash: carol.hash,
      bylawsMatch: true,
    });
    // Dave recorded a hash of some other text: listed as recorded, and marked.
    expect(daveRow).toMatchObject({
      admittedBy: "=Carol, treasurer",
      leftAt: removalDecided.confirmation.body.at,
      ended: "removed",
      bylawsMatch: false,
    });
    expect(daveRow?.bylawsHash).toBe(dave.hash);
    expect(bobAgain).toMatchObject({
      admittedBy: "=Carol, treasurer",
      invitedBy: "=Carol, treasurer",
      acceptedIn: bob2.join.id,
      bylawsHash: bob2.hash,
      bylawsMatch: true,
    });
    expect(bobAgain?.leftAt).toBeUndefined();
  });

  it("rules §4 membership: buy-in and dues are each member's confirmed totals, as the derived state has them", async () => {
    const { w, s } = await storyPool();
    const rows = memberRegister(s, sha256);
    for (const r of rows) {
      expect(r.buyInPaid).toBe(s.members[r.member]?.contributed["buy-in"]);
      expect(r.duesPaid).toBe(s.members[r.member]?.contributed.dues);
    }
    expect(rows.filter((r) => r.member === w.id("bob")).map((r) => [r.buyInPaid, r.duesPaid])).toEqual([
      [1500, 725],
      [1500, 725],
    ]);
    // The current stint's status is the member's status in the derived state.
    for (const id of Object.keys(s.members)) {
      const last = rows.filter((r) => r.member === id).at(-1);
      expect(last?.status).toBe(s.members[id]?.status);
    }
  });

  it("the register CSV quotes names with commas and defuses a leading =, like the ledger export", async () => {
    const { s } = await storyPool();
    const csv = registerCsv(memberRegister(s, sha256), s.currency);
    const lines = csv.trimEnd().split("\r\n");
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(/^name,member id \(public key\),stint,status,joined,admitted/);
    expect(lines[3]).toMatch(/^"'=Carol, treasurer",/);
    expect(lines[2]).toContain(",15.00,7.25,USD,1,");
  });

  it("the printable register has one line per membership and every member's key", async () => {
    const { s } = await storyPool();
    const rows = memberRegister(s, sha256);
    const md = paperMarkdown(registerDoc(s, rows, PLAIN));
    expect(md).toContain("| Bob (2 of 2) | Member |");
    expect(md).toContain("| =Carol, treasurer | Member |");
    for (const r of rows) expect(md).toContain(r.signedBy.replace(/_/g, "\\_"));
  });
});

describe("decision record", () => {
  it("rules §4 seal: lists every confirmed result in confirmation order with its tally, sealer and confirmer", async () => {
    const { w, s, quorum, quorumDecided, removal, removalDecided, picnic, picnicDecided } = await storyPool();
    const rows = decisionRecord(s);
    expect(rows.map((r) => r.proposal)).toEqual([quorum.id, removal.id, picnic.id]);
    const [q, rm, pic] = rows;
    expect(q).toMatchObject({
      title: "Raise the quorum",
      kind: "rules",
      passed: true,
      sealedBy: w.id("carol"),
      sealedAt: quorumDecided.seal.body.at,
      confirmedBy: w.id("alice"),
      confirmedAt: quorumDecided.confirmation.body.at,
      confirmation: quorumDecided.confirmation.id,
    });
    expect(rm).toMatchObject({
      kind: "remove-member",
      passed: true,
      sealedBy: w.id("alice"),
      confirmedBy: w.id("carol"),
      seal: removalDecided.seal.id,
    });
    expect(pic).toMatchObject({
      kind: "decision",
      passed: false,
      failReason: "not-enough-support",
      seal: picnicDecided.seal.id,
    });
    for (const r of rows) {
      const p = s.proposals[r.proposal];
      expect(r.tally).toEqual(p?.decided?.tally);
      expect(r.closedAt).toBe(p?.closedAt);
    }
    expect(pic?.tally).toMatchObject({ yes: 1, no: 2, electorate: 3 });
  });

  it("rules §4 seal: a sealed result nobody confirmed yet is provisional, so it is not a resolution", async () => {
    const { s, spend } = await storyPool();
    expect(s.proposals[spend.id]?.seals).toHaveLength(1);
    expect(decisionRecord(s).some((r) => r.proposal === spend.id)).toBe(false);
  });

  it("the minutes name each resolution's kind, close, tally, sealer, confirmer and outcome", async () => {
    const { s } = await storyPool();
    const md = paperMarkdown(resolutionsDoc(s, decisionRecord(s), PLAIN));
    expect(md).toContain("## 3. Picnic in June");
    expect(md).toContain("- Tally: 1 yes, 2 no, 0 abstain of 3 entitled to vote");
    expect(md).toContain("- Outcome: Not passed: not enough members voted yes");
    expect(md).toContain("- Kind: Change of rules");
    expect(md).toContain("- Sealed by =Carol, treasurer on");
  });
});
