import type { EventId, MemberId, ProposalKind } from "../events/types.ts";
import type { FailReason, PoolState, ProposalView, Tally } from "../pool/poolState.ts";
import type { PaperDoc, PaperFormat } from "./paperDoc.ts";

/** One resolution: a proposal whose seal another elector confirmed. */
export interface Resolution {
  proposal: EventId;
  title: string;
  text: string;
  kind: ProposalKind;
  proposedBy: MemberId;
  proposedAt: number;
  closedAt: number;
  tally: Tally;
  seal: EventId;
  sealedBy: MemberId;
  sealedAt: number;
  confirmation: EventId;
  confirmedBy?: MemberId;
  confirmedAt?: number;
  passed: boolean;
  failReason?: FailReason;
}

/**
 * Every confirmed result, in the order of confirmation (docs/rules.md "Votes, the close, the
 * tally and the seal"): what a bank or a registrar calls the resolutions. A seal nobody confirmed
 * yet is provisional, so it is not a resolution.
 */
export function decisionRecord(state: PoolState): Resolution[] {
  const place = new Map(state.order.map((id, i) => [id, i]));
  const out: Resolution[] = [];
  for (const p of Object.values(state.proposals)) {
    const r = resolutionOf(p);
    if (r) out.push(r);
  }
  return out.sort((a, b) => (place.get(a.confirmation) ?? 0) - (place.get(b.confirmation) ?? 0));
}

function resolutionOf(p: ProposalView): Resolution | undefined {
  const d = p.decided;
  const seal = d ? p.seals.find((s) => s.id === d.seal) : undefined;
  if (!d || !seal) return undefined;
  const r: Resolution = {
    proposal: p.id,
    title: p.title,
    text: p.text,
    kind: p.spec.kind,
    proposedBy: p.by,
    proposedAt: p.at,
    closedAt: seal.close,
    tally: d.tally,
    seal: seal.id,
    sealedBy: seal.by,
    sealedAt: seal.at,
    confirmation: d.confirmation,
    passed: d.tally.passed,
  };
  if (d.confirmedBy !== "") r.confirmedBy = d.confirmedBy;
  r.confirmedAt = d.confirmedAt;
  if (d.tally.failReason !== undefined) r.failReason = d.tally.failReason;
  return r;
}

const KIND_TEXT: Record<ProposalKind, string> = {
  decision: "Decision",
  spend: "Spending",
  "cancel-spend": "Cancelling a spend",
  rules: "Change of rules",
  "remove-member": "Removal of a member",
  round: "Budget round",
  "flood.join": "Joining a flood",
  "flood.leave": "Leaving a flood",
  dissolve: "Dissolution",
  poll: "Poll",
};

const FAIL_TEXT: Record<FailReason, string> = {
  "no-electorate": "nobody was able to vote",
  "no-quorum": "not enough members voted",
  "not-enough-support": "not enough members voted yes",
  blocked: "a member blocked it",
  "stale-amendment": "a newer rules change touched the same rules",
};

export const kindText = (kind: ProposalKind): string => KIND_TEXT[kind] ?? kind;

export function outcomeText(r: Pick<Resolution, "passed" | "failReason">): string {
  return r.passed ? "Passed" : `Not passed: ${FAIL_TEXT[r.failReason ?? "not-enough-support"]}`;
}

export const tallyText = (t: Tally): string =>
  t.ballots !== undefined
    ? `${t.ballots} ballot${t.ballots === 1 ? "" : "s"} of ${t.electorate} entitled to vote`
    : `${t.yes} yes, ${t.no} no, ${t.abstain} abstain${t.block > 0 ? `, ${t.block} block` : ""} of ${t.electorate} entitled to vote`;

/** Minutes-style record of every resolution, printable and exportable. */
export function resolutionsDoc(state: PoolState, rows: readonly Resolution[], f: PaperFormat): PaperDoc {
  const name = (id: MemberId | undefined) => (id ? (state.members[id]?.name ?? id) : "");
  const blocks: PaperDoc["blocks"] = [
    { kind: "h1", text: `Resolutions of ${state.name}` },
    {
      kind: "p",
      text: `Every decision whose count was sealed by one member entitled to vote and confirmed by another, in the order confirmed. One person, one vote: each tally counts one vote per member. ${rows.length === 0 ? "No decision has been confirmed yet." : `${rows.length} resolution${rows.length === 1 ? "" : "s"}.`}`,
    },
  ];
  rows.forEach((r, i) => {
    blocks.push(
      { kind: "h2", text: `${i + 1}. ${r.title}` },
      {
        kind: "ul",
        items: [
          `Kind: ${kindText(r.kind)}`,
          `Proposed by ${name(r.proposedBy)} on ${f.date(r.proposedAt)}`,
          `Voting closed: ${f.date(r.closedAt)}`,
          `Tally: ${tallyText(r.tally)}`,
          `Sealed by ${name(r.sealedBy)} on ${f.date(r.sealedAt)}`,
          `Confirmed by ${name(r.confirmedBy)}${r.confirmedAt === undefined ? "" : ` on ${f.date(r.confirmedAt)}`}`,
          `Outcome: ${outcomeText(r)}`,
          `Record: proposal ${r.proposal}, seal ${r.seal}, confirmation ${r.confirmation}`,
        ],
      },
    );
    if (r.text.trim() !== "") blocks.push({ kind: "p", text: r.text.trim() });
  });
  return { title: `Resolutions of ${state.name}`, blocks };
}
