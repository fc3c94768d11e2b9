/**
 * A damaged store is served and repaired (sync-server/storageRepair.ts): a cut-short snapshot or
 * incremental file is moved aside with a log line, what is sound is served, a peer asking for a
 * document with nothing sound left is told `doc-unavailable` instead of waiting forever, and the
 * next full copy a device syncs rebuilds it, across restarts. No per-device sync state is written.
 */
import fs from "node:fs";
import path from "node:path";
import { save } from "@automerge/automerge";
import { type AutomergeUrl, type DocumentId, Repo } from "@automerge/automerge-repo";
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket";
import { NodeFSStorageAdapter } from "@automerge/automerge-repo-storage-nodefs";
import { afterEach, describe, expect, test } from "vitest";
import { makePeer, relayHolds, removeDir, startTestRelay, type TestRelay, tempDir, waitFor } from "../helpers/relay";

type Doc = { entries: string[] };

const dirs: string[] = [];
const relays: TestRelay[] = [];
afterEach(async () => {
  for (const r of relays.splice(0)) await r.close();
  for (const d of dirs.splice(0)) removeDir(d);
});

async function relayOn(dataDir: string): Promise<TestRelay> {
  const relay = await startTestRelay({ dataDir });
  relays.push(relay);
  return relay;
}

function newDataDir(): string {
  const dir = tempDir("pools-relay-repair-");
  dirs.push(dir);
  return dir;
}

const docDir = (dataDir: string, documentId: string) => path.join(dataDir, documentId.slice(0, 2), documentId.slice(2));

/** Files of one kind for a document, in the order a directory listing gives them. */
function chunkFiles(dataDir: string, documentId: string, kind: "snapshot" | "incremental"): string[] {
  const dir = path.join(docDir(dataDir, documentId), kind);
  return fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => path.join(dir, f)) : [];
}

function cutShort(file: string, keepBytes: number): void {
  fs.truncateSync(file, keepBytes);
}

/** Finds a document through a fresh stock client: its entries, or "unavailable" (bounded wait). */
async function lookUp(url: string, docUrl: AutomergeUrl): Promise<string[] | "unavailable"> {
  const reader = makePeer(url, "reader");
  try {
    const found = reader.find<Doc>(docUrl).then(
      (h) => [...h.doc().entries],
      (err: Error) => (/unavailable/i.test(err.message) ? ("unavailable" as const) : Promise.reject(err)),
    );
    const hang = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error("the client is still waiting after 15 s")), 15_000),
    );
    return await Promise.race([found, hang]);
  } finally {
    await reader.close();
  }
}

const entries = (who: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${who} ${i} ${Math.random().toString(36).slice(2)}`);

describe("relay storage: a damaged store is served and repaired", { timeout: 120_000 }, () => {
  test("a cut-short snapshot: the reader is told doc-unavailable, and a device's full copy rebuilds the document, across a restart", async () => {
    const dataDir = newDataDir();
    let relay = await relayOn(dataDir);
    const alice = makePeer(relay.url, "alice");
    const original = entries("alice", 50);
    const handle = alice.repo.create<Doc>({ entries: original });
    await waitFor(() => relayHolds(relay, handle), { what: "the relay to store alice's document" });
    const fullCopy = save(handle.doc());
    await alice.close();
    await relay.close();

    const [snapshot] = chunkFiles(dataDir, handle.documentId, "snapshot");
    expect(snapshot).toBeDefined();
    cutShort(snapshot as string, 40);

    relay = await relayOn(dataDir);
    expect(await lookUp(relay.url, handle.url)).toBe("unavailable");
    expect(relay.logs.some((l) => l.event === "storage.chunk-damaged" && l.documentId === handle.documentId)).toBe(
      true,
    );
    expect(fs.readdirSync(path.join(dataDir, ".damaged"))).toHaveLength(1);

    // Alice's phone still has the whole document and syncs it again.
    const phone = makePeer(relay.url, "alice-phone");
    const again = phone.repo.import<Doc>(fullCopy, { docId: handle.documentId as DocumentId });
    await phone.connected();
    await waitFor(() => relayHolds(relay, again), { what: "the relay to take the full copy" });
    await phone.close();
    await relay.close();

    relay = await relayOn(dataDir);
    expect(await lookUp(relay.url, handle.url)).toEqual(original);
  });

  test("a lost snapshot (its incremental changes left alone): doc-unavailable, then rebuilt from a device's full copy", async () => {
    const dataDir = newDataDir();
    let relay = await relayOn(dataDir);
    const alice = makePeer(relay.url, "alice");
    const handle = alice.repo.create<Doc>({ entries: entries("alice", 200) });
    await waitFor(() => relayHolds(relay, handle), { what: "the relay to store alice's document" });
    // On disk first: a change arriving before the first save would be written with it, as one snapshot.
    await waitFor(() => chunkFiles(dataDir, handle.documentId, "snapshot").length > 0, { what: "the snapshot file" });
    handle.change((d) => {
      d.entries.push("one more");
    });
    await waitFor(() => chunkFiles(dataDir, handle.documentId, "incremental").length > 0, {
      what: "an incremental file next to the snapshot",
    });
    const fullCopy = save(handle.doc());
    await alice.close();
    await relay.close();
    for (const file of chunkFiles(dataDir, handle.documentId, "snapshot")) fs.rmSync(file);

    relay = await relayOn(dataDir);
    expect(await lookUp(relay.url, handle.url)).toBe("unavailable");
    const phone = makePeer(relay.url, "alice-phone");
    const again = phone.repo.import<Doc>(fullCopy, { docId: handle.documentId as DocumentId });
    await phone.connected();
    await waitFor(() => relayHolds(relay, again), { what: "the relay to take the full copy" });
    await phone.close();
    await relay.close();
    relay = await relayOn(dataDir);
    expect(await lookUp(relay.url, handle.url)).toHaveLength(201);
  });

  test("a cut-short incremental file: moved aside and logged, every other device's changes still served", async () => {
    const dataDir = newDataDir();
    let relay = await relayOn(dataDir);
    const alice = makePeer(relay.url, "alice");
    const base = entries("alice", 300);
    const handle = alice.repo.create<Doc>({ entries: base });
    await waitFor(() => relayHolds(relay, handle), { what: "the base document on the relay" });
    const baseCopy = save(handle.doc());
    await alice.close();

    // Four people edit concurrently from the same base; each one's changes reach the relay alone.
    const added: Record<string, string[]> = {};
    for (const who of ["bob", "carol", "dave", "erin"]) {
      const peer = makePeer(relay.url, who);
      const copy = peer.repo.import<Doc>(baseCopy, { docId: handle.documentId as DocumentId });
      added[who] = entries(who, 5);
      copy.change((d) => {
        for (const e of added[who] ?? []) d.entries.push(e);
      });
      await peer.connected();
      await waitFor(() => relay.repo.handles[handle.documentId]?.doc()?.entries.includes(added[who]?.[4] ?? ""), {
        what: `${who}'s changes on the relay`,
      });
      await waitFor(() => chunkFiles(dataDir, handle.documentId, "incremental").length >= Object.keys(added).length, {
        what: `${who}'s changes on disk`,
      });
      await peer.close();
    }
    await relay.close();

    // Cut the incremental the relay reads first, so that a loader stopping at the damage loses the others.
    const [first] = chunkFiles(dataDir, handle.documentId, "incremental");
    cutShort(first as string, fs.statSync(first as string).size - 30);
    const damagedOwner = Object.keys(added).find((who) => {
      const bytes = fs.readFileSync(first as string).toString("latin1");
      return bytes.includes(who);
    });

    relay = await relayOn(dataDir);
    const served = await lookUp(relay.url, handle.url);
    expect(served).not.toBe("unavailable");
    for (const [who, mine] of Object.entries(added)) {
      if (who === damagedOwner) continue;
      for (const e of mine) expect(served).toContain(e);
    }
    for (const e of base) expect(served).toContain(e);
    expect(relay.logs.filter((l) => l.event === "storage.chunk-damaged")).toHaveLength(1);
    expect(fs.readdirSync(path.join(dataDir, ".damaged"))).toHaveLength(1);
  });

  test("a document the disk will not read: the reader is told doc-unavailable, nothing is deleted", async () => {
    const dataDir = newDataDir();
    let relay = await relayOn(dataDir);
    const alice = makePeer(relay.url, "alice");
    const handle = alice.repo.create<Doc>({ entries: entries("alice", 3) });
    await waitFor(() => relayHolds(relay, handle), { what: "the relay to store alice's document" });
    await alice.close();
    await relay.close();

    // Its snapshot directory becomes a file: listing it fails with ENOTDIR, as an I/O error would.
    const snapshots = path.join(docDir(dataDir, handle.documentId), "snapshot");
    fs.renameSync(snapshots, `${snapshots}-kept`);
    fs.writeFileSync(snapshots, "not a directory");

    relay = await relayOn(dataDir);
    expect(await lookUp(relay.url, handle.url)).toBe("unavailable");
    expect(relay.logs.some((l) => l.event === "storage.load-failed")).toBe(true);
    expect(fs.readdirSync(`${snapshots}-kept`)).toHaveLength(1);
  });

  test("sync states an older relay left (one file per device per document) are removed at start", async () => {
    const dataDir = newDataDir();
    const legacy = path.join(dataDir, "2j", "iWHQ2TWFkTwq6Fe7ByM9UAEq8U", "sync-state");
    fs.mkdirSync(legacy, { recursive: true });
    fs.writeFileSync(path.join(legacy, "5f1e8c3a-device"), "x");
    await relayOn(dataDir);
    expect(fs.existsSync(legacy)).toBe(false);
  });

  test("no per-device sync state reaches the disk (it would link one device across its pools)", async () => {
    const dataDir = newDataDir();
    const relay = await relayOn(dataDir);
    // A device with its own storage announces a storageId and is not ephemeral: a stock relay
    // would save a sync state for it, per document.
    const deviceDir = newDataDir();
    const adapter = new WebSocketClientAdapter(relay.url, 1000);
    const device = new Repo({ network: [adapter], storage: new NodeFSStorageAdapter(deviceDir) });
    const handle = device.create<Doc>({ entries: entries("alice", 3) });
    await waitFor(() => relayHolds(relay, handle), { what: "the relay to store the device's document" });
    handle.change((d) => {
      d.entries.push("one more");
    });
    await waitFor(() => relayHolds(relay, handle), { what: "the relay to store the change" });
    await new Promise((resolve) => setTimeout(resolve, 300)); // past automerge-repo's 100 ms save throttle
    await device.shutdown();
    await relay.close();

    const all = fs.readdirSync(dataDir, { recursive: true }).map(String);
    expect(all.filter((p) => p.includes("sync-state"))).toEqual([]);
  });
});
