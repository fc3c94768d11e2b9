import type { DecodedEvent } from "../events/types.ts";
import type { Fold } from "../pool/fold.ts";
import { releaseDeparted } from "../rounds/applyRound.ts";

/** `member.left`: opt-out at any time. Authorship ends with it (see Fold.writtenAfterLeaving). */
export function applyLeave(fold: Fold, e: DecodedEvent<"member.left">): void {
  fold.addMark(e.body.by, "depart", e.id);
  fold.departures.push({ event: e.id, member: e.body.by, at: e.body.at });
  releaseDeparted(fold, e.body.by, e.body.at);
}
