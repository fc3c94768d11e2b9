/**
 * Hash routes (`#/pool/<id>/ledger`), so the app works from any static host and an invite link
 * (`#/join?...`) never sends its secret to a server.
 */
import { createSignal } from "solid-js";

export interface Route {
  /** Path segments after `#/`. */
  path: string[];
  query: URLSearchParams;
  /** The whole hash, for screens that read their own link (the invite). */
  hash: string;
}

function parse(hash: string): Route {
  const body = hash.replace(/^#\/?/, "");
  const q = body.indexOf("?");
  const pathPart = q < 0 ? body : body.slice(0, q);
  const path = pathPart.split("/").filter(Boolean).map(decodeURIComponent);
  return { path, query: new URLSearchParams(q < 0 ? "" : body.slice(q + 1)), hash };
}

const [route, setRoute] = createSignal<Route>(parse(typeof location === "undefined" ? "" : location.hash));

/**
 * After a screen change, focus goes to the new screen's heading (its one h1), so a screen
 * reader says where the person is and the next Tab starts from there, not from the top.
 */
function focusHeading(): void {
  requestAnimationFrame(() => {
    const h1 = document.querySelector<HTMLElement>("h1");
    if (!h1) return;
    if (!h1.hasAttribute("tabindex")) h1.setAttribute("tabindex", "-1");
    h1.focus({ preventScroll: true });
  });
}

function changeRoute(): void {
  setRoute(parse(location.hash));
  window.scrollTo(0, 0);
  focusHeading();
}

if (typeof window !== "undefined") window.addEventListener("hashchange", changeRoute);

export { route };

export function href(...segments: string[]): string {
  return `#/${segments.map(encodeURIComponent).join("/")}`;
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) {
    history.replaceState(null, "", to);
    setRoute(parse(location.hash));
    focusHeading();
  } else location.hash = to.replace(/^#/, "");
}
