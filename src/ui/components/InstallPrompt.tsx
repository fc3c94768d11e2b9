/**
 * Offers to install the app, since working offline depends on it: Chromium's own prompt when the
 * browser offers one (`beforeinstallprompt`), else a plain hint for the browser's menu. Nothing
 * shows once the app runs installed.
 */
import { createSignal, Show } from "solid-js";

interface InstallEvent extends Event {
  prompt(): Promise<void>;
  userChoice?: Promise<{ outcome: "accepted" | "dismissed" }>;
}

const [offer, setOffer] = createSignal<InstallEvent>();
const [installed, setInstalled] = createSignal(
  typeof matchMedia !== "undefined" && matchMedia("(display-mode: standalone)").matches,
);

if (typeof window !== "undefined") {
  // The browser fires this once, early: keep it for the moment the person taps Install.
  window.addEventListener("beforeinstallprompt", (e) => {
    e.preventDefault();
    setOffer(e as InstallEvent);
  });
  window.addEventListener("appinstalled", () => {
    setOffer(undefined);
    setInstalled(true);
  });
}

export function InstallPrompt() {
  const install = async () => {
    const e = offer();
    if (!e) return;
    setOffer(undefined);
    await e.prompt();
    if ((await e.userChoice)?.outcome === "accepted") setInstalled(true);
  };
  return (
    <Show when={!installed()}>
      <section class="card" aria-labelledby="install-title">
        <h2 id="install-title" style={{ "margin-top": 0 }}>
          Keep Pools on this phone
        </h2>
        <p class="small">Installed, Pools opens from your home screen and works with no connection at all.</p>
        <Show
          when={offer()}
          fallback={
            <p class="small muted" data-testid="install-hint">
              In your browser's menu, choose “Install app” or “Add to Home screen”.
            </p>
          }
        >
          <button type="button" class="primary wide" onClick={() => void install()}>
            Install Pools
          </button>
        </Show>
      </section>
    </Show>
  );
}
