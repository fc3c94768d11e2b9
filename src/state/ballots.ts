/**
 * Ballots that travel without a network (DESIGN.md §6): a vote is one small signed event whose
 * only parent is its proposal, so it can be shown as a QR code (or text) on the voter's phone
 * and added on the chair's phone, which checks it like any other event: a stranger's or a
 * tampered ballot is refused on the spot.
 *
 *   pools-ballot:1:<base64url canonical body bytes>.<base64url signature>
 */
import { type EventId, eventIdOf, fromBase64url, type PoolState, toBase64url } from "../core/index.ts";
import { sha256 } from "../crypto/index.ts";
import type { PoolSession } from "../sync/index.ts";
import { type CommandResult, done, explain, failed, unexpected } from "./errors.ts";
import { memberName } from "./selectors.ts";

const PREFIX = "pools-ballot:1:";

/** My latest ballot on a proposal, as text for a QR code; undefined before I vote. */
export function myBallot(session: PoolSession, proposal: EventId, me: string): string | undefined {
  let latest: { at: number; id: EventId; bytes: Uint8Array; sig: Uint8Array } | undefined;
  for (const e of session.view().events.values()) {
    if (e.body.type !== "vote.cast" || e.body.by !== me) continue;
    if ((e.body.data as { proposal: EventId }).proposal !== proposal) continue;
    if (!latest || e.body.at > latest.at || (e.body.at === latest.at && e.id > latest.id))
      latest = { at: e.body.at, id: e.id, bytes: e.bytes, sig: e.sig };
  }
  return latest && `${PREFIX}${toBase64url(latest.bytes)}.${toBase64url(latest.sig)}`;
}

function parseBallot(text: string): { id: EventId; bytes: Uint8Array; sig: Uint8Array } | undefined {
  const t = text.trim();
  if (!t.startsWith(PREFIX)) return undefined;
  const [b, s, ...rest] = t.slice(PREFIX.length).split(".");
  const bytes = b ? fromBase64url(b) : undefined;
  const sig = s ? fromBase64url(s) : undefined;
  if (!bytes || !sig || rest.length > 0) return undefined;
  return { id: eventIdOf(bytes, sha256), bytes, sig };
}

export interface BallotAdded {
  /** Who the ballot is from, and a plain summary for the chair. */
  message: string;
  /** False when this phone already held this exact ballot. */
  fresh: boolean;
}

/** Checks a scanned ballot with the core and adds it; says plainly whose it was or why not. */
export async function addBallot(
  session: PoolSession,
  state: () => PoolState | undefined,
  text: string,
  me: string,
): Promise<CommandResult<BallotAdded>> {
  const ballot = parseBallot(text);
  if (!ballot) return failed("That code is not a Pools ballot.");
  try {
    const already = session.view().verified.has(ballot.id);
    const r = await session.append([ballot], { partial: true });
    if (!r.ok) return failed(`Ballot refused: ${explain(r)}`);
    const refused = r.value.refused[0];
    if (refused) return failed(`Ballot refused: ${explain(refused)}`);
    const event = session.view().events.get(ballot.id);
    if (event?.body.type !== "vote.cast") return failed("That code is not a ballot.");
    const s = state();
    const who = s ? memberName(s, event.body.by, me) : "a member";
    const choice = (event.body.data as { choice: string }).choice;
    if (r.value.pending.includes(ballot.id))
      return done({ message: `Ballot from ${who} kept; it counts once this phone has the proposal.`, fresh: true });
    return done({
      message: already ? `Already counted: ${who} voted ${choice}.` : `Counted: ${who} voted ${choice}.`,
      fresh: !already,
    });
  } catch (error) {
    return unexpected(error);
  }
}
