import { createResource, For, Show } from "solid-js";
import type { AppState } from "../../../state/app.ts";
import { TopBar } from "../../components/TopBar.tsx";
import { href, navigate, route } from "../../router.ts";

/**
 * `#/flood?doc=…&g=…`: a flood link someone sent. Opens the flood on this phone (read only: the
 * link admits nobody) and offers to propose, in one of my pools, that it joins.
 */
export function FloodLinkScreen(props: { app: AppState }) {
  const link = () => route().hash;
  const [opened] = createResource(link, (l) => props.app.floods.openLink(l));
  const name = () => {
    const r = opened();
    return r?.ok ? props.app.pool(r.value)?.state()?.name : undefined;
  };
  return (
    <>
      <TopBar title="A flood" back="#/" sync={props.app.sync()} />
      <main>
        <Show when={!opened.loading} fallback={<p role="status">Opening the flood…</p>}>
          <Show
            when={opened()?.ok}
            fallback={<p class="notice error">{opened()?.ok === false && (opened() as { error: string }).error}</p>}
          >
            <h2>{name()}</h2>
            <p class="muted">
              A pool joins this flood by voting on it. Propose it in one of your pools, or just look at the flood.
            </p>
            <ul class="list card" aria-label="Propose joining from">
              <For each={props.app.pools().filter((p) => p.standing === "member")}>
                {(p) => (
                  <li>
                    <a
                      class="link-row"
                      href={`${href("pool", p.id, "join-flood")}?link=${encodeURIComponent(location.href)}`}
                    >
                      Propose that {p.name} joins
                    </a>
                  </li>
                )}
              </For>
            </ul>
            <button
              type="button"
              class="primary wide"
              onClick={() => {
                const r = opened();
                if (r?.ok) navigate(href("pool", r.value));
              }}
            >
              Open the flood
            </button>
          </Show>
        </Show>
      </main>
    </>
  );
}
