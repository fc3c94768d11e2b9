/** The settings of a pool (DESIGN.md §4, "Rules"). There is no vote weight: one person, one vote is hardwired. */
export type ConfirmBy = "another-member" | "treasurer" | "none";
export type Admission = "auto" | "manual";

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
  admission: Admission;
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
  admission: "auto" as Admission,
});

export const RULE_KEYS = Object.keys(DEFAULT_RULES) as RuleKey[];
