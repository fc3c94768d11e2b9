import { Show } from "solid-js";
import type { SyncBadge } from "../../state/syncBadge.ts";
import { SyncIndicator } from "./SyncIndicator.tsx";

/** Every screen's header: a way back, the screen's title (its one h1) and the sync state. */
export function TopBar(props: { title: string; back?: string; sync: SyncBadge }) {
  return (
    <header class="topbar">
      <Show when={props.back}>
        <a class="back" href={props.back}>
          <span aria-hidden="true">‹</span>
          <span class="sr-only">Back</span>
        </a>
      </Show>
      <h1 class="title" tabindex="-1">
        {props.title}
      </h1>
      <SyncIndicator badge={props.sync} />
    </header>
  );
}
