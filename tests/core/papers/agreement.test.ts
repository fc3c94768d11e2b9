import { describe, expect, it } from "vitest";
import {
  DISSOLUTION_RULE,
  memberRegister,
  ONE_PERSON_ONE_VOTE,
  paperMarkdown,
  renderAgreement,
  rulesProvenance,
} from "../../../src/core/index.ts";
import { sha256 } from "../../../src/crypto/index.ts";
import { dissolve, fund } from "../../helpers/dissolve.ts";
import { PLAIN } from "../../helpers/papers.ts";
import { World } from "../../helpers/world.ts";

/** docs/rules.md "Rules": every value in force comes from the founding or the last passed change of it. */
async function amendedPool() {
  const w = await World.withMembers(["alice", "bob", "carol"]);
  const p = await w.propose(
    "alice",
    { kind: "rules", changes: { quorum: 75, buyIn: 500 } },
    { title: "Stricter quorum" },
  );
  for (const n of ["alice", "bob", "carol"]) await w.vote(n, p.id, "yes");
  const decided = await w.decide(p.id, "bob", "carol");
  return { w, p, decided, s: await w.derive() };
}

describe("operating agreement", () => {
  it("rules §4 rules: each rule in force names the proposal and confirmation that set it, or the founding", async () => {
    const { w, p, decided, s } = await amendedPool();
    const sources = rulesProvenance(s);
    expect(sources.find((x) => x.key === "quorum")).toMatchObject({
      value: 75,
      setBy: { proposal: p.id, confirmation: decided.confirmation.id, confirmedBy: w.id("carol") },
    });
    expect(sources.find((x) => x.key === "threshold")?.setBy).toBeUndefined();
  });

  it("fills the bylaws with the name, purpose, currency, rules and the one-person-one-vote clause, and signs off every member", async () => {
    const { s } = await amendedPool();
    const md = paperMarkdown(renderAgreement(s, memberRegister(s, sha256), PLAIN, Date.UTC(2026, 5, 1)));
    expect(md).toContain("# Operating agreement of Hiking Club Pool");
    expect(md).toContain("Purpose: Gear and trips");
    expect(md).toContain("Currency: USD");
    expect(md).toContain(ONE_PERSON_ONE_VOTE);
    expect(md).toMatch(
      /\| Turnout needed \(quorum\) \| 75% of the members entitled to vote \| Proposal "Stricter quorum" \(3 yes/,
    );
    expect(md).toContain("| Buy-in needed to vote | 5.00 USD |");
    expect(md).toContain(DISSOLUTION_RULE);
    expect(md).toContain("## Signature page");
    for (const name of ["Founder", "Bob", "Carol"]) expect(md).toMatch(new RegExp(`\\| ${name} \\| 2026-`));
  });

  it("rules §4 dissolve: a dissolving pool's agreement lists what is owed to whom", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    await fund(w, "bob", 1001, "dues");
    await dissolve(w, "equal");
    const s = await w.derive();
    const md = paperMarkdown(renderAgreement(s, memberRegister(s, sha256), PLAIN, w.now));
    expect(md).toContain("The members voted to dissolve the pool");
    expect(md).toContain("| Bob | Share of the rest | 3.33 USD | 0.00 USD | 3.33 USD |");
    expect(md).toContain("| Carol | Share of the rest | 3.34 USD |");
  });
});
