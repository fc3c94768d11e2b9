import { For, Show } from "solid-js";
import type { PoolState } from "../../../core/index.ts";
import { type DissolutionDue, dissolutionDues } from "../../../state/papers.ts";
import type { PoolActions } from "../../../state/poolActions.ts";
import { isActiveMember, memberName } from "../../../state/selectors.ts";
import { createAction } from "../../components/action.ts";
import { Money } from "../../components/Money.tsx";
import { ErrorText } from "../../components/Notice.tsx";
import { formatDate } from "../../format.ts";

/**
 * A pool that voted to dissolve: what it still owes, refunds first, each recorded with one tap
 * and confirmed by another member like any entry. Closed once the balance reaches zero.
 */
export function DissolutionPanel(props: { state: PoolState; me: string; actions: PoolActions }) {
  const d = () => props.state.dissolution;
  return (
    <Show when={d()}>
      {(dis) => (
        <section class="card" aria-labelledby="dissolution-heading">
          <h2 id="dissolution-heading">{dis().closed ? "This pool is closed" : "This pool is being dissolved"}</h2>
          <p>
            The members voted to dissolve it; the result was confirmed on {formatDate(dis().at)}. Nothing new can be
            proposed or spent.{" "}
            <Show when={!dis().closed}>
              Still held: <Money amount={props.state.ledger.balance} currency={props.state.currency} />. Buy-ins are
              refunded first, then the rest is paid out.
            </Show>
          </p>
          <Show when={dis().shortfall > 0}>
            <p class="notice error">
              <Money amount={dis().shortfall} currency={props.state.currency} /> owed is not covered by the balance: an
              entry that was not authorised needs putting right.
            </p>
          </Show>
          <ul class="list" aria-label="Still owed">
            <For each={dissolutionDues(props.state)}>
              {(due) => <DueRow state={props.state} me={props.me} actions={props.actions} due={due} />}
            </For>
          </ul>
        </section>
      )}
    </Show>
  );
}

function DueRow(props: { state: PoolState; me: string; actions: PoolActions; due: DissolutionDue }) {
  const who = () => (props.due.member ? memberName(props.state, props.due.member, props.me) : props.due.payee);
  const toRecord = () => Math.max(0, props.due.owed - props.due.pending);
  const record = createAction(() => {
    const memo = props.due.kind === "refund" ? "Buy-in refund on dissolution" : "Share on dissolution";
    const d = props.state.dissolution;
    if (props.due.kind === "refund" && props.due.member)
      return props.actions.refund({ member: props.due.member, amount: toRecord(), memo });
    return props.actions.recordPayout({ spend: d?.proposal ?? "", amount: toRecord(), payee: props.due.payee, memo });
  });
  return (
    <li>
      <p class="paper-due">
        <strong>{who()}</strong> · {props.due.kind === "refund" ? "buy-in refund" : "share of the rest"}:{" "}
        <Money amount={props.due.owed} currency={props.state.currency} />
        <Show when={props.due.pending > 0}>
          {" "}
          (<Money amount={props.due.pending} currency={props.state.currency} /> awaiting confirmation)
        </Show>
      </p>
      <Show when={isActiveMember(props.state, props.me) && toRecord() > 0}>
        <button type="button" disabled={record.busy()} onClick={() => void record.run()}>
          Record {props.due.kind === "refund" ? "refund" : "payout"} to {who()}
        </button>
      </Show>
      <ErrorText error={record.error()} />
    </li>
  );
}
