import { type JSX, Show } from "solid-js";
import type { PoolState } from "../../../core/index.ts";
import { type PaperDoc, paperText } from "../../../state/papers.ts";
import { download, fileName } from "../../components/download.ts";
import { href } from "../../router.ts";
import { PoolFrame, type PoolScreenProps } from "../PoolFrame.tsx";
import { PaperView } from "./PaperView.tsx";
import "./papers.css";

/**
 * One printable paper of the kit: the document, then Print (the phone's print dialog saves a
 * PDF) and Download as Markdown. `extra` adds buttons (the register's CSV).
 */
export function PaperScreen(
  props: PoolScreenProps & {
    title: string;
    /** The file name's suffix, e.g. "member register". */
    file: string;
    doc: (state: PoolState, now: number) => PaperDoc;
    intro?: string;
    extra?: (state: PoolState) => JSX.Element;
  },
) {
  return (
    <PoolFrame
      app={props.app}
      poolId={props.poolId}
      tab="more"
      back={href("pool", props.poolId, "papers")}
      title={() => props.title}
    >
      {(v) => {
        const doc = () => props.doc(v().state, v().now);
        return (
          <>
            <Show when={props.intro}>
              <p class="no-print">{props.intro}</p>
            </Show>
            <div class="paper-actions no-print">
              <button type="button" class="primary" onClick={() => window.print()}>
                Print or save as PDF
              </button>
              <button
                type="button"
                onClick={() =>
                  download(fileName(`${v().state.name} ${props.file}`, "md"), paperText(doc()), "text/markdown")
                }
              >
                Download Markdown
              </button>
              {props.extra?.(v().state)}
            </div>
            <PaperView doc={doc()} />
          </>
        );
      }}
    </PoolFrame>
  );
}
