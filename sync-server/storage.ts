/**
 * Document storage on the local file system, in the stock NodeFSStorageAdapter layout
 * (`<dir>/<first 2 chars>/<rest of first key>/<other keys…>`, so either adapter reads the other's
 * data), with writes that survive a crash and keys that cannot leave the data directory.
 *
 * - Durable: each write goes to a temporary file, which is fsynced, renamed over the target, and
 *   the directory fsynced: a chunk file is always whole, even after a power cut. Temporary files
 *   live in `<dataDir>/.tmp`, outside every document's directory; leftovers are removed at start.
 * - Contained: a key component that could name another path (`..`, a separator, a leading dot) is
 *   refused. Document ids are base58 and the frame guard checks peers' storage ids: a second wall.
 * - Counted: the bytes stored per document and in all (`usage`) are known without a disk scan, for
 *   quotas and metrics; they are read once at open.
 * - Listed in write order: `loadRange` returns chunks oldest first (by modification time, ties
 *   broken by the order of writes in this run).
 *
 * What the relay stores and refuses (sync states, damaged chunks, quotas) is `storagePolicy.ts`.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Chunk, StorageAdapterInterface, StorageKey } from "@automerge/automerge-repo";
import type { Logger } from "./log";
import { listFiles, sizeOf, syncDirectory, writeFileDurably } from "./storageFiles";
import { StorageUsage } from "./storageUsage";

const TMP = ".tmp";
/** Where damaged chunks are moved aside (never read by the relay again; for the operator). */
export const DAMAGED = ".damaged";

export class DurableFSStorage implements StorageAdapterInterface {
  readonly dir: string;
  readonly usage = new StorageUsage();
  readonly #tmpDir: string;
  readonly #log: Logger;
  readonly #prefix = `${process.pid}-${randomBytes(4).toString("hex")}`;
  #seq = 0;
  /**
   * Write order of keys written in this run: file times are coarse (a few ms), so writes close
   * together tie; this breaks the tie. Bounded: cleared when large (order then falls back to time).
   */
  readonly #written = new Map<string, number>();
  /** Writes and removals in progress (automerge-repo starts some on its own timers). */
  readonly #inFlight = new Set<Promise<void>>();
  #closed = false;

  private constructor(dir: string, log: Logger) {
    this.dir = dir;
    this.#tmpDir = path.join(dir, TMP);
    this.#log = log;
  }

  /**
   * Creates the data directory if needed, clears leftover temporary files, counts what is stored.
   * @param onKey sees every stored key found by that one scan (so callers need not list again)
   */
  static async open(dir: string, log: Logger, onKey?: (key: StorageKey) => void): Promise<DurableFSStorage> {
    const storage = new DurableFSStorage(path.resolve(dir), log);
    await fs.promises.rm(storage.#tmpDir, { recursive: true, force: true });
    await fs.promises.mkdir(storage.#tmpDir, { recursive: true });
    for (const { key, size } of await storage.#list([])) {
      storage.usage.add(key[0] ?? "", size);
      onKey?.(key);
    }
    return storage;
  }

  async load(key: StorageKey): Promise<Uint8Array | undefined> {
    if (!this.#safe(key, "load")) return undefined;
    try {
      return new Uint8Array(await fs.promises.readFile(this.#filePath(key)));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT" || (err as NodeJS.ErrnoException).code === "EISDIR")
        return undefined;
      throw err;
    }
  }

  async loadRange(keyPrefix: StorageKey): Promise<Chunk[]> {
    if (!this.#safe(keyPrefix, "loadRange")) return [];
    const listed = await this.#list(keyPrefix);
    const chunks = await Promise.all(listed.map(async ({ key }) => ({ key, data: await this.load(key) })));
    return chunks.filter((c) => c.data !== undefined);
  }

  save(key: StorageKey, data: Uint8Array): Promise<void> {
    return this.#track(() => this.#save(key, data));
  }

  remove(key: StorageKey): Promise<void> {
    return this.#track(async () => {
      if (!this.#safe(key, "remove")) return;
      const file = this.#filePath(key);
      const size = await sizeOf(file);
      await fs.promises.rm(file, { force: true });
      this.usage.add(key[0] ?? "", -size);
      this.#written.delete(key.join("/"));
    });
  }

  removeRange(keyPrefix: StorageKey): Promise<void> {
    return this.#track(async () => {
      if (!this.#safe(keyPrefix, "removeRange")) return;
      for (const { key, size } of await this.#list(keyPrefix)) {
        await fs.promises.rm(this.#filePath(key), { force: true });
        this.usage.add(key[0] ?? "", -size);
        this.#written.delete(key.join("/"));
      }
      // The emptied directory too, unless something was written into it meanwhile.
      await fs.promises.rmdir(this.#filePath(keyPrefix)).catch(() => {});
    });
  }

  /** Moves a stored chunk to `<dir>/.damaged/`, out of the document; returns where it went. */
  moveAside(key: StorageKey): Promise<string | undefined> {
    let moved: string | undefined;
    return this.#track(async () => {
      if (!this.#safe(key, "moveAside")) return;
      const file = this.#filePath(key);
      const size = await sizeOf(file);
      const aside = path.join(this.dir, DAMAGED, `${new Date().toISOString().replace(/[:.]/g, "-")}-${key.join("~")}`);
      await fs.promises.mkdir(path.dirname(aside), { recursive: true });
      try {
        await fs.promises.rename(file, aside);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return; // removed meanwhile: nothing to move
        throw err;
      }
      await syncDirectory(path.dirname(file));
      this.usage.add(key[0] ?? "", -size);
      moved = aside;
    }).then(() => moved);
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
    const before = await sizeOf(target);
    try {
      await writeFileDurably(tmp, target, data);
    } catch (err) {
      await fs.promises.rm(tmp, { force: true }).catch(() => {});
      throw err;
    }
    this.usage.add(key[0] ?? "", data.byteLength - before);
    if (this.#written.size >= 100_000) this.#written.clear();
    this.#written.set(key.join("/"), this.#seq);
  }

  /** Stored keys under a prefix, oldest write first. */
  async #list(keyPrefix: StorageKey): Promise<Array<{ key: StorageKey; size: number }>> {
    const base = keyPrefix.length === 0 ? this.dir : this.#filePath(keyPrefix);
    const files = await listFiles(base);
    const keyed = files
      .map((f) => ({ ...f, parts: path.relative(this.dir, f.file).split(path.sep) }))
      .filter(({ parts }) => parts.length >= 2 && !parts[0]?.startsWith("."))
      .map(({ parts, size, mtimeNs }) => {
        const [head = "", second = "", ...rest] = parts;
        return { key: [head + second, ...rest], size, mtimeNs };
      });
    const order = (key: StorageKey) => this.#written.get(key.join("/")) ?? 0;
    keyed.sort((a, b) => (a.mtimeNs < b.mtimeNs ? -1 : a.mtimeNs > b.mtimeNs ? 1 : order(a.key) - order(b.key)));
    return keyed.map(({ key, size }) => ({ key, size }));
  }

  #filePath([first = "", ...rest]: StorageKey): string {
    return path.join(this.dir, first.slice(0, 2), first.slice(2), ...rest);
  }

  #safe(key: StorageKey, op: string): boolean {
    const ok =
      key.length > 0 &&
      (key[0]?.length ?? 0) >= 3 &&
      key.every((part) => part.length > 0 && part !== "." && part !== ".." && !/[/\\\0]/.test(part)) &&
      !key[0]?.startsWith("."); // keeps keys out of .tmp and .damaged
    if (!ok) this.#log.error("storage.unsafe-key", { op, key: key.map((k) => k.slice(0, 80)) });
    return ok;
  }
}
