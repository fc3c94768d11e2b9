/** Reason sentences for the audit view: the core's and the sync layer's, in one lookup. */
import { REASONS } from "../core/index.ts";
import { SYNC_REASONS } from "../sync/syncReasons.ts";

export function reasonSentence(code: string): string {
  return (REASONS as Record<string, string>)[code] ?? (SYNC_REASONS as Record<string, string>)[code] ?? code;
}
