import { For, Show } from "solid-js";
import type { PoolState } from "../../core/index.ts";
import { reasonSentence } from "../../state/reasonText.ts";
import { memberName } from "../../state/selectors.ts";
import { Empty } from "../components/Notice.tsx";
import { formatDateTime, plural } from "../format.ts";
import { href } from "../router.ts";
import { eventKindText } from "./eventKindText.ts";
import { PoolFrame, type PoolScreenProps } from "./PoolFrame.tsx";

function joinerName(state: PoolState, join: string, me: string): string | undefined {
  const member = Object.values(state.members).find((m) => m.joinEvent === join);
  if (member) return memberName(state, member.id, me);
  return state.pendingJoins.find((j) => j.join === join)?.name;
}

/** Refused events and why, events waiting for a missing parent, and invites used too often. */
export function Audit(props: PoolScreenProps) {
  return (
    <PoolFrame
      app={props.app}
      poolId={props.poolId}
      tab="more"
      back={href("pool", props.poolId, "more")}
      title={() => "Audit"}
    >
      {(v) => {
        const s = () => v().state;
        const refused = () => s().audit.filter((a) => a.reason !== "dated-in-the-future");
        const future = () => s().audit.filter((a) => a.reason === "dated-in-the-future");
        return (
          <>
            <p class="small">
              Everything a phone receives is checked. What breaks the rules is left out and listed here, never hidden.
            </p>
            <h2>Refused</h2>
            <Show
              when={refused().length > 0}
              fallback={
                <div class="card">
                  <Empty>Nothing was refused.</Empty>
                </div>
              }
            >
              <ul class="list card" aria-label="Refused events">
                <For each={refused()}>
                  {(a) => (
                    <li>
                      <p style={{ margin: 0 }}>
                        <strong>{eventKindText(a.type)}</strong>
                        <span class="small muted">
                          {a.by ? ` · by ${memberName(s(), a.by, v().me) || "someone unknown"}` : ""}
                          {a.at ? ` · ${formatDateTime(a.at)}` : ""}
                        </span>
                      </p>
                      <p class="small" style={{ margin: 0 }}>
                        {reasonSentence(a.reason)}
                      </p>
                      <details class="small muted">
                        <summary>Technical details</summary>
                        <p class="mono" style={{ margin: 0 }}>
                          {a.type ?? "unreadable"} · {a.id}
                        </p>
                      </details>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
            <Show when={future().length > 0}>
              <h2>Dated in the future</h2>
              <p class="small">
                These are dated more than 10 minutes after this phone's clock. They wait, with whatever builds on them,
                until that time comes, so they cannot push the pool's dates ahead.
              </p>
              <ul class="list card" aria-label="Events dated in the future">
                <For each={future()}>
                  {(a) => (
                    <li class="small">
                      <strong>{a.type}</strong>
                      {a.by ? ` · by ${memberName(s(), a.by, v().me) || "someone unknown"}` : ""}
                      {a.at ? ` · dated ${formatDateTime(a.at)}` : ""}
                    </li>
                  )}
                </For>
              </ul>
            </Show>
            <Show when={s().lateVotes.length > 0}>
              <h2>Votes that arrived after the close</h2>
              <p class="small">
                Members are trusted with their own clocks, but these votes reached this phone only after their proposal
                had closed.
              </p>
              <ul class="list card" aria-label="Votes that arrived after the close">
                <For each={s().lateVotes}>
                  {(x) => (
                    <li class="small">
                      {memberName(s(), x.by, v().me)} on “{s().proposals[x.proposal]?.title ?? "a proposal"}”, dated{" "}
                      {formatDateTime(x.at)}: arrived after the close
                    </li>
                  )}
                </For>
              </ul>
            </Show>
            <Show when={(props.app.pool(props.poolId)?.junk() ?? 0) > 0}>
              <h2>Junk</h2>
              <p class="card small" role="status">
                {plural(props.app.pool(props.poolId)?.junk() ?? 0, "junk entry", "junk entries")} from outside the pool
                {(props.app.pool(props.poolId)?.junk() ?? 0) === 1 ? " was" : " were"} removed.
              </p>
            </Show>
            <Show when={(props.app.pool(props.poolId)?.unreadable() ?? 0) > 0}>
              <h2>Cannot be read here</h2>
              <p class="card small" role="status">
                {plural(props.app.pool(props.poolId)?.unreadable() ?? 0, "entry", "entries")} this phone cannot read:
                written under a key it never received. They are kept, and read if the key ever reaches this phone.
              </p>
            </Show>
            <Show when={s().pending.length > 0}>
              <h2>Waiting</h2>
              <p class="card small">
                {plural(s().pending.length, "event")} wait for earlier events this phone has not received yet, or for
                their date to come. They count once those arrive.
              </p>
            </Show>
            <Show when={s().extraInviteUses.length > 0}>
              <h2>Invites used more often than allowed</h2>
              <ul class="list card">
                <For each={s().extraInviteUses}>
                  {(x) => (
                    <li class="small">
                      An invite was used beyond its limit when{" "}
                      {joinerName(s(), x.join, v().me) ?? "someone not admitted yet"} joined.
                    </li>
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
