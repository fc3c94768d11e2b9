/**
 * An automerge-repo storage adapter that keeps chunks in memory: for Node tests and for a
 * device that should forget everything on close. Keys are compared element by element, so a
 * prefix never matches half a key segment.
 */
import type { Chunk, StorageAdapterInterface, StorageKey } from "@automerge/automerge-repo/slim";

export class MemoryStorageAdapter implements StorageAdapterInterface {
  readonly #chunks = new Map<string, { key: StorageKey; data: Uint8Array }>();

  async load(key: StorageKey): Promise<Uint8Array | undefined> {
    return this.#chunks.get(JSON.stringify(key))?.data;
  }

  async save(key: StorageKey, data: Uint8Array): Promise<void> {
    this.#chunks.set(JSON.stringify(key), { key: [...key], data });
  }

  async remove(key: StorageKey): Promise<void> {
    this.#chunks.delete(JSON.stringify(key));
  }

  async loadRange(prefix: StorageKey): Promise<Chunk[]> {
    return [...this.#chunks.values()]
      .filter((c) => hasPrefix(c.key, prefix))
      .map((c) => ({ key: c.key, data: c.data }));
  }

  async removeRange(prefix: StorageKey): Promise<void> {
    for (const [k, c] of this.#chunks) if (hasPrefix(c.key, prefix)) this.#chunks.delete(k);
  }
}

function hasPrefix(key: StorageKey, prefix: StorageKey): boolean {
  return prefix.length <= key.length && prefix.every((part, i) => key[i] === part);
}
