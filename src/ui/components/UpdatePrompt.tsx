import { Show } from "solid-js";
import { applyUpdate, dismissUpdate, updateWaiting } from "../serviceWorker.ts";

/**
 * A new version waits until the person says so: reloading by itself could land in the middle of
 * a vote or a half-typed entry.
 */
export function UpdatePrompt() {
  return (
    <Show when={updateWaiting()}>
      <div class="toast" role="status">
        <span class="grow">A new version of Pools is ready.</span>
        <button type="button" onClick={applyUpdate}>
          Update
        </button>
        <button type="button" onClick={dismissUpdate}>
          Later
        </button>
      </div>
    </Show>
  );
}
