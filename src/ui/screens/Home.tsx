import { For, Show } from "solid-js";
import type { AppState, PoolSummary } from "../../state/app.ts";
import { isArchived, setPoolArchived } from "../../state/archive.ts";
import { InstallPrompt } from "../components/InstallPrompt.tsx";
import { Money } from "../components/Money.tsx";
import { Empty, Notice } from "../components/Notice.tsx";
import { TopBar } from "../components/TopBar.tsx";
import { plural } from "../format.ts";
import { href } from "../router.ts";
import { FoundPool } from "./FoundPool.tsx";
import { FloodList } from "./floods/FloodList.tsx";
import { JoinByLink } from "./JoinByLink.tsx";
import { OpenPoolFile } from "./meetup/OpenPoolFile.tsx";
import { NeedsYou } from "./NeedsYou.tsx";

/** My pools with their balance and what waits for my vote; found or join one. */
export function Home(props: { app: AppState }) {
  const shown = () => props.app.pools().filter((p) => !isArchived(p.id));
  const hidden = () => props.app.pools().filter((p) => isArchived(p.id));
  return (
    <>
      <TopBar title="Pools" sync={props.app.sync()} />
      <main>
        <p class="muted">Hello, {props.app.me()?.name}.</p>
        <Show when={props.app.restoreNotice()}>
          {(text) => (
            <Notice kind="info">
              <p role="status">{text()}</p>
              <button type="button" onClick={() => props.app.dismissRestoreNotice()}>
                OK
              </button>
            </Notice>
          )}
        </Show>
        <NeedsYou app={props.app} />
        <h2>Your pools</h2>
        <Show
          when={props.app.pools().length > 0}
          fallback={
            <div class="card">
              <Empty>
                You are not in any pool yet. Found one for your group below, or open an invite link someone sent you.
              </Empty>
            </div>
          }
        >
          <ul class="list card" aria-label="Your pools">
            <For each={shown()}>{(p) => <PoolRow pool={p} />}</For>
          </ul>
          <Show when={hidden().length > 0}>
            <details class="card">
              <summary>Archived on this phone ({hidden().length})</summary>
              <ul class="list" aria-label="Archived pools">
                <For each={hidden()}>
                  {(p) => (
                    <li class="row">
                      <a class="grow" href={href("pool", p.id)}>
                        {p.name || "Pool"}
                      </a>
                      <button type="button" onClick={() => setPoolArchived(p.id, false)}>
                        Unarchive<span class="sr-only"> {p.name}</span>
                      </button>
                    </li>
                  )}
                </For>
              </ul>
            </details>
          </Show>
        </Show>
        <InstallPrompt />
        <FloodList app={props.app} />
        <FoundPool app={props.app} />
        <JoinByLink />
        <OpenPoolFile app={props.app} />
        <p class="small">
          <a href="#/backup">Back up your key</a> · <a href="#/settings">Settings</a>
        </p>
      </main>
    </>
  );
}

function PoolRow(props: { pool: PoolSummary }) {
  const p = () => props.pool;
  return (
    <li>
      <a class="link-row" href={href("pool", p().id)}>
        <div class="row">
          <strong class="grow">{p().name || "Pool"}</strong>
          <Show when={p().balance !== undefined && p().currency}>
            <Money amount={p().balance ?? 0} currency={p().currency ?? "USD"} />
          </Show>
        </div>
        <div class="row small muted">
          <span>
            {p().moved
              ? "Moved to an encrypted copy: ask a member for a new invite link"
              : p().standing === "loading"
                ? "Loading…"
                : p().standing === "awaiting-admission"
                  ? "Waiting to be admitted"
                  : p().standing === "left"
                    ? "You left this pool"
                    : plural(p().openProposals, "open proposal")}
          </span>
          <Show when={p().awaitingMyVote > 0}>
            <span class="badge warn">{plural(p().awaitingMyVote, "vote")} awaiting you</span>
          </Show>
        </div>
      </a>
    </li>
  );
}
