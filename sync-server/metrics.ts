/**
 * Prometheus metrics for operators, on their own port (METRICS_PORT, off by default), never on the
 * public one: `GET /metrics` in the Prometheus text format (prom-client).
 *
 * | metric                                    | what                                                   |
 * | ----------------------------------------- | ------------------------------------------------------ |
 * | `pools_relay_connections`                 | open websocket connections                             |
 * | `pools_relay_peers`                       | connections that have joined                           |
 * | `pools_relay_documents_in_memory`         | documents the relay holds in memory                    |
 * | `pools_relay_documents_stored`            | documents with bytes on disk                           |
 * | `pools_relay_stored_bytes`                | bytes of documents on disk                             |
 * | `pools_relay_refusals_total{reason}`      | refused or dropped, by reason (every reason listed)    |
 * | `pools_relay_message_seconds{stage}`      | `handle`: time to apply one incoming message;          |
 * |                                           | `disk-wait`: time an outgoing message waited for disk  |
 * | `pools_relay_process_*`, `…_nodejs_*`     | prom-client's process metrics (memory, CPU, event loop)|
 *
 * No metric carries a document id, peer id or client address.
 */
import http from "node:http";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { Logger } from "./log";
import type { RefusalCounter } from "./traffic/refusals";

export interface MetricsSource {
  connections(): number;
  peers(): number;
  documentsInMemory(): number;
  documentsStored(): number;
  storedBytes(): number;
  refusals: RefusalCounter;
}

export class RelayMetrics {
  readonly registry = new Registry();
  readonly #latency: Histogram<"stage">;

  constructor(source: MetricsSource) {
    const registers = [this.registry];
    const gauge = (name: string, help: string, read: () => number) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(read());
        },
      });
    gauge("pools_relay_connections", "Open websocket connections.", source.connections);
    gauge("pools_relay_peers", "Connections that have joined as a peer.", source.peers);
    gauge("pools_relay_documents_in_memory", "Documents held in memory.", source.documentsInMemory);
    gauge("pools_relay_documents_stored", "Documents with bytes on disk.", source.documentsStored);
    gauge("pools_relay_stored_bytes", "Bytes of documents on disk.", source.storedBytes);
    const refusals = new Counter({
      name: "pools_relay_refusals_total",
      help: "Messages or connections refused or dropped, by reason.",
      labelNames: ["reason"],
      registers,
    });
    for (const [reason, count] of Object.entries(source.refusals.snapshot())) refusals.inc({ reason }, count);
    source.refusals.on("refusal", (reason) => refusals.inc({ reason }));
    this.#latency = new Histogram({
      name: "pools_relay_message_seconds",
      help: "handle: time to apply one incoming message; disk-wait: time an outgoing message waited for its document to be on disk.",
      labelNames: ["stage"],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    collectDefaultMetrics({ register: this.registry, prefix: "pools_relay_" });
  }

  observe(stage: "handle" | "disk-wait", seconds: number): void {
    this.#latency.observe({ stage }, seconds);
  }
}

/** Serves `GET /metrics` on its own port; resolves with the server once listening. */
export async function serveMetrics(
  metrics: RelayMetrics,
  port: number,
  host: string,
  log: Logger,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if ((req.url ?? "").split("?")[0] !== "/metrics" || (req.method !== "GET" && req.method !== "HEAD")) {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("Not Found\n");
      return;
    }
    metrics.registry.metrics().then(
      (body) => res.writeHead(200, { "Content-Type": metrics.registry.contentType }).end(body),
      (err: unknown) => {
        log.error("metrics.failed", { error: err });
        res.writeHead(500).end();
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  server.on("error", (err) => log.error("metrics.error", { error: err }));
  const address = server.address();
  const boundPort = typeof address === "object" && address !== null ? address.port : port;
  const hostInUrl = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${hostInUrl}:${boundPort}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
