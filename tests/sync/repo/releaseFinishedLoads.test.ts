/**
 * automerge-repo 2.5.6 keeps every document it ever loaded from storage (its loads race a
 * promise that never settles): an app that opens pools again and again, or a relay that evicts
 * documents, never gets their memory back. These tests hold the repos to letting go.
 */
import type { AutomergeUrl } from "@automerge/automerge-repo/slim";
import { describe, expect, test } from "vitest";
import { createNodeRepo } from "../../../src/sync/repo/createNodeRepo.ts";
import { MemoryStorageAdapter } from "../../../src/sync/repo/memoryStorage.ts";
import { stillAlive } from "../../helpers/garbage.ts";

type Note = { note: string; pad: string };

async function storedDocument(): Promise<{ storage: MemoryStorageAdapter; url: AutomergeUrl }> {
  const storage = new MemoryStorageAdapter();
  const writer = createNodeRepo({ storage });
  const handle = writer.repo.create<Note>({ note: "kept on disk", pad: "x".repeat(10_000) });
  await writer.shutdown();
  return { storage, url: handle.url };
}

describe("documents loaded from storage are let go of", () => {
  test("a repo that is shut down and dropped keeps none of the documents it loaded", async () => {
    const { storage, url } = await storedDocument();
    const loaded: WeakRef<object>[] = [];
    const open = async () => {
      const device = createNodeRepo({ storage });
      const handle = await device.repo.find<Note>(url);
      expect(handle.doc().note).toBe("kept on disk");
      loaded.push(new WeakRef(handle.doc()), new WeakRef(handle), new WeakRef(device.repo));
      await device.shutdown();
    };
    for (let i = 0; i < 3; i++) await open();
    expect(await stillAlive(loaded)).toEqual([]);
  });
});
