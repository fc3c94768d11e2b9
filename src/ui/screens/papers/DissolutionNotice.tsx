import { Show } from "solid-js";
import type { PoolState } from "../../../core/index.ts";
import { Notice } from "../../components/Notice.tsx";
import { href } from "../../router.ts";

/** On the overview: the pool voted to dissolve (or is closed), and where to see what it owes. */
export function DissolutionNotice(props: { state: PoolState; poolId: string }) {
  return (
    <Show when={props.state.dissolution}>
      {(d) => (
        <Notice kind="warn">
          <strong>{d().closed ? "This pool is closed." : "This pool is being dissolved."}</strong>{" "}
          {d().closed
            ? "Its members voted to dissolve it and everything it held has been paid out."
            : "Nothing new can be proposed or spent."}{" "}
          <a href={href("pool", props.poolId, "papers")}>See what it owes and its papers</a>.
        </Notice>
      )}
    </Show>
  );
}
