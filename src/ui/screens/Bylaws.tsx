import { bylawsOf } from "../../state/selectors.ts";
import { download, fileName } from "../components/download.ts";
import { Markdown } from "../components/Markdown.tsx";
import { href } from "../router.ts";
import { PoolFrame, type PoolScreenProps } from "./PoolFrame.tsx";

/** The bylaws rendered from the pool's rules, and exportable as a Markdown file. */
export function Bylaws(props: PoolScreenProps) {
  return (
    <PoolFrame
      app={props.app}
      poolId={props.poolId}
      tab="more"
      back={href("pool", props.poolId, "more")}
      title={() => "Bylaws"}
    >
      {(v) => (
        <>
          <div class="card">
            <Markdown text={bylawsOf(v().state)} />
          </div>
          <button
            type="button"
            class="wide"
            onClick={() => download(fileName(`${v().state.name} bylaws`, "md"), bylawsOf(v().state), "text/markdown")}
          >
            Export bylaws
          </button>
        </>
      )}
    </PoolFrame>
  );
}
