/**
 * Disk quotas (sync-server/storageQuota.ts): a flood of new documents from one address, or of
 * changes into one document, or past the relay's total, stops being stored at the quota; the peer is
 * told why in the close reason, the relay logs it and keeps serving everyone else. The same suite
 * runs over the PostgreSQL store (`RELAY_TEST_STORE=postgres`, as .ci/run does).
 */
import { from, generateSyncMessage, initSyncState, receiveSyncMessage } from "@automerge/automerge";
import { cbor, generateAutomergeUrl, parseAutomergeUrl, type Repo } from "@automerge/automerge-repo";
import { afterEach, describe, expect, test } from "vitest";
import { WebSocket } from "ws";
import { appendUntilRefused, type FloodingClient, floodingClient as flood, noise } from "../helpers/floodingClient";
import { expectHealthySync, removeDir, startTestRelay, type TestRelay, waitFor } from "../helpers/relay";
import { documentQuotaBytes, isStored, storedBytes, storedDocuments } from "../helpers/relayStore";

const relays: TestRelay[] = [];
const repos: Repo[] = [];
afterEach(async () => {
  for (const repo of repos.splice(0)) await repo.shutdown().catch(() => {});
  for (const r of relays.splice(0)) {
    await r.close();
    removeDir(r.dataDir);
  }
});

async function start(options: Parameters<typeof startTestRelay>[0]): Promise<TestRelay> {
  const relay = await startTestRelay(options);
  relays.push(relay);
  return relay;
}

function floodingClient(url: string, name: string): FloodingClient {
  const client = flood(url, name);
  repos.push(client.repo);
  return client;
}

/**
 * Stores one new document through the relay from another local address (the stock client cannot
 * choose its source address): join, then the Automerge sync exchange by hand until the relay has it.
 */
async function storeOneFrom(relay: TestRelay, localAddress: string): Promise<void> {
  const ws = new WebSocket(relay.url, { localAddress });
  ws.on("error", () => {});
  const documentId = parseAutomergeUrl(generateAutomergeUrl()).documentId;
  let doc = from({ note: `from ${localAddress}` });
  let state = initSyncState();
  const senderId = `newcomer-${process.pid}`;
  let relayId: string | undefined;
  const send = () => {
    const [next, message] = generateSyncMessage(doc, state);
    state = next;
    if (message && relayId)
      ws.send(cbor.encode({ type: "sync", senderId, targetId: relayId, documentId, data: message }));
  };
  ws.on("message", (bytes: Buffer) => {
    const m = cbor.decode(bytes) as { type: string; senderId: string; data?: Uint8Array };
    if (m.type === "peer") relayId = m.senderId;
    else if (m.type === "sync" && m.data) [doc, state] = receiveSyncMessage(doc, state, m.data);
    send();
  });
  await new Promise((resolve) => ws.once("open", resolve));
  ws.send(
    cbor.encode({ type: "join", senderId, peerMetadata: { isEphemeral: true }, supportedProtocolVersions: ["1"] }),
  );
  await waitFor(
    () => (relay.repo.handles[documentId]?.doc() as { note?: string } | undefined)?.note === `from ${localAddress}`,
    { what: `the relay to take ${localAddress}'s document` },
  );
  await waitFor(() => isStored(relay, documentId), { what: `${localAddress}'s document stored` });
  ws.close();
}

describe("relay disk quotas", { timeout: 120_000 }, () => {
  test("a flood of new documents from one address: only the hourly allowance is stored, the peer is told", async () => {
    const relay = await start({ maxNewDocumentsPerHour: 5 });
    const { repo, closes } = floodingClient(relay.url, "flooder");
    for (let i = 0; i < 20; i++) repo.create({ junk: noise(1000), i });
    await waitFor(() => closes.some((c) => c.code === 1008), { what: "the relay to refuse the flooder" });
    expect(closes.find((c) => c.code === 1008)?.reason).toMatch(/storage quota: more than 5 new documents per hour/);
    // The stock client reconnects and tries again; the allowance holds.
    await waitFor(() => closes.filter((c) => c.code === 1008).length >= 2, { what: "a second refusal" });
    // The five allowed are saved after the save throttle; then there are exactly five.
    await waitFor(async () => (await storedDocuments(relay)) >= 5, { what: "the allowed documents to be saved" });
    expect(await storedDocuments(relay)).toBe(5);
    expect(relay.logs.some((l) => l.event === "storage.refused" && l.reason === "new-document-rate")).toBe(true);
    expect(relay.traffic.refusals.snapshot()["new-document-rate"]).toBeGreaterThanOrEqual(2);
    await repo.shutdown();
    // Someone at another address still stores a new document.
    await storeOneFrom(relay, "127.0.0.2");
  });

  test("a flood into one document stops at the document quota; the document stays readable", async () => {
    const quota = 256 * 1024;
    const relay = await start({ maxDocumentBytes: quota });
    const { repo, closes } = floodingClient(relay.url, "flooder");
    const handle = repo.create<{ junk: string[] }>({ junk: [] });
    await appendUntilRefused(handle, closes, 40);
    await waitFor(() => closes.some((c) => c.code === 1008), { what: "the relay to refuse the flood" });
    expect(closes.find((c) => c.code === 1008)?.reason).toMatch(/storage quota: this document is full/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(relay.repo.handles[handle.documentId]?.doc()?.junk.length).toBeGreaterThan(0);
    // While automerge-repo compacts, a new snapshot and the chunks it replaces are both on disk for a
    // moment; once the writes settle the document is within its quota (over PostgreSQL as the quota
    // measures it, `document_bytes`: see docs/deploy.md for rows left beside it).
    let measured = -1;
    await waitFor(
      async () => {
        measured = await documentQuotaBytes(relay, handle.documentId);
        return measured <= quota + 4096;
      },
      { what: "the document to settle within its quota", timeoutMs: 60_000 },
    ).catch((error: Error) => {
      throw new Error(`${error.message} (last measured: ${measured} bytes)`);
    });
    expect(relay.traffic.refusals.snapshot()["document-quota"]).toBeGreaterThanOrEqual(1);
    await repo.shutdown();
    await expectHealthySync(relay);
  });

  test("past the total quota nothing new is stored, and the peer is told the relay is full", async () => {
    const total = 200 * 1024;
    const relay = await start({ maxTotalBytes: total });
    const { repo, closes } = floodingClient(relay.url, "flooder");
    for (let i = 0; i < 30; i++) {
      repo.create({ junk: noise(15_000), i });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await waitFor(() => closes.some((c) => c.code === 1008), { what: "the relay to refuse the flood" });
    expect(closes.find((c) => c.code === 1008)?.reason).toMatch(/storage quota: the relay is full/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await storedBytes(relay)).toBeLessThanOrEqual(total + 4096);
    await repo.shutdown();
  });
});
