import { type JSX, Show } from "solid-js";
import type { PoolState } from "../../core/index.ts";
import { Money } from "./Money.tsx";

/** One figure of the money summary. */
export function Figure(props: { label: string; testId?: string; children: JSX.Element }) {
  return (
    <div class="figure">
      <dt>{props.label}</dt>
      <dd data-testid={props.testId}>{props.children}</dd>
    </div>
  );
}

/**
 * The money at a glance: balance (large), what is free to spend, and optionally what passed
 * spends and refunds have committed; screens add their own figures after these.
 */
export function MoneyFigures(props: {
  state: PoolState;
  balanceTestId: string;
  committed?: boolean;
  children?: JSX.Element;
}) {
  const money = (amount: number) => <Money amount={amount} currency={props.state.currency} />;
  return (
    <dl class="figures">
      <div class="figure big">
        <dt>Balance</dt>
        <dd data-testid={props.balanceTestId}>{money(props.state.ledger.balance)}</dd>
      </div>
      <Figure label="Available">{money(props.state.ledger.available)}</Figure>
      <Show when={props.committed}>
        <Figure label="Committed">{money(props.state.ledger.reserved)}</Figure>
      </Show>
      {props.children}
    </dl>
  );
}
