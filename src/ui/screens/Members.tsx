import { For, Show } from "solid-js";
import { joinsIMayAdmit, type MemberView, type PoolState } from "../../core/index.ts";
import { isActiveMember, memberName } from "../../state/selectors.ts";
import { createAction } from "../components/action.ts";
import { Money } from "../components/Money.tsx";
import { ErrorText } from "../components/Notice.tsx";
import { formatDate } from "../format.ts";
import { href } from "../router.ts";
import { DuesOwedList, DuesReminder, paidThroughText } from "./Dues.tsx";
import { InvitePanel } from "./InvitePanel.tsx";
import { LeavePanel } from "./LeavePanel.tsx";
import { PoolFrame, type PoolScreenProps } from "./PoolFrame.tsx";

/** Who is in the pool, who waits to be admitted, inviting by link or QR, and leaving. */
export function Members(props: PoolScreenProps) {
  return (
    <PoolFrame app={props.app} poolId={props.poolId} tab="members" title={() => "Members"}>
      {(v) => {
        const s = () => v().state;
        const active = () =>
          s()
            .activeMembers.map((m) => s().members[m]!)
            .filter(Boolean);
        const former = () => Object.values(s().members).filter((m) => m.status !== "active");
        const admittable = () => new Set(joinsIMayAdmit(s(), v().me).map((j) => j.join));
        return (
          <>
            <DuesReminder state={s()} me={v().me} poolId={props.poolId} />
            <Show when={isActiveMember(s(), v().me)}>
              <InvitePanel actions={v().actions} />
            </Show>
            <Show when={s().pendingJoins.length > 0}>
              <h2>Waiting to be admitted</h2>
              <ul class="list card" aria-label="Waiting to be admitted">
                <For each={s().pendingJoins}>
                  {(j) => {
                    const admit = createAction(() => v().actions.admit(j.join));
                    return (
                      <li>
                        <div class="row">
                          <span class="grow">
                            <strong>{j.member === v().me ? "You" : j.name}</strong>
                            <span class="small muted"> · invited by {memberName(s(), j.invitedBy, v().me)}</span>
                          </span>
                          <Show when={admittable().has(j.join)}>
                            <button
                              type="button"
                              class="primary"
                              disabled={admit.busy()}
                              onClick={() => void admit.run()}
                            >
                              Admit {j.name}
                            </button>
                          </Show>
                        </div>
                        <Show when={!admittable().has(j.join) && j.member !== v().me}>
                          <p class="small muted" style={{ margin: 0 }}>
                            {s().rules.admission === "auto"
                              ? "Admitted automatically as soon as a member's phone sees the request."
                              : "Another member (not the one who invited them) admits them."}
                          </p>
                        </Show>
                        <ErrorText error={admit.error()} />
                      </li>
                    );
                  }}
                </For>
              </ul>
            </Show>
            <h2>Members ({active().length})</h2>
            <ul class="list card" aria-label="Members">
              <For each={active()}>{(m) => <MemberRow state={s()} member={m} me={v().me} poolId={props.poolId} />}</For>
            </ul>
            <DuesOwedList state={s()} me={v().me} />
            <Show when={former().length > 0}>
              <h2>Former members</h2>
              <ul class="list card" aria-label="Former members">
                <For each={former()}>
                  {(m) => <MemberRow state={s()} member={m} me={v().me} poolId={props.poolId} />}
                </For>
              </ul>
            </Show>
            <Show when={isActiveMember(s(), v().me)}>
              <LeavePanel state={s()} me={v().me} actions={v().actions} />
            </Show>
          </>
        );
      }}
    </PoolFrame>
  );
}

function MemberRow(props: { state: PoolState; member: MemberView; me: string; poolId: string }) {
  const m = () => props.member;
  const total = () => m().contributed["buy-in"] + m().contributed.dues + m().contributed.donation;
  return (
    <li>
      <div class="row">
        <strong class="grow">
          {memberName(props.state, m().id, props.me)}
          {m().isFounder ? " (founder)" : ""}
        </strong>
        <Money amount={total()} currency={props.state.currency} />
      </div>
      <div class="row small muted">
        <span>
          {m().status === "active"
            ? `Member since ${formatDate(m().joinedAt)}`
            : m().status === "removed"
              ? "Removed"
              : "Left"}
          {m().refundOwed > 0 ? " · refund owed" : ""}
          {m().dues ? ` · ${paidThroughText(m())}` : ""}
        </span>
        <Show when={m().dues}>
          {(d) => (
            <span class={d().current ? "badge ok" : "badge warn"}>
              {d().current ? "Dues up to date" : "Dues overdue"}
            </span>
          )}
        </Show>
        <Show when={props.state.rules.buyIn > 0 && m().status === "active"}>
          <span class={m().buyInMet ? "badge ok" : "badge warn"}>
            {m().buyInMet ? "Buy-in paid" : "Buy-in not paid"}
          </span>
        </Show>
      </div>
      <Show when={m().status === "active" && m().id !== props.me && isActiveMember(props.state, props.me)}>
        <a class="small" href={`${href("pool", props.poolId, "proposals", "new")}?kind=remove-member&member=${m().id}`}>
          Propose removing {memberName(props.state, m().id)}
        </a>
      </Show>
    </li>
  );
}
