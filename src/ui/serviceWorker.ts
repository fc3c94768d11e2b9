/**
 * Registers the service worker that precaches the whole app (Automerge's wasm included), and
 * reports a waiting new version instead of switching to it: the page reloads only after the
 * person taps Update, never by itself in the middle of a vote. (vite-plugin-pwa's generated
 * worker, with registerType "prompt", activates a waiting version on a SKIP_WAITING message.)
 */
import { createSignal } from "solid-js";

const [waiting, setWaiting] = createSignal<ServiceWorker>();
export const updateWaiting = () => waiting() !== undefined;

let applying = false;

export function applyUpdate(): void {
  const worker = waiting();
  if (!worker) return;
  applying = true;
  worker.postMessage({ type: "SKIP_WAITING" });
}

export function dismissUpdate(): void {
  setWaiting(undefined);
}

const HOUR_MS = 3600_000;

export function registerServiceWorker(url = "./sw.js"): void {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (applying) location.reload();
  });
  navigator.serviceWorker
    .register(url, { scope: "./" })
    .then((reg) => {
      const offer = (w: ServiceWorker | null) => {
        if (w && navigator.serviceWorker.controller) setWaiting(w);
      };
      offer(reg.waiting);
      reg.addEventListener("updatefound", () => {
        const w = reg.installing;
        w?.addEventListener("statechange", () => {
          if (w.state === "installed") offer(w);
        });
      });
      setInterval(() => void reg.update().catch(() => undefined), HOUR_MS);
    })
    .catch((error) => console.warn("service worker not registered:", error));
}
