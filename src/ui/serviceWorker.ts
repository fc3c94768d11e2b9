/**
 * Registers the service worker that precaches the whole app (Automerge's wasm included), and
 * reports a waiting new version instead of switching to it: the page reloads only after the
 * person taps Update, never by itself in the middle of a vote. (vite-plugin-pwa's generated
 * worker, with registerType "prompt", activates a waiting version on a SKIP_WAITING message.)
 *
 * sw.js is a module worker (it imports the app's own chunks: sw/sw.ts). A browser that cannot run
 * one (Firefox before 147) refuses the registration; it gets swClassic.js instead: offline and
 * updates, no reminders.
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

/** Registers the module worker, or the classic one where the browser refuses a module worker. */
async function register(url: string, classicUrl: string): Promise<ServiceWorkerRegistration> {
  try {
    return await navigator.serviceWorker.register(url, { scope: "./", type: "module" });
  } catch (error) {
    console.warn("module service worker refused; offline without reminders:", error);
    return navigator.serviceWorker.register(classicUrl, { scope: "./" });
  }
}

export function registerServiceWorker(url = "./sw.js", classicUrl = "./swClassic.js"): void {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (applying) location.reload();
  });
  register(url, classicUrl)
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
