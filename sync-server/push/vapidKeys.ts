/**
 * The relay's VAPID key pair (RFC 8292), made on first start and kept in the data directory, so
 * push services keep recognising the relay across restarts (a new key would orphan every
 * subscription). Written owner-only, through a temporary file and rename, like the documents.
 */
import fs from "node:fs/promises";
import path from "node:path";
import webpush from "web-push";

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

const FILE = "vapid.json";

export async function loadOrCreateVapidKeys(dataDir: string): Promise<VapidKeys> {
  const file = path.join(dataDir, FILE);
  try {
    const stored = JSON.parse(await fs.readFile(file, "utf8")) as Partial<VapidKeys>;
    if (typeof stored.publicKey === "string" && typeof stored.privateKey === "string") {
      return { publicKey: stored.publicKey, privateKey: stored.privateKey };
    }
    throw new Error(`${file} does not hold a VAPID key pair; move it aside to make a new one`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  const keys = webpush.generateVAPIDKeys();
  await fs.mkdir(dataDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const handle = await fs.open(tmp, "w", 0o600);
  try {
    await handle.writeFile(JSON.stringify(keys));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(tmp, file);
  return keys;
}
