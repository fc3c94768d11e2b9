/**
 * The pools half of the key backup (docs/rules.md §9 "Key backup"): every pool and flood this
 * device holds, with the raw bytes of every epoch's key it holds, and the way back.
 *
 * At rest the keys stay as poolKeyStore.ts keeps them: a non-extractable CryptoKey to work with
 * and the raw bytes wrapped under the device's non-extractable wrapping key. They are unwrapped
 * here only when the person asks for a backup, and the bytes go straight into the backup text.
 */
import { isValidAutomergeUrl } from "@automerge/automerge-repo/slim";
import type { BackedUpPool } from "../core/identity/keyBackup.ts";
import type { PoolKeyStore } from "./encryption/poolKeyStore.ts";
import type { DeviceStore } from "./storage/deviceStore.ts";

export async function collectBackedUpPools(device: DeviceStore, keys: PoolKeyStore): Promise<BackedUpPool[]> {
  const out: BackedUpPool[] = [];
  for (const ref of await device.listPools()) {
    const epochs = (await keys.keysOf(ref.genesisId)).map((k) => k.epoch).sort((a, b) => a - b);
    const held: BackedUpPool["keys"] = [];
    for (const epoch of epochs) {
      const raw = await keys.rawKeyOf(ref.genesisId, epoch);
      if (raw !== undefined) held.push({ epoch, raw });
    }
    out.push({
      genesisId: ref.genesisId,
      docUrl: ref.docUrl,
      name: ref.name,
      ...(ref.kind === "flood" ? { kind: "flood" as const } : {}),
      keys: held,
    });
  }
  return out;
}

/**
 * Puts a backup's pools back on this device: their keys into the key store, and each pool into
 * the list of pools unless it is already there (a pool this phone holds keeps its own entry,
 * which may point at a newer document). A pool whose URL is not a document's is left out (only a
 * hand-made file has one: the app's own backups hold what this device opened). Returns the pools added.
 */
export async function restoreBackedUpPools(
  device: DeviceStore,
  keys: PoolKeyStore,
  pools: readonly BackedUpPool[],
): Promise<BackedUpPool[]> {
  const added: BackedUpPool[] = [];
  for (const pool of pools) {
    if (!isValidAutomergeUrl(pool.docUrl)) continue;
    for (const k of pool.keys) await keys.saveKey(pool.genesisId, k.epoch, k.raw);
    if ((await device.getPool(pool.genesisId)) !== undefined) continue;
    await device.savePool({
      genesisId: pool.genesisId,
      docUrl: pool.docUrl,
      name: pool.name,
      ...(pool.kind ? { kind: pool.kind } : {}),
    });
    added.push(pool);
  }
  return added;
}
