import { formatMoney } from "../format.ts";

export function Money(props: { amount: number; currency: string; signed?: boolean }) {
  const text = () => {
    const t = formatMoney(Math.abs(props.amount), props.currency);
    if (!props.signed || props.amount === 0) return props.amount < 0 ? `−${t}` : t;
    return props.amount < 0 ? `−${t}` : `+${t}`;
  };
  return <span class={props.amount < 0 ? "amount neg" : "amount"}>{text()}</span>;
}
