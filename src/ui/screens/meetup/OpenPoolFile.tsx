import type { AppState } from "../../../state/app.ts";
import { createAction } from "../../components/action.ts";
import { ErrorText } from "../../components/Notice.tsx";
import { href, navigate } from "../../router.ts";

/**
 * On a phone that does not have the pool yet: open a pool file someone handed over with no
 * network (Bluetooth, AirDrop, a USB stick). Every event in it is checked before anything is
 * kept; once online, the pool syncs with everyone else's copy as one history.
 */
export function OpenPoolFile(props: { app: AppState }) {
  const open = createAction(
    async (file: File) => props.app.importPoolFile(new Uint8Array(await file.arrayBuffer())),
    (poolId) => navigate(href("pool", poolId)),
  );
  return (
    <section class="card" aria-labelledby="open-file-title">
      <h2 id="open-file-title" style={{ "margin-top": 0 }}>
        Open a pool file
      </h2>
      <p class="small">No network? Open the file another member shared from their phone.</p>
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
      <ErrorText error={open.error() && `Not opened: ${open.error()}`} />
    </section>
  );
}
