/**
 * What an operator runs and reads: /health that tells strangers nothing but "ok", Prometheus
 * metrics on a port of their own, every setting in the startup log, no client addresses in logs.
 */
import { afterEach, describe, expect, test } from "vitest";
import { loadConfig } from "../../sync-server/config";
import {
  expectHealthySync,
  httpGet,
  makePeer,
  rawClient,
  removeDir,
  startTestRelay,
  type TestRelay,
  tempDir,
  waitFor,
} from "../helpers/relay";
import { spawnRelay } from "../helpers/relayProcess";

const relays: TestRelay[] = [];
afterEach(async () => {
  for (const r of relays.splice(0)) {
    await r.close();
    removeDir(r.dataDir);
  }
});

async function start(options: Parameters<typeof startTestRelay>[0] = {}): Promise<TestRelay> {
  const relay = await startTestRelay(options);
  relays.push(relay);
  return relay;
}

/** One sample's value from the Prometheus text format. */
function sample(text: string, name: string, labels = ""): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${name}${labels} `));
  return line === undefined ? undefined : Number(line.split(" ")[1]);
}

describe("relay operations", { timeout: 60_000 }, () => {
  test("/health body is exactly ok, with a peer connected and documents stored", async () => {
    const relay = await start();
    const alice = makePeer(relay.url, "alice");
    const handle = alice.repo.create({ note: "hello" });
    await alice.connected();
    await waitFor(() => relay.repo.handles[handle.documentId]?.isReady(), { what: "the relay to hold it" });
    const res = await httpGet(`${relay.httpUrl}/health`);
    expect(res.status).toBe(200);
    expect(res.text).toBe("ok");
    await alice.close();
  });

  test("metrics on their own port: connections, documents, bytes stored, refusals by reason, message latency", async () => {
    const relay = await start({ metricsPort: 0 });
    expect(relay.metricsUrl).toBeDefined();
    const metricsUrl = new URL(relay.metricsUrl as string);
    expect(metricsUrl.port).not.toBe(String(relay.port));
    // Not on the public port.
    expect((await httpGet(`${relay.httpUrl}/metrics`)).text).not.toMatch(/pools_relay_/);

    const alice = makePeer(relay.url, "alice");
    const handle = alice.repo.create({ note: "hello" });
    await alice.connected();
    await waitFor(() => relay.repo.handles[handle.documentId]?.isReady(), { what: "the relay to hold it" });
    const stranger = await rawClient(relay.url);
    stranger.ws.send(Buffer.from("not cbor"), { binary: false });
    await stranger.closed;

    const text = await waitFor(
      async () => {
        const body = (await httpGet(relay.metricsUrl as string)).text;
        return (sample(body, "pools_relay_stored_bytes") ?? 0) > 0 ? body : undefined;
      },
      { what: "stored bytes in the metrics" },
    );
    expect(sample(text, "pools_relay_connections")).toBe(1);
    expect(sample(text, "pools_relay_documents_in_memory")).toBeGreaterThanOrEqual(1);
    expect(sample(text, "pools_relay_documents_stored")).toBe(1);
    expect(sample(text, "pools_relay_refusals_total", '{reason="bad-frame"}')).toBe(1);
    expect(sample(text, "pools_relay_refusals_total", '{reason="document-quota"}')).toBe(0);
    expect(sample(text, "pools_relay_message_seconds_count", '{stage="handle"}')).toBeGreaterThan(0);
    expect(sample(text, "pools_relay_message_seconds_count", '{stage="disk-wait"}')).toBeGreaterThan(0);
    expect(text).toMatch(/pools_relay_process_resident_memory_bytes/);
    expect(text).not.toContain(handle.documentId);
    await alice.close();
  });

  test("the startup log lists every setting; client addresses stay out of the logs unless asked", async () => {
    const relay = await start();
    const start_ = relay.logs.find((l) => l.event === "relay.start");
    expect(start_?.storageQuotas).toEqual({
      maxDocumentBytes: 64 * 1024 * 1024,
      maxTotalBytes: 10 * 1024 * 1024 * 1024,
      maxNewDocumentsPerHour: 100,
    });
    expect(start_?.metrics).toBe("off");
    await expectHealthySync(relay);
    const aboutClients = relay.logs.filter((l) => l.event !== "relay.start");
    expect(aboutClients.some((l) => l.event === "connection.open")).toBe(true);
    expect(JSON.stringify(aboutClients)).not.toContain("127.0.0.1");
  });

  test("npm run relay: the environment reaches the relay, the startup log says so, metrics answer", async () => {
    const dataDir = tempDir("pools-relay-ops-");
    const relay = await spawnRelay({ DATA_DIR: dataDir, METRICS_PORT: "0", MAX_DOCUMENT_BYTES: "1048576" });
    try {
      const started = relay.logs.find((l) => l.event === "relay.start");
      expect(started?.storageQuotas).toMatchObject({ maxDocumentBytes: 1_048_576 });
      expect(String(started?.metrics)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      expect((await httpGet(String(started?.metrics))).text).toMatch(/pools_relay_connections 0/);
      expect((await httpGet(`${relay.httpUrl}/health`)).text).toBe("ok");
    } finally {
      relay.child.kill("SIGTERM");
      await relay.exited;
      removeDir(dataDir);
    }
  });

  test("storage and metrics settings come from the environment, and bad values stop the start", () => {
    const config = loadConfig(
      {
        MAX_DOCUMENT_BYTES: "1048576",
        MAX_TOTAL_BYTES: "2097152",
        MAX_NEW_DOCUMENTS_PER_HOUR: "7",
        METRICS_PORT: "9464",
      },
      "/srv",
    );
    expect(config).toMatchObject({
      maxDocumentBytes: 1_048_576,
      maxTotalBytes: 2_097_152,
      maxNewDocumentsPerHour: 7,
      metricsPort: 9464,
      metricsHost: "127.0.0.1",
    });
    expect(loadConfig({}, "/srv").metricsPort).toBeUndefined();
    expect(() => loadConfig({ MAX_DOCUMENT_BYTES: "lots", METRICS_PORT: "-1" }, "/srv")).toThrow(
      /MAX_DOCUMENT_BYTES[\s\S]*METRICS_PORT/,
    );
  });
});
