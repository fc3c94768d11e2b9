import { ok, type Result, refuse } from "../result.ts";
import { DEFAULT_RULES, RULE_KEYS, type Rules } from "./rules.ts";
import { isCompleteRules } from "./validateRules.ts";

/**
 * A complete set of rules from the few an integrator cares about (rules §4.1): every rule not
 * given takes its default. Refused when a value is out of bounds, an unknown key is given, or
 * the whole is inconsistent (`treasurer` confirmation with no treasurers).
 */
export function withDefaults(partial: Partial<Rules> = {}): Result<Rules> {
  const unknown = Object.keys(partial).filter((k) => !(RULE_KEYS as string[]).includes(k));
  if (unknown.length > 0) return refuse("bad-rule-value", `unknown rule ${unknown.join(", ")}`);
  const rules = { ...DEFAULT_RULES, treasurers: [...DEFAULT_RULES.treasurers], ...partial } as Rules;
  return isCompleteRules(rules) ? ok(rules) : refuse("bad-rule-value");
}
