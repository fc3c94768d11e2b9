import { createSignal } from "solid-js";
import type { AppState } from "../../state/app.ts";
import { createAction } from "../components/action.ts";
import { ErrorText } from "../components/Notice.tsx";
import { TopBar } from "../components/TopBar.tsx";
import { navigate } from "../router.ts";
import { RestoreKey } from "./RestoreKey.tsx";

/** The first screen on a new phone: a display name, and keys made right here. */
export function FirstRun(props: { app: AppState; then?: string }) {
  const [name, setName] = createSignal("");
  // Read once, while this screen is set up: the invite to return to does not change under it.
  const then = props.then;
  const create = createAction(
    () => props.app.createIdentity(name()),
    () => navigate(`#/backup?first=1${then ? `&then=${encodeURIComponent(then)}` : ""}`),
  );
  return (
    <>
      <TopBar title="Welcome to Pools" sync={props.app.sync()} />
      <main>
        <p>
          Pools turns your group into a small co-op: put money in together, propose what to do with it, and decide with
          one person, one vote.
        </p>
        <form
          class="card"
          onSubmit={(e) => {
            e.preventDefault();
            void create.run();
          }}
        >
          <h2 style={{ "margin-top": 0 }}>What should others call you?</h2>
          <label for="display-name">
            Your name
            <span class="hint">Shown to the members of your pools. You can change it later.</span>
          </label>
          <input
            id="display-name"
            autocomplete="name"
            value={name()}
            onInput={(e) => setName(e.currentTarget.value)}
            maxLength={100}
          />
          <p class="small muted">Your key is made on this phone and never leaves it unless you save a backup.</p>
          <ErrorText error={create.error()} />
          <button class="primary wide" type="submit" disabled={create.busy()}>
            Continue
          </button>
        </form>
        <details class="card">
          <summary>I have a key backup</summary>
          <RestoreKey app={props.app} askName onDone={() => navigate(then ?? "#/")} />
        </details>
      </main>
    </>
  );
}
