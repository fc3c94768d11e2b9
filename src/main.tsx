/**
 * Entry point: starts the app state, renders the screens, and asks the browser to keep this
 * app's storage (a pool's records live on the phone; eviction would lose unsynced votes).
 *
 * This chunk is what a first visit waits for before anything shows, so it holds only the shell
 * and the first screens (home, first run, join): sync with Automerge's wasm (state/engine.ts)
 * and the other screens (ui/laterScreens.ts) load behind them with `import()`.
 */
import { createEffect } from "solid-js";
import { render } from "solid-js/web";
import { createAppState } from "./state/app.ts";
import { App, preloadScreens } from "./ui/App.tsx";
import { registerServiceWorker } from "./ui/serviceWorker.ts";
import "./ui/styles.css";

/**
 * Resolves once the browser has painted the screen as it is now (the task after the next frame),
 * or after 100 ms where no frame comes (a tab opened in the background paints nothing).
 */
const afterPaint = () =>
  new Promise<void>((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
    setTimeout(resolve, 100);
  });

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

function start(into: HTMLElement) {
  into.textContent = "";
  render(() => {
    const app = createAppState({ base: () => `${location.origin}${location.pathname.replace(/index\.html$/, "")}` });
    void app.boot(afterPaint);
    // The service worker precaches every file, the wasm included. Registered once sync has loaded,
    // its downloads come from the HTTP cache instead of fetching the wasm a second time on a first
    // visit (sw.ts fetches hashed files with the default cache mode).
    // The other screens are fetched then too, ahead of the first tap on a pool.
    let registered = false;
    createEffect(() => {
      if (registered || !app.syncReady()) return;
      registered = true;
      preloadScreens();
      if (import.meta.env.PROD) registerServiceWorker();
    });
    return <App app={app} />;
  }, into);
}

// index.html's static first screen is painted before the app takes over: on a slow phone it is
// on screen while this script runs, instead of a blank page.
void afterPaint().then(() => start(root));

// Without persistence the browser may evict the pool under storage pressure; say so, do not fail.
void navigator.storage
  ?.persist?.()
  .catch((error: unknown) => console.warn("Pools: storage could not be made persistent", error));
