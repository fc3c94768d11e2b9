import { createSignal } from "solid-js";
import type { AppState } from "../../state/app.ts";
import { createAction } from "../components/action.ts";
import { ErrorText, Notice } from "../components/Notice.tsx";
import { TopBar } from "../components/TopBar.tsx";
import { RemindersCard } from "./settings/RemindersCard.tsx";

/** The display name used when joining pools from now on, and where the key backup lives. */
export function Settings(props: { app: AppState }) {
  const [name, setName] = createSignal(props.app.me()?.name ?? "");
  const [saved, setSaved] = createSignal(false);
  const rename = createAction(
    () => props.app.rename(name()),
    () => setSaved(true),
  );
  return (
    <>
      <TopBar title="Settings" back="#/" sync={props.app.sync()} />
      <main>
        <form
          class="card"
          onSubmit={(e) => {
            e.preventDefault();
            void rename.run();
          }}
        >
          <label for="settings-name">
            Your name
            <span class="hint">
              Used when you join a pool from now on. Pools you are already in keep the name you joined with.
            </span>
          </label>
          <input id="settings-name" value={name()} onInput={(e) => setName(e.currentTarget.value)} maxLength={100} />
          <ErrorText error={rename.error()} />
          {saved() && <Notice kind="ok">Saved.</Notice>}
          <button type="submit" class="wide" disabled={rename.busy()}>
            Save name
          </button>
        </form>
        <div class="card">
          <p>Your member id</p>
          <p class="mono small">{props.app.me()?.id}</p>
          <a class="button wide" href="#/backup">
            Back up or restore your key
          </a>
        </div>
        <RemindersCard app={props.app} />
      </main>
    </>
  );
}
