/**
 * Headers on every HTTP response of the relay (docs/rules.md §10 "HTTP"): the app may run only its own
 * scripts (plus compiling Automerge's wasm), talk only to its own origin and the relay's
 * websocket on the same host, and never be framed (no clickjacking of a vote button). The app
 * needs nothing more (QR codes are inline SVG): tests/e2e/csp.test.ts runs it in Chromium under
 * this policy and fails on any violation.
 *
 * The websocket origins come from the request's Host: behind a TLS proxy the app is served on the
 * public host and connects to `wss://` that same host. A Host that is not a plain host[:port]
 * (something a proxy would never pass on) gets `'self'` alone, never text copied into a header.
 */
import type { IncomingMessage } from "node:http";

const HOST = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::[0-9]{1,5})?$/i;

export function contentSecurityPolicy(host: string | undefined): string {
  const sockets = host !== undefined && HOST.test(host) ? ` ws://${host} wss://${host}` : "";
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    // The screens set a few styles as attributes (Solid writes static `style` props into its
    // templates). A style attribute cannot run script; <style> elements and other sheets stay
    // limited to the app's own files.
    "style-src 'self'",
    "style-src-attr 'unsafe-inline'",
    `connect-src 'self'${sockets}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function securityHeaders(req: IncomingMessage): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(req.headers.host),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
  };
}
