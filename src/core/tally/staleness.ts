import { HOUR_MS } from "../events/limits.ts";
import type { EventId } from "../events/types.ts";
import type { Fold } from "../pool/fold.ts";
import type { ProposalRecord } from "../proposals/proposalRecord.ts";

/**
 * An author chooses a proposal's parents, so they could leave out a newcomer's admission or a
 * rules change they already knew of, to shape the electorate or the rules it is tallied with.
 * A device that held such an event before the proposal's date, or that received the proposal
 * too late for members to consider it, treats it as stale (docs/rules.md §4).
 */
export function isStale(fold: Fold, p: ProposalRecord, arrivals: ReadonlyMap<EventId, number>): boolean {
  const e = p.event;
  const arrived = arrivals.get(e.id);
  if (arrived !== undefined && arrived > e.body.data.closesAt - p.rules.minVotingHours * HOUR_MS) return true;
  const heldBefore = (id: EventId) => {
    const t = arrivals.get(id);
    return t !== undefined && t < e.body.at && !fold.inPast(p.past, id);
  };
  for (const marks of fold.marks.values())
    for (const m of marks) if (m.kind === "admit" && m.event !== fold.genesisId && heldBefore(m.event)) return true;
  return fold.rulesChanges.some((c) => c.passed && heldBefore(c.confirmation));
}
