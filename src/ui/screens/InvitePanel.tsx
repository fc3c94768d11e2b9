import { createSignal, Show } from "solid-js";
import type { PoolActions } from "../../state/poolActions.ts";
import { createAction } from "../components/action.ts";
import { ErrorText } from "../components/Notice.tsx";
import { QrCode } from "../components/QrCode.tsx";
import { formatDate } from "../format.ts";

/** A one-time invite link (and its QR code). Its secret half never goes into the pool's records. */
export function InvitePanel(props: { actions: PoolActions }) {
  const [uses, setUses] = createSignal("1");
  const [invite, setInvite] = createSignal<{ link: string; expiresAt: number }>();
  const [copied, setCopied] = createSignal(false);
  const create = createAction(
    () => props.actions.createInvite({ maxUses: Number(uses()) || 1 }),
    (v) => {
      setCopied(false);
      setInvite(v);
    },
  );
  const share = async () => {
    const link = invite()?.link ?? "";
    if (navigator.share) {
      await navigator.share({ title: "Join our pool", url: link }).catch(() => undefined);
      return;
    }
    await navigator.clipboard?.writeText(link).catch(() => undefined);
    setCopied(true);
  };
  return (
    <section class="card" aria-labelledby="invite-title">
      <h2 id="invite-title" style={{ "margin-top": 0 }}>
        Invite someone
      </h2>
      <Show
        when={invite()}
        fallback={
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void create.run();
            }}
          >
            <label for="invite-uses">
              How many people may use the link
              <span class="hint">Each link works for 7 days.</span>
            </label>
            <input
              id="invite-uses"
              inputmode="numeric"
              value={uses()}
              onInput={(e) => setUses(e.currentTarget.value)}
            />
            <ErrorText error={create.error()} />
            <button class="primary wide" type="submit" disabled={create.busy()}>
              Create invite link
            </button>
          </form>
        }
      >
        {(inv) => (
          <>
            <label for="invite-link-out">Invite link</label>
            <input id="invite-link-out" readOnly value={inv().link} onFocus={(e) => e.currentTarget.select()} />
            <p class="small muted">
              Send it privately: whoever has it can ask to join until {formatDate(inv().expiresAt)}.
            </p>
            <QrCode text={inv().link} label="QR code of the invite link" />
            <div class="actions">
              <button type="button" class="primary" onClick={() => void share()}>
                {copied() ? "Copied" : "Share link"}
              </button>
              <button type="button" onClick={() => setInvite(undefined)}>
                New invite
              </button>
            </div>
          </>
        )}
      </Show>
    </section>
  );
}
