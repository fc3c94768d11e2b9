import { createSignal } from "solid-js";
import { createAction } from "../components/action.ts";
import { download, fileName } from "../components/download.ts";
import { ErrorText, Notice } from "../components/Notice.tsx";
import { plural } from "../format.ts";
import { href } from "../router.ts";
import { PoolFrame, type PoolScreenProps } from "./PoolFrame.tsx";

/** The rest of a pool: its rules, bylaws and audit, and carrying it between phones as a file. */
export function More(props: PoolScreenProps) {
  const [imported, setImported] = createSignal<string>();
  return (
    <PoolFrame app={props.app} poolId={props.poolId} tab="more" title={() => "More"}>
      {(v) => {
        const importFile = createAction(
          async (file: File) => v().actions.importPoolFile(new Uint8Array(await file.arrayBuffer())),
          (r) =>
            setImported(
              `Added ${plural(r.added, "new event")}${r.refused > 0 ? `; ${plural(r.refused, "event")} refused (see the audit)` : ""}.`,
            ),
        );
        return (
          <>
            <ul class="list card">
              <li>
                <a class="link-row" href={href("pool", props.poolId, "rules")}>
                  <strong>Rules</strong>
                  <span class="hint">How this pool decides, in plain words.</span>
                </a>
              </li>
              <li>
                <a class="link-row" href={href("pool", props.poolId, "bylaws")}>
                  <strong>Bylaws</strong>
                  <span class="hint">The text every member accepted.</span>
                </a>
              </li>
              <li>
                <a class="link-row" href={href("pool", props.poolId, "audit")}>
                  <strong>Audit</strong>
                  <span class="hint">
                    {v().state.audit.length === 0
                      ? "Nothing was refused."
                      : `${plural(v().state.audit.length, "refused event")}, and why.`}
                  </span>
                </a>
              </li>
            </ul>
            <section class="card" aria-labelledby="file-title">
              <h2 id="file-title" style={{ "margin-top": 0 }}>
                Pool file
              </h2>
              <p class="small">
                With no network, carry the whole pool to another phone as a file. Importing adds what is new; anything
                forged is refused.
              </p>
              <div class="actions">
                <button
                  type="button"
                  onClick={() =>
                    download(fileName(v().state.name, "pool"), v().actions.exportPoolFile(), "application/octet-stream")
                  }
                >
                  Export pool file
                </button>
              </div>
              <label for="pool-file-import">Import a pool file</label>
              <input
                id="pool-file-import"
                type="file"
                onChange={(e) => {
                  const file = e.currentTarget.files?.[0];
                  if (file) void importFile.run(file);
                }}
              />
              <ErrorText error={importFile.error()} />
              {imported() && <Notice kind="ok">{imported()}</Notice>}
            </section>
            <p class="small">
              <a href="#/">All my pools</a> · <a href="#/backup">Back up your key</a>
            </p>
          </>
        );
      }}
    </PoolFrame>
  );
}
