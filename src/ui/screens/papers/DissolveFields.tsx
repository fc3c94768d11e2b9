/**
 * The fields of a "Dissolve the pool" proposal (docs/rules.md "Proposals", `dissolve`): how what
 * is left after the buy-in refunds is shared out. Passing it needs the rules-change support.
 */
import { createSignal, For, Show } from "solid-js";
import type { PoolState, ProposalSpec } from "../../../core/index.ts";

type DissolveSpec = Extract<ProposalSpec, { kind: "dissolve" }>;
type Split = "equal" | "contributed" | "payee";

export interface DissolveDraft {
  spec: () => { ok: true; spec: DissolveSpec } | { ok: false; error: string };
  split: () => Split;
  setSplit: (v: Split) => void;
  payee: () => string;
  setPayee: (v: string) => void;
}

export function createDissolveDraft(): DissolveDraft {
  const [split, setSplit] = createSignal<Split>("equal");
  const [payee, setPayee] = createSignal("");
  return {
    split,
    setSplit,
    payee,
    setPayee,
    spec: () => {
      if (split() !== "payee")
        return { ok: true, spec: { kind: "dissolve", split: split() as "equal" | "contributed" } };
      const name = payee().trim();
      if (name === "") return { ok: false, error: "Name who receives what is left, like another co-op or a charity." };
      return { ok: true, spec: { kind: "dissolve", split: { payee: name } } };
    },
  };
}

const OPTIONS: { value: Split; label: string }[] = [
  { value: "equal", label: "Split equally among the members" },
  { value: "contributed", label: "Split in proportion to what each member contributed" },
  { value: "payee", label: "Give it all to one payee (another co-op, a charity)" },
];

export function DissolveFields(props: { state: PoolState; draft: DissolveDraft }) {
  return (
    <>
      <p class="notice warn">
        If this passes ({props.state.rules.amendThreshold}% of yes and no votes, as for a rules change), nothing new can
        be proposed or spent. Buy-ins are refunded first; what is left is shared out as chosen below.
      </p>
      <fieldset>
        <legend>What is left after the refunds</legend>
        <For each={OPTIONS}>
          {(o) => (
            <label class="check">
              <input
                type="radio"
                name="dissolve-split"
                value={o.value}
                checked={props.draft.split() === o.value}
                onChange={() => props.draft.setSplit(o.value)}
              />
              <span>{o.label}</span>
            </label>
          )}
        </For>
      </fieldset>
      <Show when={props.draft.split() === "payee"}>
        <label for="dissolve-payee">Who receives it</label>
        <input
          id="dissolve-payee"
          value={props.draft.payee()}
          onInput={(e) => props.draft.setPayee(e.currentTarget.value)}
          maxLength={200}
        />
      </Show>
    </>
  );
}
