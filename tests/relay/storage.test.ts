import fs from "node:fs";
import path from "node:path";
import { change, from, getHeads, save, saveSince } from "@automerge/automerge";
import { NodeFSStorageAdapter } from "@automerge/automerge-repo-storage-nodefs";
import { afterEach, describe, expect, test } from "vitest";
import { createLogger } from "../../sync-server/log";
import { DurableFSStorage } from "../../sync-server/storage";
import { checkChunks } from "../../sync-server/storageChunks";
import { removeDir, tempDir } from "../helpers/relay";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

function dataDir(): string {
  const d = tempDir("pools-relay-storage-");
  dirs.push(d);
  return path.join(d, "data");
}

describe("relay storage", () => {
  test("uses the stock NodeFS layout, so either adapter reads the other's data", async () => {
    const dir = dataDir();
    const ours = await DurableFSStorage.open(dir, createLogger("silent"));
    const bytes = new Uint8Array([1, 2, 3]);
    await ours.save(["2jiWHQ2TWFkTwq6Fe7ByM9UAEq8U", "incremental", "abc"], bytes);
    const stock = new NodeFSStorageAdapter(dir);
    expect(await stock.load(["2jiWHQ2TWFkTwq6Fe7ByM9UAEq8U", "incremental", "abc"])).toEqual(bytes);
    await stock.save(["2jiWHQ2TWFkTwq6Fe7ByM9UAEq8U", "snapshot", "def"], new Uint8Array([4]));
    const range = await ours.loadRange(["2jiWHQ2TWFkTwq6Fe7ByM9UAEq8U"]);
    expect(range.map((c) => c.key.join("/")).sort()).toEqual([
      "2jiWHQ2TWFkTwq6Fe7ByM9UAEq8U/incremental/abc",
      "2jiWHQ2TWFkTwq6Fe7ByM9UAEq8U/snapshot/def",
    ]);
  });

  test("writes leave no temporary files behind, and leftovers from a killed relay are cleared at open", async () => {
    const dir = dataDir();
    const ours = await DurableFSStorage.open(dir, createLogger("silent"));
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        ours.save(["2jiWHQ2TWFkTwq6Fe7ByM9UAEq8U", "incremental", `k${i}`], new Uint8Array([i])),
      ),
    );
    expect(fs.readdirSync(path.join(dir, ".tmp"))).toEqual([]);
    fs.writeFileSync(path.join(dir, ".tmp", "123-half-written"), "x");
    await DurableFSStorage.open(dir, createLogger("silent"));
    expect(fs.readdirSync(path.join(dir, ".tmp"))).toEqual([]);
  });

  test("refuses keys that would leave the data directory, and logs them", async () => {
    const dir = dataDir();
    const lines: string[] = [];
    const ours = await DurableFSStorage.open(
      dir,
      createLogger("error", (l) => lines.push(l)),
    );
    await ours.save(["2jiWHQ2TWFkTwq6Fe7ByM9UAEq8U", "sync-state", "../../../../escaped"], new Uint8Array([1]));
    await ours.save(["2jiWHQ2TWFkTwq6Fe7ByM9UAEq8U", "sync-state", ".."], new Uint8Array([1]));
    expect(await ours.load([".tmp", "x"])).toBeUndefined();
    expect(fs.existsSync(path.join(dir, "..", "escaped"))).toBe(false);
    expect(lines.filter((l) => l.includes("storage.unsafe-key"))).toHaveLength(3);
  });

  test("a stored file is whole only if every Automerge chunk in it is complete and matches its checksum", () => {
    let doc = from<{ entries: string[] }>({ entries: [] });
    const snapshot = save(doc);
    const heads = getHeads(doc);
    for (let i = 0; i < 20; i++) {
      doc = change(doc, (d) => {
        d.entries.push(`entry ${i}`);
      });
    }
    const incremental = saveSince(doc, heads); // 20 change chunks back to back
    expect(checkChunks(snapshot)).toEqual({ validBytes: snapshot.byteLength });
    expect(checkChunks(incremental)).toEqual({ validBytes: incremental.byteLength });

    const cut = checkChunks(incremental.slice(0, incremental.byteLength - 10));
    expect(cut.problem).toMatch(/truncated/);
    expect(cut.validBytes).toBeGreaterThan(0); // the whole changes before the cut one
    expect(checkChunks(incremental.slice(0, cut.validBytes))).toEqual({ validBytes: cut.validBytes });

    const flipped = new Uint8Array(snapshot);
    flipped[flipped.length - 3] = (flipped[flipped.length - 3] ?? 0) ^ 0x01;
    expect(checkChunks(flipped)).toMatchObject({ validBytes: 0, problem: expect.stringMatching(/checksum/) });
    expect(checkChunks(new TextEncoder().encode('{"not":"automerge"}')).problem).toMatch(/not an Automerge chunk/);
    expect(checkChunks(new Uint8Array()).problem).toMatch(/empty/);
  });
});
