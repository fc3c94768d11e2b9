import type { MemberId } from "../events/types.ts";
import type { RuleKey } from "../rules/rules.ts";
import type { PaperFormat } from "./paperDoc.ts";

/**
 * Each rule's name as a reader of the agreement would say it. Keyed by string: rules that other
 * work adds (vote restoration, dues) read well here before they reach this branch's RuleKey.
 */
const LABEL: Record<string, string> = {
  threshold: "Support needed to pass",
  quorum: "Turnout needed (quorum)",
  allowBlock: "Block votes",
  votingDays: "Usual voting period",
  minVotingHours: "Shortest voting period",
  closeWhenAllVoted: "Close early when everyone voted",
  sealAfterHours: "Wait for offline votes before the final count",
  buyIn: "Buy-in needed to vote",
  refundOnLeave: "Buy-in refunded on leaving",
  confirmBy: "Who confirms ledger entries",
  treasurers: "Treasurers",
  amendThreshold: "Support needed to change rules or dissolve",
  admission: "Admission of newcomers",
  restoreHours: "Time to restore a vote left out of a count",
  dues: "Dues",
  duesToVote: "Dues must be paid up to vote",
};

export const ruleLabel = (key: RuleKey): string => LABEL[key] ?? key;

const hours = (n: number) => `${n} hour${n === 1 ? "" : "s"}`;

/** A rule's value in words (unknown future rules fall back to their stored value). */
export function ruleValueText(key: RuleKey, value: unknown, f: PaperFormat, name: (id: MemberId) => string): string {
  switch (key as string) {
    case "threshold":
    case "amendThreshold":
      return `${value}% of yes and no votes, and more yes than no`;
    case "quorum":
      return `${value}% of the members entitled to vote`;
    case "allowBlock":
      return value ? "One block fails a proposal" : "Not used";
    case "votingDays":
      return `${value} day${value === 1 ? "" : "s"}`;
    case "minVotingHours":
    case "sealAfterHours":
    case "restoreHours":
      return hours(Number(value));
    case "closeWhenAllVoted":
    case "refundOnLeave":
    case "duesToVote":
      return value ? "Yes" : "No";
    case "buyIn":
      return Number(value) > 0 ? f.money(Number(value)) : "None";
    case "confirmBy":
      return value === "none"
        ? "Nobody: entries count at once"
        : value === "treasurer"
          ? "A treasurer"
          : "Another member (not the recorder, not the member named)";
    case "treasurers":
      return Array.isArray(value) && value.length > 0 ? value.map((t) => name(String(t))).join(", ") : "None named";
    case "admission":
      return value === "manual" ? "By hand, by a member other than the inviter" : "Automatic with a valid invite";
    case "dues": {
      const d = value as { amount?: number; every?: string } | null;
      return d && typeof d.amount === "number" ? `${f.money(d.amount)} every ${d.every ?? "period"}` : "None";
    }
    default:
      return typeof value === "string" ? value : JSON.stringify(value);
  }
}
