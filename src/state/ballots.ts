/**
 * Ballots that travel without a network (docs/rules.md §6): a vote is one small signed event whose
 * only parent is its proposal, so it can be shown as a QR code (or text) on the voter's phone
 * and added on the chair's phone, which checks it like any other event: a stranger's or a
 * tampered ballot is refused on the spot (commands/meetup.ts).
 *
 *   pools-ballot:1:<base64url canonical body bytes>.<base64url signature>   (core encodeBallot)
 */
import { type EventId, encodeBallot } from "../core/index.ts";
import type { PoolDeps, PoolSession } from "../sync/index.ts";
import { type BallotOutcome, collectBallot } from "./commands/meetup.ts";
import { type CommandResult, done, failed, unexpected } from "./errors.ts";

/** My latest ballot on a proposal, as text for a QR code; undefined before I vote. */
export function myBallot(session: PoolSession, proposal: EventId, me: string): string | undefined {
  let latest: { at: number; id: EventId; bytes: Uint8Array; sig: Uint8Array } | undefined;
  for (const e of session.view().events.values()) {
    if (e.body.type !== "vote.cast" || e.body.by !== me) continue;
    if ((e.body.data as { proposal: EventId }).proposal !== proposal) continue;
    if (!latest || e.body.at > latest.at || (e.body.at === latest.at && e.id > latest.id))
      latest = { at: e.body.at, id: e.id, bytes: e.bytes, sig: e.sig };
  }
  return latest && encodeBallot(latest);
}

export interface BallotAdded {
  /** Who the ballot is from, and a plain summary for the chair. */
  message: string;
  /** False when this phone already held this exact ballot. */
  fresh: boolean;
}

/** Checks a scanned ballot on this phone and adds it; says plainly whose it was or why not. */
export async function addBallot(
  session: PoolSession,
  deps: Pick<PoolDeps, "verifier">,
  text: string,
  me: string,
  proposal?: EventId,
): Promise<CommandResult<BallotAdded>> {
  const r = await checkAndAddBallot(session, deps, text, me, proposal);
  if (!r.ok) return r;
  if (r.value.status === "refused") return failed(r.value.message);
  return done({ message: r.value.message, fresh: r.value.status === "counted" });
}

/** The full outcome of a scanned ballot, for the Collect ballots screen. */
export async function checkAndAddBallot(
  session: PoolSession,
  deps: Pick<PoolDeps, "verifier">,
  text: string,
  me: string,
  proposal?: EventId,
): Promise<CommandResult<BallotOutcome>> {
  try {
    return done(await collectBallot(session, deps, text, { me, proposal }));
  } catch (error) {
    return unexpected(error);
  }
}
