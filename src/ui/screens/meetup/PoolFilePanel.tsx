import { createSignal, Show } from "solid-js";
import type { PoolActions } from "../../../state/poolActions.ts";
import { createAction } from "../../components/action.ts";
import { fileName } from "../../components/download.ts";
import { ErrorText, Notice } from "../../components/Notice.tsx";
import { plural } from "../../format.ts";
import { canShareFile, shareOrDownload } from "./shareFile.ts";

const TYPE = "application/octet-stream";

/**
 * The whole pool as a file, to carry to another phone with no network (docs/rules.md §6), and a
 * file from another phone merged into this one. Merging is the union of both phones' events:
 * nothing is lost and nothing counts twice. A file of another pool, or one whose contents were
 * changed, is refused whole, with the reason.
 */
export function PoolFilePanel(props: { poolName: string; actions: PoolActions }) {
  const [note, setNote] = createSignal<string>();
  const [imported, setImported] = createSignal<string>();
  const name = () => fileName(props.poolName, "pool");
  const sharing = () => canShareFile(name(), TYPE);
  const send = async () => {
    setNote(undefined);
    const how = await shareOrDownload(
      name(),
      await props.actions.exportPoolFile(),
      TYPE,
      `${props.poolName} (pool file)`,
    );
    if (how === "downloaded")
      setNote(`Saved ${name()} to this phone's downloads. Send it to the other phone any way that works offline.`);
    if (how === "shared") setNote(`Shared ${name()}.`);
  };
  const importFile = createAction(
    async (file: File) => {
      setImported(undefined);
      return props.actions.importPoolFile(file);
    },
    (r) =>
      setImported(
        (r.added === 0 && r.refused === 0
          ? "Nothing new: this phone already had everything in that file."
          : `Added ${plural(r.added, "new event")}${r.refused > 0 ? `; ${plural(r.refused, "event")} refused (see the audit)` : ""}.`) +
          (r.unreadable > 0
            ? ` ${plural(r.unreadable, "entry", "entries")} stayed sealed: they are under a key this phone was not given.`
            : "") +
          (r.changed > 0
            ? ` ${plural(r.changed, "entry", "entries")} in the file had been changed by someone and were left out.`
            : ""),
      ),
  );
  return (
    <section class="card" aria-labelledby="file-title">
      <h2 id="file-title" style={{ "margin-top": 0 }}>
        Pool file
      </h2>
      <p class="small">
        With no network, carry the whole pool to another phone as a file. The file is sealed: without the pool's key it
        reads as nothing. Importing adds only what is new; a file from another pool, or one that was changed, is
        refused.
      </p>
      <div class="actions">
        <button type="button" onClick={() => void send()}>
          {sharing() ? "Share pool file" : "Download pool file"}
        </button>
      </div>
      <Show when={note()}>
        <p class="small" role="status">
          {note()}
        </p>
      </Show>
      <label for="pool-file-import">Import a pool file</label>
      <input
        id="pool-file-import"
        type="file"
        disabled={importFile.busy()}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = "";
          if (file) void importFile.run(file);
        }}
      />
      <Show when={importFile.busy()}>
        <p class="small muted" role="status">
          Importing: every event in the file is checked first. A big pool takes a few seconds.
        </p>
      </Show>
      <ErrorText error={importFile.error() && `Not imported: ${importFile.error()}`} />
      <Show when={imported()}>
        <Notice kind="ok">{imported()}</Notice>
      </Show>
    </section>
  );
}
