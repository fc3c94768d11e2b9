import { formatMoney, formatSignedMoney } from "../format.ts";

/** An amount; `signed` for an entry's effect on the balance (+ in, − out). */
export function Money(props: { amount: number; currency: string; signed?: boolean }) {
  const text = () =>
    props.signed ? formatSignedMoney(props.amount, props.currency) : formatMoney(props.amount, props.currency);
  return <span class={props.amount < 0 ? "amount neg" : "amount"}>{text()}</span>;
}
