/**
 * What the person is told about a key backup (docs/rules.md §9 "Key backup"): what a new backup
 * holds, and what a restored one brought back. A backup holds only the pools this phone has when
 * it is made, so both say so.
 */
import type { RestoredBackup } from "./identity.ts";

export interface KeyBackupText {
  /** The file's contents and the QR code's text. */
  text: string;
  /** Names of the pools and floods whose keys it holds. */
  pools: string[];
  floods: string[];
  /** False when the text is too long for a QR code a phone camera reads reliably: the file holds it all. */
  fitsQrCode: boolean;
}

/**
 * A QR code at error correction M holds at most 2,331 bytes, and a code that large drawn on a
 * phone screen is hard to read; past this length the backup is offered as a file only.
 */
export const MAX_QR_BACKUP_CHARS = 1200;

export function describeBackup(text: string, pools: string[], floods: string[]): KeyBackupText {
  return { text, pools, floods, fitsQrCode: text.length <= MAX_QR_BACKUP_CHARS };
}

/** One plain sentence (or two) shown after a restore. */
export function restoredText(backup: RestoredBackup): string {
  if (backup.version === 1)
    return (
      "Your key is back. This backup was made by an older version of Pools and holds no pool keys, so your " +
      "encrypted pools cannot be opened from it: ask a member of each pool for a new invite link, then save a new backup."
    );
  const pools = backup.pools.filter((p) => p.kind !== "flood").map((p) => p.name || "a pool");
  const floods = backup.pools.filter((p) => p.kind === "flood").length;
  if (pools.length === 0 && floods === 0)
    return "Your key is back. This backup held no pools: to open a pool again, ask a member for an invite link.";
  const parts: string[] = [];
  if (pools.length > 0) parts.push(`${pools.length === 1 ? "1 pool" : `${pools.length} pools`} (${pools.join(", ")})`);
  if (floods > 0) parts.push(floods === 1 ? "1 flood" : `${floods} floods`);
  return `Your key is back, with the keys of ${parts.join(" and ")}. They open here as soon as they have synced.`;
}
