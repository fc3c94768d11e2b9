/**
 * Bad input (a file picked by mistake, or made to exhaust a phone): a file larger than any pool's
 * is refused, in plain words, before the phone reads it into memory.
 */
import { describe, expect, test } from "vitest";
import { sha256 } from "../../src/crypto/index.ts";
import { poolFileBytes } from "../../src/state/poolFileBytes.ts";
import { decodePoolFile, MAX_POOL_FILE_BYTES, SYNC_REASONS } from "../../src/sync/index.ts";

describe("a pool file's size", () => {
  test("a file larger than any pool file can be is refused without being read", async () => {
    let read = false;
    const huge = {
      size: MAX_POOL_FILE_BYTES + 1,
      arrayBuffer: async () => {
        read = true;
        return new ArrayBuffer(0);
      },
    } as unknown as Blob;
    expect(await poolFileBytes(huge)).toEqual({ ok: false, error: SYNC_REASONS["file-too-large"] });
    expect(read).toBe(false);
  });

  test("a file within the limit is read whole", async () => {
    const bytes = new TextEncoder().encode("POOLFILE");
    expect(await poolFileBytes(new Blob([bytes]))).toEqual({ ok: true, value: bytes });
  });

  test("the file reader itself refuses bytes past the limit, whatever handed them over", () => {
    const past = new Uint8Array(MAX_POOL_FILE_BYTES + 1);
    expect(decodePoolFile(past, sha256)).toMatchObject({ ok: false, reason: "file-too-large" });
  });
});
