import { For, Show } from "solid-js";
import type { Need } from "../../core/index.ts";
import type { AppState } from "../../state/app.ts";
import { Money } from "../components/Money.tsx";
import { formatDateTime } from "../format.ts";
import { href } from "../router.ts";

interface Item {
  pool: string;
  poolName: string;
  currency: string;
  need: Need;
}

/** Every pool's "needs you" items in one list, most urgent first (rules §11 "Reminders"). */
export function needsAcrossPools(app: AppState): Item[] {
  const items = app
    .pools()
    .flatMap((p) => p.needs.map((need) => ({ pool: p.id, poolName: p.name, currency: p.currency ?? "USD", need })));
  const urgency = (n: Need) => (n.overdue ? Number.NEGATIVE_INFINITY : (n.deadline ?? Number.POSITIVE_INFINITY));
  return items.sort((a, b) => urgency(a.need) - urgency(b.need));
}

function linkOf(item: Item): string {
  const n = item.need;
  if (n.proposal) return href("pool", item.pool, "proposal", n.proposal);
  if (n.kind === "confirm-entry") return href("pool", item.pool, "ledger");
  return href("pool", item.pool, "members");
}

function What(props: { item: Item }) {
  const n = () => props.item.need;
  const t = () => `“${n().title}”`;
  switch (n().kind) {
    case "vote":
      return <>Vote on {t()}</>;
    case "seal":
      return <>Seal the result of {t()}</>;
    case "confirm-seal":
      return <>Confirm the count of {t()}</>;
    case "restore-vote":
      return <>Your vote on {t()} was left out of the count: restore it</>;
    case "confirm-entry":
      return <>Confirm a ledger entry: {n().title}</>;
    case "admit":
      return <>Admit {n().title}</>;
    default:
      return (
        <>
          You owe <Money amount={n().amount ?? 0} currency={props.item.currency} /> in dues
          {n().overdue ? " (overdue)" : ""}
        </>
      );
  }
}

/** The home screen's list of what needs the person on this phone. */
export function NeedsYou(props: { app: AppState }) {
  const items = () => needsAcrossPools(props.app);
  return (
    <Show when={items().length > 0}>
      <h2 id="needs-you-title">Needs you ({items().length})</h2>
      <ul class="list card" aria-labelledby="needs-you-title">
        <For each={items()}>
          {(item) => (
            <li>
              <a class="link-row" href={linkOf(item)}>
                <div>
                  <What item={item} />
                </div>
                <div class="row small muted">
                  <span class="grow">{item.poolName}</span>
                  <Show when={item.need.deadline}>
                    {(d) => (
                      <span>
                        {item.need.kind === "dues" ? "due" : "by"} {formatDateTime(d())}
                      </span>
                    )}
                  </Show>
                </div>
              </a>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}
