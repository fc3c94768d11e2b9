/**
 * File-system steps of the relay's file store, each one durable or harmless when interrupted.
 */
import fs from "node:fs";
import path from "node:path";

/**
 * Writes `data` to `tmp`, flushes it to the device, renames it over `target`, and flushes the
 * directory so the rename itself survives a power cut. A reader sees the old file or the new one,
 * never a torn one.
 */
export async function writeFileDurably(tmp: string, target: string, data: Uint8Array): Promise<void> {
  const file = await fs.promises.open(tmp, "w");
  try {
    await file.writeFile(data);
    await file.sync();
  } finally {
    await file.close();
  }
  await fs.promises.rename(tmp, target);
  await syncDirectory(path.dirname(target));
}

/** fsync on a directory makes the entries created or renamed in it durable. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await fs.promises.open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A file's size, or 0 when it does not exist. */
export async function sizeOf(file: string): Promise<number> {
  try {
    return (await fs.promises.stat(file)).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return 0;
    throw err;
  }
}

export interface ListedFile {
  file: string;
  size: number;
  /** Modification time in ns: the order chunks were written in. */
  mtimeNs: bigint;
}

/** Every file under `dir`, recursively; an absent directory has none. */
export async function listFiles(dir: string): Promise<ListedFile[]> {
  let entries: fs.Dirent[];
  try {
    entries = await fs.promises.readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
  const nested = await Promise.all(
    entries.map(async (entry): Promise<ListedFile[]> => {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) return listFiles(file);
      try {
        const stat = await fs.promises.stat(file, { bigint: true });
        return [{ file, size: Number(stat.size), mtimeNs: stat.mtimeNs }];
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return []; // removed meanwhile
        throw err;
      }
    }),
  );
  return nested.flat();
}
