/**
 * Rules a founder can pick in one tap. "Standard" is the core's defaults (a day at least to
 * vote, a day for late offline votes); "Meetup" lets a group in one room decide on the spot:
 * no minimum voting time, and a proposal closes the moment everyone has voted.
 */
// The file itself, not the core's index: this module is on the first screen (src/state/engine.ts).
import { DEFAULT_RULES, type Rules } from "../core/rules/rules.ts";

export type RulePreset = "standard" | "meetup";

export const RULE_PRESETS: Record<RulePreset, { label: string; hint: string; rules: Rules }> = {
  standard: {
    label: "Standard",
    hint: "Proposals stay open at least a day, so everyone can take part.",
    rules: { ...DEFAULT_RULES, treasurers: [] },
  },
  meetup: {
    label: "Meetup",
    hint: "Decide on the spot: a proposal closes as soon as everyone has voted.",
    rules: { ...DEFAULT_RULES, treasurers: [], minVotingHours: 0, votingDays: 1, sealAfterHours: 1 },
  },
};

export interface FoundingOptions {
  preset?: RulePreset;
  admission?: Rules["admission"];
  confirmBy?: Exclude<Rules["confirmBy"], "treasurer">;
  /** Minor units. */
  buyIn?: number;
}

export function foundingRules(o: FoundingOptions): Rules {
  const base = RULE_PRESETS[o.preset ?? "standard"].rules;
  return {
    ...base,
    treasurers: [],
    admission: o.admission ?? base.admission,
    confirmBy: o.confirmBy ?? base.confirmBy,
    buyIn: o.buyIn ?? base.buyIn,
  };
}
