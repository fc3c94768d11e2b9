import { createResource, createSignal, Match, onCleanup, Show, Switch } from "solid-js";
import type { AppState } from "../../state/app.ts";
import type { JoinPreview } from "../../state/join.ts";
import { createAction } from "../components/action.ts";
import { Markdown } from "../components/Markdown.tsx";
import { Money } from "../components/Money.tsx";
import { ErrorText, Notice } from "../components/Notice.tsx";
import { TopBar } from "../components/TopBar.tsx";
import { plural } from "../format.ts";
import { href, navigate, route } from "../router.ts";

/** Opened from an invite link: see what you are joining and its bylaws, then join in one tap. */
export function Join(props: { app: AppState }) {
  const link = () => location.href;
  const [preview] = createResource(
    () => route().hash,
    async () => props.app.previewInvite(link()),
  );
  const [accepted, setAccepted] = createSignal(false);
  const isMine = (p: JoinPreview) => {
    const me = props.app.me()?.id ?? "";
    return p.state.activeMembers.includes(me) || p.state.pendingJoins.some((j) => j.member === me);
  };
  let kept = false;
  const join = createAction(
    (p: JoinPreview) => props.app.joinPool(p),
    (id) => {
      kept = true;
      navigate(href("pool", id), { replace: true });
    },
  );
  onCleanup(() => {
    const r = preview();
    if (r?.ok && !kept) props.app.cancelPreview(r.value);
  });
  return (
    <>
      <TopBar title="Join a pool" back="#/" sync={props.app.sync()} />
      <main>
        <Switch>
          <Match when={preview.loading}>
            <p role="status">
              {props.app.syncReady()
                ? "Opening the invite… This needs a connection the first time."
                : "Getting Pools ready on this phone, then opening the invite… This needs a connection the first time."}
            </p>
          </Match>
          <Match when={preview() && !preview()!.ok && preview()}>
            {(r) => (
              <>
                <ErrorText error={(r() as { error: string }).error} />
                <a class="button wide" href="#/">
                  Back to my pools
                </a>
              </>
            )}
          </Match>
          <Match when={preview()?.ok && (preview() as { value: JoinPreview }).value}>
            {(p) => (
              <>
                <div class="card">
                  <h2 style={{ "margin-top": 0 }}>{p().state.name}</h2>
                  <Show when={p().state.purpose}>
                    <p>{p().state.purpose}</p>
                  </Show>
                  <p class="muted small">
                    {plural(p().state.activeMembers.length, "member")} · money kept in {p().state.currency}
                  </p>
                  <p data-testid="join-buy-in">
                    <Show
                      when={p().state.rules.buyIn > 0}
                      fallback="No buy-in: you can vote as soon as you are admitted."
                    >
                      Buy-in: <Money amount={p().state.rules.buyIn} currency={p().state.currency} />, paid to the group
                      once you are in. You can vote once another member confirms it.
                    </Show>
                  </p>
                  <p class="small" data-testid="join-admission">
                    {p().state.rules.admission === "auto"
                      ? "You are admitted automatically: the first member's phone that sees your request lets you in, usually within moments when someone has the app open."
                      : "A member other than the one who invited you admits you by hand. Until then you can read the pool but not vote."}
                  </p>
                </div>
                <Show
                  when={!isMine(p())}
                  fallback={
                    <>
                      <Notice>You are already in this pool. Open it to see everything on this phone.</Notice>
                      <ErrorText error={join.error()} />
                      <button
                        class="primary wide"
                        type="button"
                        disabled={join.busy()}
                        onClick={() => void join.run(p())}
                      >
                        Open {p().state.name}
                      </button>
                    </>
                  }
                >
                  <details class="card">
                    <summary>Read the bylaws</summary>
                    <Markdown text={p().bylaws} />
                  </details>
                  <label class="check">
                    <input
                      type="checkbox"
                      checked={accepted()}
                      onChange={(e) => setAccepted(e.currentTarget.checked)}
                    />
                    <span>I accept the bylaws of {p().state.name}</span>
                  </label>
                  <p class="small muted">
                    You join as “{props.app.me()?.name}”. Every member will see your name, your votes and your entries.
                  </p>
                  <ErrorText error={join.error()} />
                  <button
                    class="primary wide"
                    type="button"
                    disabled={!accepted() || join.busy()}
                    onClick={() => void join.run(p())}
                  >
                    Join {p().state.name}
                  </button>
                </Show>
              </>
            )}
          </Match>
        </Switch>
      </main>
    </>
  );
}
