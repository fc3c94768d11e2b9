import { isArchived, setPoolArchived } from "../../state/archive.ts";
import { plural } from "../format.ts";
import { href } from "../router.ts";
import { PoolFilePanel } from "./meetup/PoolFilePanel.tsx";
import { PoolFrame, type PoolScreenProps } from "./PoolFrame.tsx";

/** The rest of a pool: its rules, bylaws and audit, and carrying it between phones as a file. */
export function More(props: PoolScreenProps) {
  return (
    <PoolFrame app={props.app} poolId={props.poolId} tab="more" title={() => "More"}>
      {(v) => {
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
                <a class="link-row" href={href("pool", props.poolId, "papers")}>
                  <strong>Papers</strong>
                  <span class="hint">
                    Member register, operating agreement, resolutions and a formation checklist, to print.
                  </span>
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
            <PoolFilePanel poolName={v().state.name} actions={v().actions} />
            <section class="card" aria-labelledby="archive-title">
              <h2 id="archive-title" style={{ "margin-top": 0 }}>
                Archive
              </h2>
              <p class="small">
                Hide this pool from your list on this phone: a pool you left, or one you tried out. It keeps syncing and
                nothing changes for the others. You can bring it back from the home screen.
              </p>
              <button
                type="button"
                class="wide"
                onClick={() => setPoolArchived(props.poolId, !isArchived(props.poolId))}
              >
                {isArchived(props.poolId) ? "Unarchive this pool" : "Archive this pool on this phone"}
              </button>
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
