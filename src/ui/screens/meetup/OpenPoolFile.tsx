import { createSignal, Show } from "solid-js";
import type { AppState } from "../../../state/app.ts";
import { createAction } from "../../components/action.ts";
import { ErrorText } from "../../components/Notice.tsx";
import { href, navigate } from "../../router.ts";

/**
 * On a phone that does not have the pool yet: open a pool file someone handed over with no
 * network (Bluetooth, AirDrop, a USB stick). Every event in it is checked before anything is
 * kept; once online, the pool syncs with everyone else's copy as one history. A pool's file is
 * sealed (rules §9): it opens with the pool's invite link, handed over beside it.
 */
export function OpenPoolFile(props: { app: AppState }) {
  const [link, setLink] = createSignal("");
  const open = createAction(
    (file: File) => props.app.importPoolFile(file, link()),
    (poolId) => navigate(href("pool", poolId)),
  );
  return (
    <section class="card" aria-labelledby="open-file-title">
      <h2 id="open-file-title" style={{ "margin-top": 0 }}>
        Open a pool file
      </h2>
      <p class="small">
        No network? Open the file another member shared from their phone, with the pool's invite link: the file is
        sealed, and the link holds its key.
      </p>
      <label for="open-pool-file-link">
        The pool's invite link <span class="hint">Paste it first. Not needed for a pool this phone already has.</span>
      </label>
      <input
        id="open-pool-file-link"
        type="url"
        inputmode="url"
        autocomplete="off"
        value={link()}
        onInput={(e) => setLink(e.currentTarget.value)}
      />
      <label for="open-pool-file">Pool file</label>
      <input
        id="open-pool-file"
        type="file"
        disabled={open.busy()}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = "";
          if (file) void open.run(file);
        }}
      />
      <Show when={open.busy()}>
        <p class="small muted" role="status">
          Opening the pool file: every event in it is checked first. A big pool takes a few seconds.
        </p>
      </Show>
      <ErrorText error={open.error() && `Not opened: ${open.error()}`} />
    </section>
  );
}
