/**
 * Plain-language errors for the person who tapped a button. Most refusals reuse the core's and
 * the sync layer's one sentence per reason (REASONS, SYNC_REASONS), so screens, audit view and
 * tests agree; a few are said from the point of view of the person acting.
 */
import type { ReasonCode } from "../core/index.ts";
import { type SyncReasonCode, type SyncRefused, syncReasonText } from "../sync/syncReasons.ts";

export type CommandResult<T = undefined> = { ok: true; value: T } | { ok: false; error: string };

export const done = <T>(value: T): CommandResult<T> => ({ ok: true, value });
export const failed = (error: string): { ok: false; error: string } => ({ ok: false, error });

const FOR_THE_ACTOR: Partial<Record<ReasonCode | SyncReasonCode, string>> = {
  "not-a-member": "You are not an active member of this pool, so you cannot do this.",
  "after-leaving": "You have left this pool, so you cannot do this any more.",
  "confirm-own-entry": "You recorded this entry or it names you, so another member has to confirm it.",
  "own-seal": "You sealed this result, so another member has to confirm it.",
  "not-in-electorate": "You cannot vote on this proposal: it was made before you could vote here.",
  "self-admission": "You cannot admit yourself; another member will.",
  "inviter-admits": "You invited this person, so another member has to admit them (the pool admits newcomers by hand).",
  "confirm-too-early":
    "Late offline votes may still arrive; this result can be confirmed once the waiting time is over.",
  "seal-lacks-vote": "This seal leaves out a vote this phone holds, so it cannot be confirmed. Seal the result again.",
  "bad-close-time": "The voting time is outside what the pool's rules allow.",
  "doc-unavailable": "This phone could not reach the pool. Check the connection and try again, or ask for a pool file.",
};

export function explain(refusal: Pick<SyncRefused, "reason">): string {
  return FOR_THE_ACTOR[refusal.reason] ?? syncReasonText(refusal.reason);
}

/** An unexpected failure (storage full, a bug): said plainly, and logged for whoever debugs it. */
export function unexpected(error: unknown): { ok: false; error: string } {
  console.error(error);
  const detail = error instanceof Error ? error.message : String(error);
  return failed(`Something went wrong on this phone: ${detail}`);
}
