import { createSignal, Show } from "solid-js";
import type { AppState } from "../../state/app.ts";
import { createAction } from "../components/action.ts";
import { ErrorText } from "../components/Notice.tsx";
import { canvasOfImage, decodeQr } from "../components/qrDecode.ts";

/** Restore an identity from a backup file or its text (as scanned from the QR code). */
export function RestoreKey(props: { app: AppState; name?: string; askName?: boolean; onDone: () => void }) {
  const [text, setText] = createSignal("");
  const [name, setName] = createSignal(props.app.me()?.name ?? "");
  const [replace, setReplace] = createSignal(false);
  const restore = createAction(
    () => props.app.restoreIdentity(text(), props.askName ? name() : (props.name ?? name()), replace()),
    props.onDone,
  );
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void restore.run();
      }}
    >
      <label for="backup-file">Backup file</label>
      <input
        id="backup-file"
        type="file"
        accept=".txt,text/plain"
        onChange={async (e) => {
          const file = e.currentTarget.files?.[0];
          if (file) setText((await file.text()).trim());
        }}
      />
      <label for="backup-photo">
        Or a photo of the backup QR code
        <span class="hint">Your phone's camera opens.</span>
      </label>
      <input
        id="backup-photo"
        type="file"
        accept="image/*"
        capture="environment"
        onChange={async (e) => {
          const file = e.currentTarget.files?.[0];
          if (!file) return;
          const found = await decodeQr(await canvasOfImage(file));
          if (found) setText(found.trim());
          else restore.setError("No QR code found in that photo. Try again with the whole code in view.");
        }}
      />
      <label for="backup-text">
        Or paste the backup text
        <span class="hint">It starts with “pools-key:”.</span>
      </label>
      <textarea
        id="backup-text"
        value={text()}
        onInput={(e) => setText(e.currentTarget.value)}
        autocomplete="off"
        spellcheck={false}
      />
      <Show when={props.askName}>
        <label for="restore-name">Name to show in your pools</label>
        <input id="restore-name" value={name()} onInput={(e) => setName(e.currentTarget.value)} />
      </Show>
      <Show when={props.app.me()}>
        <p class="small muted">
          Restoring replaces the key on this phone. Save a backup of the current key first if you still need it.
        </p>
        <label class="check">
          <input type="checkbox" checked={replace()} onChange={(e) => setReplace(e.currentTarget.checked)} />
          Replace the key on this phone
        </label>
      </Show>
      <ErrorText error={restore.error()} />
      <button class="wide" type="submit" disabled={restore.busy()}>
        Restore my key
      </button>
    </form>
  );
}
