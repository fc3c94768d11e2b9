/** Rules §9 "Key backup": every pool and flood with every epoch's key goes into a backup and comes back out of it. */
import { generateAutomergeUrl } from "@automerge/automerge-repo/slim";
import { describe, expect, it } from "vitest";
import { toBase64url } from "../../src/core/encoding/base64url.ts";
import { decodeKeyBackup, encodeKeyBackup } from "../../src/core/identity/keyBackup.ts";
import { sha256 } from "../../src/crypto/sha256.ts";
import {
  collectBackedUpPools,
  MemoryDeviceStore,
  memoryPoolKeyStore,
  restoreBackedUpPools,
} from "../../src/sync/index.ts";

const id = (n: number) => toBase64url(new Uint8Array(32).fill(n));
const key = (n: number) => new Uint8Array(32).fill(100 + n);
const seed = new Uint8Array(32).fill(7);
const [clubUrl, valleyUrl, movedUrl] = [generateAutomergeUrl(), generateAutomergeUrl(), generateAutomergeUrl()];

async function oldPhone() {
  const device = new MemoryDeviceStore();
  const keys = memoryPoolKeyStore();
  await device.savePool({ genesisId: id(1), docUrl: clubUrl, name: "Key Club" });
  await device.savePool({
    genesisId: id(2),
    docUrl: valleyUrl,
    name: "Valley",
    kind: "flood",
  });
  await keys.saveKey(id(1), 0, key(0));
  await keys.saveKey(id(1), 1, key(1));
  await keys.saveKey(id(2), 0, key(2));
  return { device, keys };
}

describe("key backup of pools", () => {
  it("rules §9 key backup: a new phone restored from the backup text holds every pool, flood and epoch key", async () => {
    const old = await oldPhone();
    const text = encodeKeyBackup(seed, sha256, await collectBackedUpPools(old.device, old.keys));
    const decoded = decodeKeyBackup(text, sha256);
    if (!decoded.ok) throw new Error(decoded.reason);

    const device = new MemoryDeviceStore();
    const keys = memoryPoolKeyStore();
    const added = await restoreBackedUpPools(device, keys, decoded.pools);
    expect(added.map((p) => p.name)).toEqual(["Key Club", "Valley"]);
    expect(await device.listPools()).toEqual(await old.device.listPools());
    expect(await keys.rawKeyOf(id(1), 0)).toEqual(key(0));
    expect(await keys.rawKeyOf(id(1), 1)).toEqual(key(1));
    expect(await keys.rawKeyOf(id(2), 0)).toEqual(key(2));
    expect((await keys.keysOf(id(1))).map((k) => k.epoch).sort()).toEqual([0, 1]);
  });

  it("rules §9 key backup: a pool this phone already holds keeps its own entry and gains the backup's keys", async () => {
    const old = await oldPhone();
    const pools = await collectBackedUpPools(old.device, old.keys);
    const device = new MemoryDeviceStore();
    const keys = memoryPoolKeyStore();
    const here = { genesisId: id(1), docUrl: movedUrl, name: "Key Club (moved)" };
    await device.savePool(here);
    const added = await restoreBackedUpPools(device, keys, pools);
    expect(added.map((p) => p.name)).toEqual(["Valley"]);
    expect(await device.getPool(id(1))).toEqual(here);
    expect(await keys.rawKeyOf(id(1), 1)).toEqual(key(1));
  });

  it("rules §9 key backup: a pool whose URL is not a document's is not listed", async () => {
    const device = new MemoryDeviceStore();
    const keys = memoryPoolKeyStore();
    const bogus = {
      genesisId: id(3),
      docUrl: "https:notADocumentUrl1",
      name: "Bogus",
      keys: [{ epoch: 0, raw: key(3) }],
    };
    expect(await restoreBackedUpPools(device, keys, [bogus])).toEqual([]);
    expect(await device.listPools()).toEqual([]);
  });
});
