/**
 * Document storage on the local file system: the stock NodeFSStorageAdapter layout and reads,
 * with writes that are atomic and keys that cannot leave the data directory.
 *
 * - Atomic: the stock adapter writes a chunk in place (`writeFile`), so a kill in the middle of a
 *   write, or two saves of the same chunk racing, can leave a truncated file. Here each write goes
 *   to a temporary file that is then renamed over the target, so a chunk file is always whole.
 *   Temporary files live in `<dataDir>/.tmp`, outside every document's directory, and leftovers
 *   from a killed process are removed at start.
 * - Contained: a key component that could name another path (`..`, a separator) is refused.
 *   Document ids are base58 and the frame guard checks peers' storage ids, so this is a second wall.
 * - Durable against a killed process, not against power loss: no fsync (the OS holds the data).
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Chunk, StorageAdapterInterface, StorageKey } from "@automerge/automerge-repo";
import { NodeFSStorageAdapter } from "@automerge/automerge-repo-storage-nodefs";
import type { Logger } from "./log";

const TMP = ".tmp";

export class DurableFSStorage implements StorageAdapterInterface {
  readonly #dir: string;
  readonly #tmpDir: string;
  readonly #inner: NodeFSStorageAdapter;
  readonly #log: Logger;
  readonly #prefix = `${process.pid}-${randomBytes(4).toString("hex")}`;
  #seq = 0;
  /** Writes and removals in progress (automerge-repo starts some on its own timers). */
  readonly #inFlight = new Set<Promise<void>>();
  #closed = false;

  private constructor(dir: string, log: Logger) {
    this.#dir = dir;
    this.#tmpDir = path.join(dir, TMP);
    this.#inner = new NodeFSStorageAdapter(dir);
    this.#log = log;
  }

  /** Creates the data directory if needed and clears temporary files a killed relay left behind. */
  static async open(dir: string, log: Logger): Promise<DurableFSStorage> {
    const storage = new DurableFSStorage(path.resolve(dir), log);
    await fs.promises.rm(storage.#tmpDir, { recursive: true, force: true });
    await fs.promises.mkdir(storage.#tmpDir, { recursive: true });
    return storage;
  }

  async load(key: StorageKey): Promise<Uint8Array | undefined> {
    return this.#safe(key, "load") ? this.#inner.load(key) : undefined;
  }

  async loadRange(keyPrefix: StorageKey): Promise<Chunk[]> {
    return this.#safe(keyPrefix, "loadRange") ? this.#inner.loadRange(keyPrefix) : [];
  }

  remove(key: StorageKey): Promise<void> {
    return this.#track(async () => {
      if (this.#safe(key, "remove")) await this.#inner.remove(key);
    });
  }

  removeRange(keyPrefix: StorageKey): Promise<void> {
    return this.#track(async () => {
      if (this.#safe(keyPrefix, "removeRange")) await this.#inner.removeRange(keyPrefix);
    });
  }

  save(key: StorageKey, data: Uint8Array): Promise<void> {
    return this.#track(() => this.#save(key, data));
  }

  /**
   * Waits for writes in progress, then refuses further ones (shutdown calls this after its final
   * flush: automerge-repo may still re-save on its own timer, but everything is already on disk).
   */
  async close(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
    this.#closed = true;
  }

  #track(operation: () => Promise<void>): Promise<void> {
    if (this.#closed) {
      this.#log.debug("storage.write-after-close");
      return Promise.resolve();
    }
    const running = operation();
    this.#inFlight.add(running);
    const done = () => this.#inFlight.delete(running);
    running.then(done, done);
    return running;
  }

  async #save(key: StorageKey, data: Uint8Array): Promise<void> {
    if (!this.#safe(key, "save")) return;
    const target = this.#filePath(key);
    const tmp = path.join(this.#tmpDir, `${this.#prefix}-${++this.#seq}`);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    try {
      await fs.promises.writeFile(tmp, data);
      await fs.promises.rename(tmp, target);
    } catch (err) {
      await fs.promises.rm(tmp, { force: true }).catch(() => {});
      throw err;
    }
  }

  /** The stock adapter's layout: `<dir>/<first 2 chars>/<rest of first key>/<other keys…>`. */
  #filePath([first = "", ...rest]: StorageKey): string {
    return path.join(this.#dir, first.slice(0, 2), first.slice(2), ...rest);
  }

  #safe(key: StorageKey, op: string): boolean {
    const ok =
      key.length > 0 &&
      (key[0]?.length ?? 0) >= 3 &&
      key.every((part) => part.length > 0 && part !== "." && part !== ".." && !/[/\\\0]/.test(part)) &&
      !key[0]?.startsWith("."); // keeps keys out of .tmp
    if (!ok) this.#log.error("storage.unsafe-key", { op, key: key.map((k) => k.slice(0, 80)) });
    return ok;
  }
}
