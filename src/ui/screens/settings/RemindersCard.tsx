import { For, Match, Switch } from "solid-js";
import type { AppState } from "../../../state/app.ts";
import { NO_PUSH_TEXT } from "../../../state/reminders/pushReminders.ts";
import { createAction } from "../../components/action.ts";
import { ErrorText } from "../../components/Notice.tsx";

/**
 * Reminders per pool (rules §11): a switch for each pool that shows whether this phone really is
 * subscribed. The browser asks for permission to notify only when the person turns one on.
 */
export function RemindersCard(props: { app: AppState }) {
  const r = props.app.reminders;
  const toggle = createAction((poolId: string, on: boolean) => r.set(poolId, on));
  return (
    <section class="card" aria-labelledby="reminders-heading">
      <h2 id="reminders-heading">Reminders</h2>
      <p class="small muted">
        A notification on this phone when something in a pool needs you: a vote, a confirmation, a newcomer to admit.
        The relay only learns that a pool changed, never what changed.
      </p>
      <Switch>
        <Match when={r.availability() === "unsupported"}>
          <p data-testid="reminders-unavailable">{NO_PUSH_TEXT}</p>
        </Match>
        <Match when={r.availability() === "checking"}>
          <p class="small muted" role="status">
            Checking whether this phone can receive reminders…
          </p>
        </Match>
        <Match when={true}>
          {r.availability() === "blocked" && (
            <p data-testid="reminders-blocked">
              Notifications for Pools are blocked in this browser's settings. Allow them there to turn reminders on.
            </p>
          )}
          <For each={props.app.pools()} fallback={<p class="small muted">No pools on this phone yet.</p>}>
            {(pool) => (
              <label class="check">
                <input
                  type="checkbox"
                  checked={r.isOn(pool.id)}
                  disabled={toggle.busy() || r.availability() === "blocked"}
                  onChange={(e) => {
                    const wanted = e.currentTarget.checked;
                    // The switch shows the true state: it moves only once the change has happened.
                    e.currentTarget.checked = r.isOn(pool.id);
                    void toggle.run(pool.id, wanted);
                  }}
                />
                <span>Remind me about {pool.name}</span>
              </label>
            )}
          </For>
          <ErrorText error={toggle.error()} />
        </Match>
      </Switch>
    </section>
  );
}
