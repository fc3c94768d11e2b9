/**
 * Junk shedding from a session (docs/rules.md §3.7): after a recompute, junk is remembered (with
 * the verification cache) and deleted from the document; in an encrypted pool, which epochs are
 * junk is judged after each read (encryption/epochJunk.ts).
 */
import type { AnyDecodedEvent, EventId } from "../../core/events/types.ts";
import type { ReasonCode } from "../../core/reasons.ts";
import { epochMarkTag, epochOfValue, junkAfterEpoch } from "../encryption/epochJunk.ts";
import { type JunkFound, junkMarksOf, shedFromDocument } from "../shedJunk.ts";
import { rewriteSealed } from "./healVanished.ts";
import type { SessionInternals } from "./sessionInternals.ts";
import { writeBlocked } from "./sessionWrites.ts";

/** Refusals that make an entry junk rather than a member's refused event (rules §3.7). */
export function isJunkReason(reason: ReasonCode): boolean {
  return reason === "bad-signature" || reason === "bad-invite-proof";
}

/**
 * After a recompute's state is out: remember its junk and delete it from the document (once
 * this device can tell the pool's members, i.e. its state is derived), then show the new count.
 */
export function shedLater(
  s: SessionInternals,
  found: JunkFound,
  conflicted: readonly string[],
  events: ReadonlyMap<EventId, AnyDecodedEvent>,
  verified: ReadonlySet<EventId>,
  derived: boolean,
): void {
  if (found.undecodable.length + found.forged.length + found.strangers.length + conflicted.length === 0) return;
  // A device without the key of an encrypted pool cannot tell junk from sealed entries: it
  // remembers and deletes nothing (rules §9), or it would skip them once it has the key.
  if (writeBlocked(s) !== undefined) return;
  setTimeout(() => {
    if (s.closed) return;
    const { marks, keys } = junkMarksOf(found, s.deps.sha256, (v) => epochTag(s, v));
    const added = s.junk.add(marks);
    if (added.length > 0) s.deps.cache?.addNotes(s.poolId, { junk: added }).catch(s.onError);
    if (derived) {
      const valid = (id: EventId) => (verified.has(id) ? events.get(id) : undefined);
      // In an encrypted pool the good values beside junk are written back sealed, never plaintext.
      shedFromDocument(s.handle, keys, s.crypto ? [] : conflicted, (id) => s.known.get(id), valid);
      if (s.crypto && conflicted.length > 0) void rewriteSealed(s, conflicted, valid).catch(s.onError);
    }
    if (s.view.junk !== s.junk.size) {
      s.view = { ...s.view, junk: s.junk.size, revision: s.view.revision + 1 };
      for (const l of s.listeners) l(s.view);
    }
  }, 0);
}

/**
 * Sets which epochs are junk after a read (encryption/epochJunk.ts) and forgets the junk marks
 * of epochs that no longer are; true when a value's verdict changed, so the read must be redone
 * (only that second read sheds anything).
 */
export function judgeEpochs(s: SessionInternals, events: readonly AnyDecodedEvent[]): boolean {
  if (s.crypto === undefined || s.opener === undefined) return false;
  const newest = s.crypto.ring.current().epoch;
  // The rule needs the newest key to be this pool's own: a key a flood lent may be wrong, and
  // then the rotation to the next epoch would not open here.
  const after = s.crypto.ring.isLent(newest) ? undefined : junkAfterEpoch(newest, events);
  const forgot = s.junk.forgetEpochs((epoch) => after !== undefined && epoch > after);
  return s.opener.judgeEpochsAfter(after) || forgot;
}

/** A junk value of an epoch whose key this device lacks was shed for its epoch: its mark says so. */
function epochTag(s: SessionInternals, value: Uint8Array): string | undefined {
  if (s.crypto === undefined) return undefined; // a plaintext pool has no epochs
  const epoch = epochOfValue(value);
  return epoch === undefined || s.crypto.ring.get(epoch) !== undefined ? undefined : epochMarkTag(epoch);
}
