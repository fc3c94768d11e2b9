import type { Rules } from "../rules/rules.ts";

/**
 * Minor units shown plainly, without Intl (the core has no locale), in the currency's own number
 * of decimals: 1000 minor units are "1000 JPY" and "1.000 KWD", not "10.00". Integer string work,
 * so no amount is ever rounded through floating point.
 */
export function plainAmount(minor: number, currency: string, minorDigits: number): string {
  const digits = String(Math.abs(minor)).padStart(minorDigits + 1, "0");
  const whole = minorDigits === 0 ? digits : `${digits.slice(0, -minorDigits)}.${digits.slice(-minorDigits)}`;
  return `${minor < 0 ? "-" : ""}${whole} ${currency}`;
}

/**
 * Each rule in one plain sentence, for the bylaws and the rules screen. `version` is the bylaws
 * template's: version 1's words stay as they were, since members accepted that exact text.
 * `money` writes an amount; the default is plain text with two decimals, and the bylaws pass the
 * currency's own decimals so the text every device hashes is the same.
 */
export function describeRules(
  r: Rules,
  currency: string,
  treasurerNames: string[] = [],
  version = 2,
  money: (minor: number) => string = (minor) => plainAmount(minor, currency, 2),
): string[] {
  const confirm =
    r.confirmBy === "none"
      ? "Ledger entries count as soon as they are recorded."
      : r.confirmBy === "treasurer"
        ? `Ledger entries count once a treasurer (${treasurerNames.join(", ") || "none named"}) confirms them; a treasurer's own entry is confirmed by another treasurer.`
        : "Ledger entries count once a member other than the one who recorded them, and other than the member they name, confirms them.";
  return [
    `A proposal passes when more members vote yes than no, and yes is at least ${r.threshold}% of the yes and no votes.`,
    `At least ${r.quorum}% of the members who may vote must cast a vote (any choice) for a result to count.`,
    r.allowBlock
      ? "Any member may block a proposal: one block vote fails it."
      : "Block votes are not used; members vote yes, no or abstain.",
    version === 1 || r.minVotingHours > 0
      ? `Proposals stay open for ${r.votingDays} day${r.votingDays === 1 ? "" : "s"} unless their author chooses otherwise, and never less than ${r.minVotingHours} hour${r.minVotingHours === 1 ? "" : "s"}.`
      : `Proposals stay open for ${r.votingDays} day${r.votingDays === 1 ? "" : "s"} unless their author chooses a shorter or longer time.`,
    r.closeWhenAllVoted
      ? "A proposal closes early once every member who may vote has voted."
      : "A proposal stays open until its closing time even if everyone has voted.",
    `Votes cast offline before the close still count if they arrive within ${r.sealAfterHours} hour${r.sealAfterHours === 1 ? "" : "s"} after it; then another member confirms the final count.`,
    `A member whose vote, cast by the close, was left out of a confirmed count may restore it within ${r.restoreHours} hour${r.restoreHours === 1 ? "" : "s"} of the confirmation; the result is then counted again with their vote.`,
    r.buyIn > 0
      ? `A member needs a confirmed buy-in of ${money(r.buyIn)} before they may vote.`
      : "There is no buy-in: every member may vote.",
    r.refundOnLeave
      ? "A member who leaves or is removed is owed their buy-in back, before any other spending."
      : "Buy-ins are not refunded when a member leaves.",
    confirm,
    r.admission === "auto"
      ? version === 1
        ? "A newcomer with a valid invite is admitted automatically."
        : "A newcomer with a valid invite that still has uses left is admitted automatically."
      : "A member other than the one who invited them admits each newcomer by hand.",
    r.dues
      ? `Each member owes dues of ${money(r.dues.amount)} every ${r.dues.every}, for every ${r.dues.every} begun since they were admitted or since these dues were set, whichever is later; confirmed dues payments pay the oldest ${r.dues.every}s first.`
      : "There are no dues.",
    ...(r.dues
      ? [
          r.duesToVote
            ? `Only members who owe no more than the ${r.dues.every} now running may vote on a proposal.`
            : "Members vote whether or not they are up to date with dues.",
        ]
      : []),
    "Polls ask a question with 2 to 20 options, counted by their method (one choice, several, ranked with instant runoff, scores from 0 to 5, or dates marked yes, if need be or no); each member's last ballot before the close counts, turnout must reach the quorum, and a poll decides nothing on its own.",
    `Changing these rules needs ${r.amendThreshold}% of the yes and no votes.`,
  ];
}
