/**
 * `GET /health`: a small JSON status for load balancers and humans.
 * `{ ok, uptime (s), peers (joined), connections (open sockets), documents (in memory), version }`
 */
import fs from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";

export interface HealthSource {
  peers(): number;
  connections(): number;
  documents(): number;
  /** False while shutting down. */
  accepting(): boolean;
}

export function handleHealth(
  req: IncomingMessage,
  res: ServerResponse,
  source: HealthSource,
  version: string,
  startedAt: number,
): void {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { Allow: "GET, HEAD", "Content-Type": "text/plain; charset=utf-8" });
    res.end("Method Not Allowed\n");
    return;
  }
  const ok = source.accepting();
  const body = JSON.stringify({
    ok,
    uptime: Math.round((Date.now() - startedAt) / 100) / 10,
    peers: source.peers(),
    connections: source.connections(),
    documents: source.documents(),
    version,
  });
  res.writeHead(ok ? 200 : 503, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    "Cache-Control": "no-store",
  });
  res.end(body);
}

/** The app's version from package.json next to sync-server/, or "unknown". */
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
