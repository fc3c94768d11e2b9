import { For } from "solid-js";
import { describeRules } from "../../core/index.ts";
import { memberName } from "../../state/selectors.ts";
import { formatMoney } from "../format.ts";
import { href } from "../router.ts";
import { PoolFrame, type PoolScreenProps } from "./PoolFrame.tsx";

/** The rules in force, in plain words. A change is made only by proposing it. */
export function Rules(props: PoolScreenProps) {
  return (
    <PoolFrame
      app={props.app}
      poolId={props.poolId}
      tab="more"
      back={href("pool", props.poolId, "more")}
      title={() => "Rules"}
    >
      {(v) => (
        <>
          <p>One person, one vote: nobody's vote weighs more, and no rule can change that.</p>
          <ul class="card" style={{ "padding-left": "1.8rem" }}>
            <For
              each={describeRules(
                v().state.rules,
                v().state.currency,
                v().state.rules.treasurers.map((t) => memberName(v().state, t)),
                undefined,
                (minor) => formatMoney(minor, v().state.currency),
              )}
            >
              {(line) => <li style={{ margin: ".35rem 0" }}>{line}</li>}
            </For>
          </ul>
          <a class="button primary wide" href={`${href("pool", props.poolId, "proposals", "new")}?kind=rules`}>
            Propose a rules change
          </a>
        </>
      )}
    </PoolFrame>
  );
}
