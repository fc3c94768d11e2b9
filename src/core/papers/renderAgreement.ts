import { describeRules } from "../bylaws/describeRules.ts";
import type { MemberId } from "../events/types.ts";
import type { PoolState } from "../pool/poolState.ts";
import { outcomeText, tallyText } from "./decisionRecord.ts";
import { DISSOLUTION_RULE, dissolutionBlocks } from "./dissolutionText.ts";
import type { RegisterRow } from "./memberRegister.ts";
import type { PaperBlock, PaperDoc, PaperFormat } from "./paperDoc.ts";
import { rulesProvenance } from "./rulesProvenance.ts";
import { ruleLabel, ruleValueText } from "./ruleValueText.ts";

export const ONE_PERSON_ONE_VOTE =
  "Each member has exactly one vote on every proposal they are entitled to vote on. No contribution, office, length of membership or rule gives anyone more than one vote, and no amendment can change this clause.";

/**
 * The operating agreement: the pool's bylaws filled in with its name, purpose, currency, the
 * rules in force (each with the proposal and confirmation that set it), money, leaving and
 * refunds, dissolution, and a signature page listing each member's signed acceptance.
 * `register` is `memberRegister(state, sha256)`, passed in so the signature page matches it.
 */
export function renderAgreement(
  state: PoolState,
  register: readonly RegisterRow[],
  f: PaperFormat,
  now: number,
): PaperDoc {
  const name = (id: MemberId | undefined) => (id ? (state.members[id]?.name ?? id) : "");
  const r = state.rules;
  const treasurers = r.treasurers.map(name);
  const blocks: PaperBlock[] = [
    { kind: "h1", text: `Operating agreement of ${state.name}` },
    {
      kind: "p",
      text: `Produced by Pools on ${f.date(now)} from the pool's signed records. The members named on the signature page have each accepted the bylaws by signing with their own key. This is a plain-language agreement, not legal advice: have it reviewed before filing it with a registrar or a bank.`,
    },
    { kind: "h2", text: "1. Name, purpose and money" },
    {
      kind: "ul",
      items: [
        `Name: ${state.name}`,
        `Purpose: ${state.purpose.trim() === "" ? "not written yet" : state.purpose.trim()}`,
        `Currency: ${state.currency}. Every amount is kept in whole ${state.currency} minor units (cents).`,
        `Founded on ${f.date(state.createdAt)} by ${name(state.founder)}.`,
        `Pool identifier (its founding event): ${state.poolId}`,
      ],
    },
    { kind: "h2", text: "2. Members and voting" },
    {
      kind: "ul",
      items: [
        ONE_PERSON_ONE_VOTE,
        r.admission === "manual"
          ? "A person joins with an invite from a member and becomes a member once a member other than the one who invited them admits them."
          : "A person joins with an invite from a member and becomes a member once admitted; a valid invite is admitted automatically.",
        "Joining records the hash of the bylaws the newcomer accepted, signed by their own key.",
        r.buyIn > 0
          ? `A member may vote once their confirmed buy-in of ${f.money(r.buyIn)} is met.`
          : "There is no buy-in: every member may vote.",
        "Any member may leave at any time. A member may be removed by a passed proposal to remove them, on which they do not vote.",
        "A proposal's voters are fixed when it is made: people who join or pay later do not vote on it.",
      ],
    },
    { kind: "h2", text: "3. How we decide" },
    { kind: "ul", items: describeRules(r, state.currency, treasurers, undefined, f.money) },
    { kind: "h2", text: "4. Rules in force, and what set each one" },
    {
      kind: "table",
      caption: "Rules in force",
      head: ["Rule", "In force", "Set by"],
      rows: rulesProvenance(state).map((s) => [
        ruleLabel(s.key),
        ruleValueText(s.key, s.value, f, name),
        s.setBy
          ? `Proposal "${s.setBy.title}" (${tallyText(s.setBy.tally)}; ${outcomeText(s.setBy)}), sealed by ${name(s.setBy.sealedBy)}, confirmed by ${name(s.setBy.confirmedBy)}${s.setBy.confirmedAt === undefined ? "" : ` on ${f.date(s.setBy.confirmedAt)}`}`
          : `The founding of the pool, ${f.date(state.createdAt)}`,
      ]),
    },
    { kind: "h2", text: "5. Money: how it is spent and confirmed" },
    {
      kind: "ul",
      items: [
        "Every contribution, payout, refund and correction is recorded in the pool's ledger, visible to every member, and exportable.",
        r.confirmBy === "none"
          ? "Ledger entries count as soon as they are recorded."
          : r.confirmBy === "treasurer"
            ? `A treasurer (${treasurers.join(", ") || "none named"}) confirms each ledger entry; a treasurer's own entry is confirmed by another treasurer.`
            : "A member other than the one who recorded an entry, and other than the member it names, confirms it.",
        "An entry counts only once confirmed. A confirmed entry always moves the balance, so the ledger matches the real money.",
        "Money is spent only as a passed spend proposal allows: up to its amount, to its payee. A payout the rules did not authorise is flagged to every member until it is reversed or a passed spend covers it.",
        "Refunds owed come first; then passed spends are paid in the order they were approved. A spend the balance cannot cover waits.",
        "Mistakes are corrected by a reversal, never by editing or deleting an entry.",
      ],
    },
    { kind: "h2", text: "6. Leaving and refunds" },
    {
      kind: "ul",
      items: [
        r.refundOnLeave
          ? "A member who leaves or is removed is owed back their confirmed buy-in not yet refunded, before any other spending."
          : "Buy-ins are not refunded when a member leaves or is removed.",
        "Dues and donations are not refunded.",
        "A person who left may rejoin with a new invite; the register lists each membership.",
      ],
    },
    { kind: "h2", text: "7. Dissolution" },
    { kind: "p", text: DISSOLUTION_RULE },
    ...dissolutionBlocks(state, f, name),
    { kind: "h2", text: "8. Changing this agreement" },
    {
      kind: "ul",
      items: [
        `These rules change only by a passed rules proposal, which needs ${r.amendThreshold}% of the yes and no votes. The same support is needed to dissolve the pool.`,
        "The one-person-one-vote clause cannot be amended.",
        "The member register, the resolutions and the ledger are kept by the pool and can be printed or exported at any time.",
      ],
    },
    { kind: "h2", text: "Signature page", newPage: true },
    {
      kind: "p",
      text: "Each member below accepted the bylaws by signing an event with their own key (their member id is that public key). The founder accepted them by signing the pool's founding event. A line marked “not the text in force then” recorded a hash of a different text than this device renders for that date.",
    },
    {
      kind: "table",
      caption: "Signatures",
      signatures: true,
      head: ["Member", "Accepted on", "Bylaws (version, hash)", "Signed by key", "Signature on paper"],
      rows: register.map((m) => [
        m.stints > 1 ? `${m.name} (membership ${m.stint} of ${m.stints})` : m.name,
        f.date(m.founder ? m.admittedAt : m.joinedAt),
        `v${m.bylawsVersion}, ${m.bylawsHash}${m.bylawsMatch ? "" : " (not the text in force then)"}`,
        m.signedBy,
        "",
      ]),
    },
  ];
  return { title: `Operating agreement of ${state.name}`, blocks };
}
