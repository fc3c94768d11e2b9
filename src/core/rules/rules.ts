/** The settings of a pool (docs/rules.md §4, "Rules"). There is no vote weight: one person, one vote is hardwired. */
export type ConfirmBy = "another-member" | "treasurer" | "none";
export type Admission = "auto" | "manual";
/** Dues (rules §11): one period's amount, in minor units, for every period begun. */
export interface Dues {
  amount: number;
  every: "month" | "quarter" | "year";
}

export interface Rules {
  /** % of (yes + no) that yes must reach; yes must also beat no. */
  threshold: number;
  /** % of the electorate that must cast any vote. */
  quorum: number;
  allowBlock: boolean;
  votingDays: number;
  minVotingHours: number;
  closeWhenAllVoted: boolean;
  sealAfterHours: number;
  /** Minor units of confirmed buy-in a member needs before they may vote. */
  buyIn: number;
  refundOnLeave: boolean;
  confirmBy: ConfirmBy;
  treasurers: string[];
  amendThreshold: number;
  /** Hours after a seal's confirmation during which a voter left out of it may restore their vote. */
  restoreHours: number;
  admission: Admission;
  /** Dues each member owes per period, or null for none (rules §11). */
  dues: Dues | null;
  /** Only members current with their dues vote (rules §11). */
  duesToVote: boolean;
}

export type RuleKey = keyof Rules;

export const DEFAULT_RULES: Readonly<Rules> = Object.freeze({
  threshold: 50,
  quorum: 50,
  allowBlock: false,
  votingDays: 7,
  minVotingHours: 24,
  closeWhenAllVoted: true,
  sealAfterHours: 24,
  buyIn: 0,
  refundOnLeave: true,
  confirmBy: "another-member" as ConfirmBy,
  treasurers: [] as string[],
  amendThreshold: 67,
  restoreHours: 72,
  admission: "auto" as Admission,
  dues: null as Dues | null,
  duesToVote: false,
});

export const RULE_KEYS = Object.keys(DEFAULT_RULES) as RuleKey[];

/**
 * Rules added after pools were first founded: a genesis may leave them out, and they read as their
 * default, so a pool founded before a rule existed keeps its genesis (and its id).
 */
export const OPTIONAL_RULE_KEYS: readonly RuleKey[] = ["restoreHours", "dues", "duesToVote"];

/** A genesis's rules with every optional rule it left out at its default. */
export function withOptionalRules(rules: Rules): Rules {
  if (OPTIONAL_RULE_KEYS.every((k) => k in rules)) return rules;
  const out = { ...rules } as Record<RuleKey, unknown>;
  for (const k of OPTIONAL_RULE_KEYS) if (!(k in out)) out[k] = DEFAULT_RULES[k];
  return out as unknown as Rules;
}
