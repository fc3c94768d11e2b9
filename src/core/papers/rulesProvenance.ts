import type { PoolState } from "../pool/poolState.ts";
import { RULE_KEYS, type RuleKey } from "../rules/rules.ts";
import { decisionRecord, type Resolution } from "./decisionRecord.ts";

/** Where the value of one rule in force comes from: the founding, or the last passed change of it. */
export interface RuleSource {
  key: RuleKey;
  value: unknown;
  /** The confirmed, passed rules proposal that last set it; absent when it is the founding value. */
  setBy?: Resolution;
}

/**
 * docs/rules.md "Rules": a change applies key by key in the order of the confirmations, so the
 * value in force comes from the last confirmed, passed rules proposal that touched the key.
 */
export function rulesProvenance(state: PoolState): RuleSource[] {
  const changes = decisionRecord(state).filter((r) => r.passed && r.kind === "rules");
  return RULE_KEYS.map((key) => {
    let setBy: Resolution | undefined;
    for (const r of changes) {
      const spec = state.proposals[r.proposal]?.spec;
      if (spec?.kind === "rules" && key in spec.changes) setBy = r;
    }
    const source: RuleSource = { key, value: state.rules[key] };
    if (setBy) source.setBy = setBy;
    return source;
  });
}
