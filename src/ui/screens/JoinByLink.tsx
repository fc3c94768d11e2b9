import { createSignal } from "solid-js";
import { inviteFragment } from "../../state/links.ts";
import { ErrorText } from "../components/Notice.tsx";
import { navigate } from "../router.ts";

/** Paste an invite link; it opens the join screen, as if the link had been tapped. */
export function JoinByLink() {
  const [link, setLink] = createSignal("");
  const [error, setError] = createSignal<string>();
  return (
    <form
      class="card"
      aria-labelledby="join-title"
      onSubmit={(e) => {
        e.preventDefault();
        const fragment = inviteFragment(link());
        if (!fragment) {
          setError("That is not a Pools invite link. Ask the person who invited you to send it again.");
          return;
        }
        setError(undefined);
        navigate(fragment);
      }}
    >
      <h2 id="join-title" style={{ "margin-top": 0 }}>
        Join with an invite link
      </h2>
      <label for="invite-link">Invite link</label>
      <input
        id="invite-link"
        type="url"
        inputmode="url"
        autocomplete="off"
        value={link()}
        onInput={(e) => setLink(e.currentTarget.value)}
      />
      <ErrorText error={error()} />
      <button class="wide" type="submit">
        Open invite
      </button>
    </form>
  );
}
