/**
 * Entry point: starts the app state, renders the screens, and asks the browser to keep this
 * app's storage (a pool's records live on the phone; eviction would lose unsynced votes).
 */
import { render } from "solid-js/web";
import { createAppState } from "./state/app.ts";
import { App } from "./ui/App.tsx";
import { registerServiceWorker } from "./ui/serviceWorker.ts";
import "./ui/styles.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
root.textContent = "";

render(() => {
  const app = createAppState({ base: () => `${location.origin}${location.pathname.replace(/index\.html$/, "")}` });
  void app.boot();
  return <App app={app} />;
}, root);

// Without persistence the browser may evict the pool under storage pressure; say so, do not fail.
void navigator.storage
  ?.persist?.()
  .catch((error: unknown) => console.warn("Pools: storage could not be made persistent", error));
if (import.meta.env.PROD) registerServiceWorker();
