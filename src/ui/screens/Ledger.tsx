import { createSignal, For, Show } from "solid-js";
import { isActiveMember, payableApproved, refundsDue } from "../../state/selectors.ts";
import { BalanceChart } from "../components/BalanceChart.tsx";
import { download, fileName } from "../components/download.ts";
import { Money } from "../components/Money.tsx";
import { Figure, MoneyFigures } from "../components/MoneyFigures.tsx";
import { Empty, Notice } from "../components/Notice.tsx";
import { route } from "../router.ts";
import { EntryRow } from "./EntryRow.tsx";
import { ContributionForm, PayoutForm, RefundForm } from "./LedgerForms.tsx";
import { PoolFrame, type PoolScreenProps } from "./PoolFrame.tsx";

type Form = "contribution" | "payout" | "refund" | undefined;

/** Every entry with its status and flags, the money in hand, and the forms to record more. */
export function Ledger(props: PoolScreenProps) {
  const preselected = route().query.get("payout") ?? undefined;
  const buyIn = route().query.get("contribute") === "buy-in";
  const [form, setForm] = createSignal<Form>(preselected ? "payout" : buyIn ? "contribution" : undefined);
  return (
    <PoolFrame app={props.app} poolId={props.poolId} tab="ledger" title={() => "Ledger"}>
      {(v) => {
        const s = () => v().state;
        const entries = () => [...s().ledger.entries].reverse();
        const member = () => isActiveMember(s(), v().me);
        return (
          <>
            <MoneyFigures state={s()} balanceTestId="ledger-balance" committed>
              <Figure label="Refunds owed">
                <Money amount={s().ledger.refundsOwed} currency={s().currency} />
              </Figure>
            </MoneyFigures>
            <Show when={s().ledger.shortfall > 0}>
              <Notice kind="warn">
                The pool is <Money amount={s().ledger.shortfall} currency={s().currency} /> short of what it has
                approved or owes. Those wait until money comes in.
              </Notice>
            </Show>
            <div class="card">
              <BalanceChart history={s().ledger.history} currency={s().currency} now={v().now} />
            </div>
            <Show when={member()}>
              <div class="actions">
                <button
                  type="button"
                  class={form() === "contribution" ? "primary" : undefined}
                  aria-expanded={form() === "contribution"}
                  onClick={() => setForm(form() === "contribution" ? undefined : "contribution")}
                >
                  Record a contribution
                </button>
                <Show when={payableApproved(s()).length > 0}>
                  <button
                    type="button"
                    class={form() === "payout" ? "primary" : undefined}
                    aria-expanded={form() === "payout"}
                    onClick={() => setForm(form() === "payout" ? undefined : "payout")}
                  >
                    Record a payout
                  </button>
                </Show>
                <Show when={refundsDue(s()).length > 0}>
                  <button
                    type="button"
                    class={form() === "refund" ? "primary" : undefined}
                    aria-expanded={form() === "refund"}
                    onClick={() => setForm(form() === "refund" ? undefined : "refund")}
                  >
                    Record a refund
                  </button>
                </Show>
              </div>
            </Show>
            <Show when={form() === "contribution"}>
              <ContributionForm
                state={s()}
                me={v().me}
                actions={v().actions}
                buyIn={buyIn}
                onDone={() => setForm(undefined)}
              />
            </Show>
            <Show when={form() === "payout"}>
              <PayoutForm
                state={s()}
                actions={v().actions}
                spend={preselected}
                onDone={() => setForm(undefined)}
                floodName={(id) => props.app.floods.floodState(id)?.name}
              />
            </Show>
            <Show when={form() === "refund"}>
              <RefundForm state={s()} me={v().me} actions={v().actions} onDone={() => setForm(undefined)} />
            </Show>
            <div class="section-head">
              <h2>Entries</h2>
              <button
                type="button"
                onClick={() => download(fileName(`${s().name} ledger`, "csv"), v().actions.exportCsv(), "text/csv")}
                disabled={s().ledger.entries.length === 0}
              >
                Export CSV
              </button>
            </div>
            <Show
              when={entries().length > 0}
              fallback={
                <div class="card">
                  <Empty>No money has been recorded yet. Record the first contribution.</Empty>
                </div>
              }
            >
              <ul class="list card" aria-label="Ledger entries">
                <For each={entries()}>
                  {(e) => (
                    <EntryRow
                      state={s()}
                      entry={e}
                      me={v().me}
                      actions={v().actions}
                      floodName={(id) => props.app.floods.floodState(id)?.name}
                    />
                  )}
                </For>
              </ul>
            </Show>
          </>
        );
      }}
    </PoolFrame>
  );
}
