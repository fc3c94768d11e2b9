import { DUES_EVERY } from "../dues/periods.ts";
import { hasKeys, isAmount, isAmountOrZero, isKey43, isObject, isSafeInt } from "../events/shape.ts";
import { OPTIONAL_RULE_KEYS, RULE_KEYS, type RuleKey, type Rules } from "./rules.ts";

const MAX_TREASURERS = 32;
const inRange = (v: unknown, lo: number, hi: number) => isSafeInt(v) && v >= lo && v <= hi;

/** Bounds from docs/rules.md §4.1. Returns whether one rule's value is allowed. */
const CHECKS: { [K in RuleKey]: (v: unknown) => boolean } = {
  threshold: (v) => inRange(v, 50, 100),
  quorum: (v) => inRange(v, 0, 100),
  allowBlock: (v) => typeof v === "boolean",
  votingDays: (v) => inRange(v, 1, 90),
  minVotingHours: (v) => inRange(v, 0, 168),
  closeWhenAllVoted: (v) => typeof v === "boolean",
  sealAfterHours: (v) => inRange(v, 0, 168),
  buyIn: (v) => isAmountOrZero(v),
  refundOnLeave: (v) => typeof v === "boolean",
  confirmBy: (v) => v === "another-member" || v === "treasurer" || v === "none",
  treasurers: (v) => Array.isArray(v) && v.length <= MAX_TREASURERS && v.every(isKey43) && new Set(v).size === v.length,
  amendThreshold: (v) => inRange(v, 50, 100),
  restoreHours: (v) => inRange(v, 0, 720),
  admission: (v) => v === "auto" || v === "manual",
  dues: (v) =>
    v === null ||
    (isObject(v) &&
      hasKeys(v, ["amount", "every"]) &&
      isAmount(v.amount) &&
      (DUES_EVERY as readonly unknown[]).includes(v.every)),
  duesToVote: (v) => typeof v === "boolean",
};

export function isRuleValue<K extends RuleKey>(key: K, value: unknown): value is Rules[K] {
  return CHECKS[key](value);
}

/**
 * A complete rule set, as in a genesis: every key present (a rule added later, such as
 * `restoreHours`, may be left out and reads as its default) and in bounds, no unknown key, and
 * treasurers under `treasurer`.
 */
export function isCompleteRules(v: unknown): v is Rules {
  if (!isObject(v)) return false;
  if (!Object.keys(v).every((k) => (RULE_KEYS as string[]).includes(k))) return false;
  for (const key of RULE_KEYS) {
    if (!(key in v)) {
      if (OPTIONAL_RULE_KEYS.includes(key)) continue;
      return false;
    }
    if (!CHECKS[key](v[key])) return false;
  }
  return consistent(v as unknown as Rules);
}

/** A proposed change: at least one known key, each in bounds. Consistency is judged once applied. */
export function isRuleChange(v: unknown): v is Partial<Rules> {
  if (!isObject(v)) return false;
  const keys = Object.keys(v);
  if (keys.length === 0) return false;
  return keys.every((k) => (RULE_KEYS as string[]).includes(k) && CHECKS[k as RuleKey](v[k]));
}

/** Rules that only make sense together: `treasurer` confirmation needs someone to confirm. */
export function consistent(rules: Rules): boolean {
  return rules.confirmBy !== "treasurer" || rules.treasurers.length > 0;
}

export function applyRuleChange(rules: Rules, change: Partial<Rules>): Rules {
  return { ...rules, ...change };
}
