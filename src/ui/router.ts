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

if (typeof window !== "undefined") {
  window.addEventListener("hashchange", () => {
    setRoute(parse(location.hash));
    window.scrollTo(0, 0);
  });
}

export { route };

export function href(...segments: string[]): string {
  return `#/${segments.map(encodeURIComponent).join("/")}`;
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) {
    history.replaceState(null, "", to);
    setRoute(parse(location.hash));
  } else location.hash = to.replace(/^#/, "");
}
