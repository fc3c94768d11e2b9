import { createSignal, Show } from "solid-js";
import type { PoolActions } from "../../state/poolActions.ts";
import { createAction } from "../components/action.ts";
import { ErrorText } from "../components/Notice.tsx";
import { QrCode } from "../components/QrCode.tsx";
import { formatDate, plural } from "../format.ts";

/** The most people one link may let in (the core's limit). */
const MAX_USES = 1000;

/** "How many people": a whole number from 1 to 1000, or the sentence saying what to type. */
export function readUses(text: string): { ok: true; value: number } | { ok: false; error: string } {
  const t = text.trim();
  if (!/^\d+$/.test(t))
    return { ok: false, error: "Type how many people may use the link, as a whole number like 1 or 5." };
  const n = Number(t);
  if (n < 1) return { ok: false, error: "At least 1 person must be able to use the link." };
  if (n > MAX_USES) return { ok: false, error: `One link can let in at most ${MAX_USES} people.` };
  return { ok: true, value: n };
}

/** An invite link (and its QR code) for a number of people. Its secret half never goes into the pool's records. */
export function InvitePanel(props: { actions: PoolActions }) {
  const [uses, setUses] = createSignal("1");
  const [invite, setInvite] = createSignal<{ link: string; expiresAt: number; uses: number }>();
  const [copied, setCopied] = createSignal(false);
  const create = createAction(
    async () => {
      const n = readUses(uses());
      if (!n.ok) return n;
      const r = await props.actions.createInvite({ maxUses: n.value });
      return r.ok ? { ok: true as const, value: { ...r.value, uses: n.value } } : r;
    },
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
            <p class="small" data-testid="invite-limit">
              For {plural(inv().uses, "person", "people")} · works until {formatDate(inv().expiresAt)}
            </p>
            <p class="small muted">
              Send it privately: whoever has it can ask to join. Once {plural(inv().uses, "person has", "people have")}{" "}
              joined with it, it lets nobody else in.
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
