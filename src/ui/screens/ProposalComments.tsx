/** A proposal's discussion: the comments, and a field to add one for an active member. */
import { createSignal, For, Show } from "solid-js";
import type { PoolState, ProposalView } from "../../core/index.ts";
import { isActiveMember, memberName } from "../../state/selectors.ts";
import { createAction } from "../components/action.ts";
import { ErrorText } from "../components/Notice.tsx";
import { formatDateTime } from "../format.ts";

export function Comments(props: {
  state: PoolState;
  proposal: ProposalView;
  me: string;
  onComment: (t: string) => Promise<{ ok: true; value: string } | { ok: false; error: string }>;
}) {
  const [text, setText] = createSignal("");
  const send = createAction(
    () => props.onComment(text()),
    () => setText(""),
  );
  return (
    <section aria-labelledby="comments-title">
      <h2 id="comments-title">Discussion</h2>
      <Show when={props.proposal.comments.length > 0} fallback={<p class="muted small">No comments yet.</p>}>
        <ul class="list card">
          <For each={props.proposal.comments}>
            {(c) => (
              <li>
                <p class="small muted" style={{ margin: 0 }}>
                  {memberName(props.state, c.by, props.me)} · {formatDateTime(c.at)}
                </p>
                <p style={{ "white-space": "pre-wrap", margin: 0 }}>{c.text}</p>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={isActiveMember(props.state, props.me)}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void send.run();
          }}
        >
          <label for="comment-text">Add a comment</label>
          <textarea id="comment-text" maxLength={1000} value={text()} onInput={(e) => setText(e.currentTarget.value)} />
          <ErrorText error={send.error()} />
          <button type="submit" class="wide" disabled={send.busy()}>
            Post comment
          </button>
        </form>
      </Show>
    </section>
  );
}
