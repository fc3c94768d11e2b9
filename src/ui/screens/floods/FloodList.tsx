import { For, Show } from "solid-js";
import type { AppState } from "../../../state/app.ts";
import { Money } from "../../components/Money.tsx";
import { plural } from "../../format.ts";
import { href } from "../../router.ts";

/** Home: the floods this phone holds, with their balance. Nothing when there are none. */
export function FloodList(props: { app: AppState }) {
  const floods = () => props.app.floods.floods();
  return (
    <Show when={floods().length > 0}>
      <h2>Your floods</h2>
      <ul class="list card" aria-label="Your floods">
        <For each={floods()}>
          {(f) => (
            <li>
              <a class="link-row" href={href("pool", f.id)}>
                <div class="row">
                  <strong class="grow">{f.name || "Flood"}</strong>
                  <Show when={f.balance !== undefined && f.currency}>
                    <Money amount={f.balance ?? 0} currency={f.currency ?? "USD"} />
                  </Show>
                </div>
                <div class="row small muted">
                  <span>
                    {f.loading
                      ? "Loading…"
                      : `${plural(f.pools, "pool")}, ${plural(f.members, "member")}, ${plural(f.openProposals, "open proposal")}`}
                  </span>
                </div>
              </a>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}
