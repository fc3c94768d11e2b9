import { createSignal, Show } from "solid-js";
import type { AppState } from "../../state/app.ts";
import { download } from "../components/download.ts";
import { QrCode } from "../components/QrCode.tsx";
import { TopBar } from "../components/TopBar.tsx";
import { navigate, route } from "../router.ts";
import { RestoreKey } from "./RestoreKey.tsx";

/**
 * The key backup: a small text file, or a QR code to scan with another phone. Without it, losing
 * this phone means losing this identity (and its vote) in every pool.
 */
export function KeyBackup(props: { app: AppState }) {
  const first = () => route().query.get("first") === "1";
  const then = () => route().query.get("then") ?? "#/";
  const [showQr, setShowQr] = createSignal(false);
  const [saved, setSaved] = createSignal(false);
  const text = () => props.app.backupKey() ?? "";
  return (
    <>
      <TopBar title="Back up your key" back={first() ? undefined : "#/"} sync={props.app.sync()} />
      <main>
        <p>
          Your key is what makes your votes yours. It lives only on this phone. Save a backup so you can restore it on a
          new phone; keep it private, like a password.
        </p>
        <div class="card stack">
          <button
            class="primary wide"
            type="button"
            onClick={() => {
              download("pools-key-backup.txt", `${text()}\n`, "text/plain");
              setSaved(true);
            }}
          >
            Download backup file
          </button>
          <button class="wide" type="button" aria-expanded={showQr()} onClick={() => setShowQr(!showQr())}>
            {showQr() ? "Hide QR code" : "Show as QR code"}
          </button>
          <Show when={showQr()}>
            <QrCode text={text()} label="QR code of your key backup" />
            <p class="small muted">
              Scan it with a phone you trust, or print it and keep it safe. Anyone who sees it can act as you.
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
