import { toBase64url } from "../encoding/base64url.ts";
import type { Sha256 } from "../identity/cryptoPorts.ts";
import type { Rules } from "../rules/rules.ts";
import { describeRules, plainAmount } from "./describeRules.ts";

/**
 * Version 2: §1 no longer says a member admits every newcomer (under automatic admission the
 * app does), and a zero minimum voting time is not stated as "never less than 0 hours".
 */
export const BYLAWS_TEMPLATE_VERSION = 2;

export interface BylawsInput {
  name: string;
  purpose: string;
  currency: string;
  rules: Rules;
  /** Display names of treasurers, when confirmation is by treasurer. */
  treasurerNames?: string[];
  /** Decimals of the currency as the app keeps its minor units (2 when absent; 0 for JPY, 3 for KWD). */
  minorDigits?: number;
}

/**
 * The pool's bylaws in plain language (Markdown), rendered from its name, purpose and the rules
 * in force. A joiner accepts this text; the hash of it goes in their join.
 */
export function renderBylaws(input: BylawsInput, version = BYLAWS_TEMPLATE_VERSION): string {
  if (version !== 1 && version !== 2) throw new Error(`renderBylaws: unknown template version ${version}`);
  const admission =
    version === 1
      ? "- Anyone who holds an invite from a member may ask to join; they become a member once another member admits them."
      : "- Anyone who holds a valid invite from a member may ask to join; how they are admitted is set out in §2.";
  const lines = [
    `# Bylaws of ${input.name}`,
    "",
    input.purpose.trim() === "" ? "_No purpose written yet._" : input.purpose.trim(),
    "",
    "## 1. Members",
    admission,
    "- Every member has exactly one vote. No rule can give anyone more.",
    "- Any member may leave at any time.",
    "",
    "## 2. How we decide",
    ...describeRules(input.rules, input.currency, input.treasurerNames, version, (minor) =>
      plainAmount(minor, input.currency, input.minorDigits ?? 2),
    ).map((l) => `- ${l}`),
    "",
    "## 3. Money",
    `- The pool keeps its money in ${input.currency}. Every contribution, payout, refund and correction is recorded and visible to every member.`,
    "- Money is spent only as a passed spend proposal allows. Spending the group did not approve is flagged to everyone until it is put right.",
    "- Mistakes are corrected by a reversal, never by editing or deleting an entry.",
    "",
    "## 4. Changing these bylaws",
    `- These rules change only by a passed rules proposal, which needs ${input.rules.amendThreshold}% of the yes and no votes.`,
    "",
    `_Template version ${version}._`,
  ];
  return `${lines.join("\n")}\n`;
}

/** What a joiner's `bylawsHash` records. */
export function bylawsHash(text: string, sha256: Sha256): string {
  return toBase64url(sha256(new TextEncoder().encode(text)));
}
