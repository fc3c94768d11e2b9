import { createSignal, For, Show } from "solid-js";
import type { Rules } from "../../core/index.ts";
import type { AppState } from "../../state/app.ts";
import { RULE_PRESETS, type RulePreset } from "../../state/rulePresets.ts";
import { createAction } from "../components/action.ts";
import { ErrorText } from "../components/Notice.tsx";
import { CURRENCIES } from "../format.ts";
import { amountOrError } from "../money.ts";
import { href, navigate } from "../router.ts";

const hours = (n: number) => `${n} hour${n === 1 ? "" : "s"}`;

/** The clock in the rules, said before the pool exists rather than discovered after a vote. */
function timeRules(r: Rules): string {
  const open = `Proposals stay open ${r.votingDays} day${r.votingDays === 1 ? "" : "s"}${r.minVotingHours > 0 ? ` (at least ${hours(r.minVotingHours)})` : ""}${r.closeWhenAllVoted ? ", or close as soon as everyone has voted" : ""}.`;
  const late = `Votes cast offline before the close still count if they arrive within ${hours(r.sealAfterHours)}; after that a member seals the result and another confirms it.`;
  return `${open} ${late}`;
}

/** One step: a name and Create. Purpose, currency and rules are optional, with sensible defaults. */
export function FoundPool(props: { app: AppState }) {
  const [name, setName] = createSignal("");
  const [purpose, setPurpose] = createSignal("");
  const [currency, setCurrency] = createSignal("USD");
  const [preset, setPreset] = createSignal<RulePreset>("standard");
  const [manual, setManual] = createSignal(false);
  const [buyIn, setBuyIn] = createSignal("");
  const found = createAction(
    async () => {
      const read = buyIn().trim() === "" ? { ok: true as const, value: 0 } : amountOrError(buyIn(), currency());
      if (!read.ok) return { ok: false as const, error: `The buy-in: ${read.error}` };
      const buyInMinor = read.value;
      return props.app.foundPool({
        name: name(),
        purpose: purpose(),
        currency: currency(),
        preset: preset(),
        admission: manual() ? "manual" : "auto",
        buyIn: buyInMinor,
      });
    },
    (id) => navigate(href("pool", id)),
  );
  return (
    <form
      class="card"
      aria-labelledby="found-title"
      onSubmit={(e) => {
        e.preventDefault();
        void found.run();
      }}
    >
      <h2 id="found-title" style={{ "margin-top": 0 }}>
        Found a pool
      </h2>
      <label for="pool-name">Pool name</label>
      <input
        id="pool-name"
        placeholder="Hiking Club Pool"
        value={name()}
        onInput={(e) => setName(e.currentTarget.value)}
        maxLength={100}
      />
      <details>
        <summary>More options</summary>
        <label for="pool-purpose">
          Purpose <span class="hint">What the money is for. Goes into the bylaws.</span>
        </label>
        <textarea
          id="pool-purpose"
          value={purpose()}
          onInput={(e) => setPurpose(e.currentTarget.value)}
          maxLength={2000}
        />
        <label for="pool-currency">Currency</label>
        <select id="pool-currency" value={currency()} onChange={(e) => setCurrency(e.currentTarget.value)}>
          <For each={CURRENCIES}>{(c) => <option value={c}>{c}</option>}</For>
        </select>
        <fieldset>
          <legend>How the group decides</legend>
          <For each={Object.entries(RULE_PRESETS) as [RulePreset, (typeof RULE_PRESETS)[RulePreset]][]}>
            {([key, p]) => (
              <label class="check">
                <input
                  type="radio"
                  name="preset"
                  value={key}
                  checked={preset() === key}
                  onChange={() => setPreset(key)}
                />
                <span>
                  {p.label} rules<span class="hint">{p.hint}</span>
                </span>
              </label>
            )}
          </For>
        </fieldset>
        <label class="check">
          <input type="checkbox" checked={manual()} onChange={(e) => setManual(e.currentTarget.checked)} />
          <span>
            Admit newcomers by hand<span class="hint">A member other than the inviter lets each newcomer in.</span>
          </span>
        </label>
        <label for="pool-buyin">
          Buy-in (optional) <span class="hint">What a member pays in before they may vote.</span>
        </label>
        <input id="pool-buyin" inputmode="decimal" value={buyIn()} onInput={(e) => setBuyIn(e.currentTarget.value)} />
        <p class="small muted">Every rule can be changed later by a proposal.</p>
      </details>
      <p class="small" data-testid="time-rules">
        <strong>Time rules ({RULE_PRESETS[preset()].label}):</strong> {timeRules(RULE_PRESETS[preset()].rules)}
      </p>
      <ErrorText error={found.error()} />
      <button class="primary wide" type="submit" disabled={found.busy()}>
        {found.busy() && !props.app.syncReady() ? "Getting ready…" : "Create pool"}
      </button>
      <Show when={found.busy() && !props.app.syncReady()}>
        <p class="small muted" role="status">
          Pools is still loading on this phone (the first visit downloads about 1 MB); your pool is created as soon as
          it is ready.
        </p>
      </Show>
    </form>
  );
}
