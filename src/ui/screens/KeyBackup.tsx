import { createResource, createSignal, Show } from "solid-js";
import type { AppState } from "../../state/app.ts";
import { download } from "../components/download.ts";
import { ErrorText } from "../components/Notice.tsx";
import { QrCode } from "../components/QrCode.tsx";
import { TopBar } from "../components/TopBar.tsx";
import { plural } from "../format.ts";
import { navigate, route } from "../router.ts";
import { RestoreKey } from "./RestoreKey.tsx";

/**
 * The key backup: a small text file, or a QR code to scan with another phone. Without it, losing
 * this phone means losing this identity (and its vote) in every pool. It also holds the keys of
 * the pools on this phone (rules §9), so it is made fresh each time this screen opens.
 */
export function KeyBackup(props: { app: AppState }) {
  const first = () => route().query.get("first") === "1";
  const then = () => route().query.get("then") ?? "#/";
  const [showQr, setShowQr] = createSignal(false);
  const [saved, setSaved] = createSignal(false);
  const [made] = createResource(() => props.app.keyBackup());
  const backup = () => {
    const r = made();
    return r?.ok ? r.value : undefined;
  };
  const failure = () => {
    const r = made();
    return r && !r.ok ? r.error : undefined;
  };
  const text = () => backup()?.text ?? "";
  return (
    <>
      <TopBar title="Back up your key" back={first() ? undefined : "#/"} sync={props.app.sync()} />
      <main>
        <p>
          Your key is what makes your votes yours. It lives only on this phone. Save a backup so you can restore it on a
          new phone, with your pools; keep it private, like a password.
        </p>
        <ErrorText error={failure()} />
        <Show when={backup()}>
          {(b) => (
            <p class="small" data-testid="backup-holds">
              {b().pools.length + b().floods.length === 0
                ? "This backup holds your key only: there are no pools on this phone yet."
                : `This backup holds your key and the keys of ${[
                    plural(b().pools.length, "pool"),
                    ...(b().floods.length > 0 ? [plural(b().floods.length, "flood")] : []),
                  ].join(" and ")}: ${[...b().pools, ...b().floods].join(", ")}.`}{" "}
              Pools you join later are not in it: save a new backup after joining one.
            </p>
          )}
        </Show>
        <div class="card stack">
          <button
            class="primary wide"
            type="button"
            disabled={backup() === undefined}
            onClick={() => {
              download("pools-key-backup.txt", `${text()}\n`, "text/plain");
              setSaved(true);
            }}
          >
            Download backup file
          </button>
          <Show
            when={backup()?.fitsQrCode !== false}
            fallback={
              <p class="small muted">
                With the keys of your pools, this backup is too long for one QR code. Save the file instead.
              </p>
            }
          >
            <button
              class="wide"
              type="button"
              aria-expanded={showQr()}
              disabled={backup() === undefined}
              onClick={() => setShowQr(!showQr())}
            >
              {showQr() ? "Hide QR code" : "Show as QR code"}
            </button>
          </Show>
          <Show when={showQr() && backup()?.fitsQrCode}>
            <QrCode text={text()} label="QR code of your key backup" />
            <p class="small muted">
              Scan it with a phone you trust, or print it and keep it safe. Anyone who sees it can act as you and read
              your pools.
            </p>
          </Show>
          <Show when={saved()}>
            <p class="small" role="status">
              Backup file saved. Keep it somewhere safe.
            </p>
          </Show>
        </div>
        <Show
          when={first()}
          fallback={
            <details class="card">
              <summary>Restore a key on this phone</summary>
              <RestoreKey app={props.app} onDone={() => navigate("#/")} />
            </details>
          }
        >
          <button class="wide" type="button" onClick={() => navigate(then(), { replace: true })}>
            {saved() ? "Continue" : "Skip for now"}
          </button>
        </Show>
      </main>
    </>
  );
}
