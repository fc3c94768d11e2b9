/**
 * `GET /health`: for load balancers and container health checks. It says `ok` (200) and nothing
 * else, `stopping` (503) during shutdown: no counts, no version, nothing a stranger could use to
 * size or fingerprint the relay. Operators read those from the metrics port (metrics.ts).
 */
import fs from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";

export function handleHealth(req: IncomingMessage, res: ServerResponse, accepting: () => boolean): void {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { Allow: "GET, HEAD", "Content-Type": "text/plain; charset=utf-8" });
    res.end("Method Not Allowed\n");
    return;
  }
  const ok = accepting();
  const body = ok ? "ok" : "stopping";
  res.writeHead(ok ? 200 : 503, {
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    "Cache-Control": "no-store",
  });
  res.end(body);
}

/** The app's version from package.json next to sync-server/, or "unknown" (for the startup log). */
export function readVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      version?: unknown;
    };
    return typeof pkg.version === "string" ? pkg.version : "unknown";
  } catch {
    return "unknown";
  }
}
