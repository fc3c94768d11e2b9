/**
 * automerge-repo's own definition of a correct storage adapter, run against the relay's file store.
 */
import path from "node:path";
import { runStorageAdapterTests } from "@automerge/automerge-repo/helpers/tests/storage-adapter-tests.js";
import { describe } from "vitest";
import { createLogger } from "../../sync-server/log";
import { DurableFSStorage } from "../../sync-server/storage";
import { removeDir, tempDir } from "../helpers/relay";

describe("relay file store: automerge-repo storage adapter acceptance", () => {
  runStorageAdapterTests(async () => {
    const dir = tempDir("pools-relay-acceptance-");
    const adapter = await DurableFSStorage.open(path.join(dir, "data"), createLogger("silent"));
    return { adapter, teardown: () => removeDir(dir) };
  }, "DurableFSStorage");
});
