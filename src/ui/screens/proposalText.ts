/** Plain words about proposals, shared by the list and the detail screens. */
import type { FailReason, ProposalKind, ProposalView } from "../../core/index.ts";

export const KIND_LABEL: Record<ProposalKind, string> = {
  decision: "Decision",
  spend: "Spend",
  "cancel-spend": "Cancel a spend",
  rules: "Rules change",
  "remove-member": "Remove a member",
  round: "Budget round",
  "flood.join": "Join a flood",
  "flood.leave": "Leave a flood",
  poll: "Poll",
  dissolve: "Dissolve the pool",
};

export const FAIL_TEXT: Record<FailReason, string> = {
  "no-electorate": "nobody was able to vote on it",
  "no-quorum": "not enough members voted",
  "not-enough-support": "not enough members voted yes",
  blocked: "a member blocked it",
  "stale-amendment": "a newer rules change touched the same rules",
};

export function resultLabel(p: ProposalView): string {
  if (p.status === "withdrawn") return "Withdrawn";
  const t = p.decided?.tally ?? p.tally;
  if (p.spec.kind === "poll") return pollLabel(p, t.passed);
  const base = t.passed ? "Passed" : "Failed";
  if (p.status === "decided") return p.decided?.overturned ? `${base} (overturned)` : base;
  if (p.status === "closed") return `${base} (provisional until sealed)`;
  return t.passed ? "Passing so far" : "Not passing yet";
}

/** A poll decides nothing: its result stands when enough members voted (rules §11). */
function pollLabel(p: ProposalView, enough: boolean): string {
  const base = enough ? "Result stands" : "No result";
  if (p.status === "decided") return base;
  if (p.status === "closed") return `${base} (provisional until sealed)`;
  return enough ? "Enough members have voted" : "Not enough members have voted yet";
}

/** While voting is open: whether it would pass now, or what it still needs. */
export function stillNeededText(p: ProposalView): string {
  if (p.spec.kind === "poll" && p.tally.passed) return "The result would stand if voting closed now.";
  if (p.tally.passed) return "It would pass if voting closed now.";
  const parts: string[] = [];
  const { forQuorum, yesToPass } = p.needed;
  if (forQuorum > 0) parts.push(`${forQuorum} more vote${forQuorum === 1 ? "" : "s"} needed for enough turnout`);
  if (yesToPass > 0 && Number.isFinite(yesToPass))
    parts.push(`${yesToPass} more yes vote${yesToPass === 1 ? "" : "s"} needed to pass`);
  if (parts.length === 0)
    return p.tally.failReason === "blocked" ? "A block vote stops it." : "It would not pass if voting closed now.";
  return `${parts.join("; ")}.`;
}
