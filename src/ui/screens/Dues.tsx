import { For, Show } from "solid-js";
import type { MemberView, PoolState } from "../../core/index.ts";
import { memberName } from "../../state/selectors.ts";
import { Money } from "../components/Money.tsx";
import { Notice } from "../components/Notice.tsx";
import { formatDate } from "../format.ts";
import { href } from "../router.ts";

const EVERY_WORD = { month: "a month", quarter: "a quarter", year: "a year" } as const;

/** "Paid through …" for one member, as the members screen shows it for everyone (rules §11). */
export function paidThroughText(m: MemberView): string {
  const d = m.dues;
  if (!d) return "";
  return d.paidThrough === undefined ? "No dues period paid yet" : `Dues paid through ${formatDate(d.paidThrough)}`;
}

/** A reminder to the member on this phone who owes dues, with where to record the payment. */
export function DuesReminder(props: { state: PoolState; me: string; poolId: string }) {
  const dues = () => props.state.members[props.me]?.dues;
  return (
    <Show when={dues() && (dues()?.owed ?? 0) > 0 && dues()}>
      {(d) => (
        <Notice kind="warn">
          <span data-testid="dues-reminder">
            You owe <Money amount={d().owed} currency={props.state.currency} /> in dues
            {d().current ? "" : ", some of it overdue"}.{" "}
            {d().paidThrough === undefined ? "No period is paid yet." : `Paid through ${formatDate(d().paidThrough!)}.`}{" "}
            Pay a treasurer or the group's account; it counts once{" "}
            <a href={href("pool", props.poolId, "ledger")}>recorded in the ledger</a> and confirmed.
            {props.state.rules.duesToVote && !d().current
              ? " Until you are up to date you cannot vote on new proposals."
              : ""}
          </span>
        </Notice>
      )}
    </Show>
  );
}

/** For treasurers: who owes dues and how much, the most first. */
export function DuesOwedList(props: { state: PoolState; me: string }) {
  const owing = () =>
    props.state.activeMembers
      .map((id) => props.state.members[id])
      .filter((m): m is MemberView => (m?.dues?.owed ?? 0) > 0)
      .sort((a, b) => (b.dues?.owed ?? 0) - (a.dues?.owed ?? 0));
  const total = () => owing().reduce((s, m) => s + (m.dues?.owed ?? 0), 0);
  return (
    <Show when={props.state.rules.dues}>
      {(rule) => (
        <section>
          <h2 id="dues-owed-title">Dues</h2>
          <p class="small muted">
            <Money amount={rule().amount} currency={props.state.currency} /> {EVERY_WORD[rule().every]} per member.
            <Show when={props.state.rules.duesToVote}> Only members up to date vote.</Show>
          </p>
          <Show when={owing().length > 0} fallback={<p class="small">Everyone is up to date.</p>}>
            <ul class="list card" aria-labelledby="dues-owed-title">
              <For each={owing()}>
                {(m) => (
                  <li class="row">
                    <span class="grow">
                      {memberName(props.state, m.id, props.me)}
                      <span class="small muted"> · {paidThroughText(m)}</span>
                    </span>
                    <Money amount={m.dues?.owed ?? 0} currency={props.state.currency} />
                  </li>
                )}
              </For>
              <li class="row">
                <strong class="grow">Owed in all</strong>
                <strong>
                  <Money amount={total()} currency={props.state.currency} />
                </strong>
              </li>
            </ul>
          </Show>
        </section>
      )}
    </Show>
  );
}
