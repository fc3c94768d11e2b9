/** Rules §9 "Key backup": after a restore the person is told plainly what came back and what did not. */
import { describe, expect, it } from "vitest";
import type { BackedUpPool } from "../../src/core/index.ts";
import { describeBackup, MAX_QR_BACKUP_CHARS, restoredText } from "../../src/state/keyBackup.ts";

const pool = (name: string, kind?: "flood"): BackedUpPool => ({
  genesisId: "x".repeat(43),
  docUrl: "automerge:abc",
  name,
  ...(kind ? { kind } : {}),
  keys: [],
});

describe("what a restore says", () => {
  it("rules §9 key backup: a version 1 backup says it holds no pool keys and that pools need a new invite link", () => {
    expect(restoredText({ version: 1, pools: [] })).toMatch(
      /older version of Pools and holds no pool keys.*ask a member of each pool for a new invite link/,
    );
  });

  it("rules §9 key backup: a version 2 backup names the pools and counts the floods that came back", () => {
    expect(restoredText({ version: 2, pools: [pool("Key Club")] })).toBe(
      "Your key is back, with the keys of 1 pool (Key Club). They open here as soon as they have synced.",
    );
    expect(restoredText({ version: 2, pools: [pool("A"), pool("B"), pool("Valley", "flood")] })).toMatch(
      /with the keys of 2 pools \(A, B\) and 1 flood\./,
    );
    expect(restoredText({ version: 2, pools: [pool("Valley", "flood")] })).toMatch(/with the keys of 1 flood\./);
    expect(restoredText({ version: 2, pools: [] })).toMatch(/held no pools: to open a pool again, ask a member/);
  });

  it("a backup too long for a readable QR code is offered as a file only", () => {
    expect(describeBackup("p".repeat(MAX_QR_BACKUP_CHARS), [], []).fitsQrCode).toBe(true);
    expect(describeBackup("p".repeat(MAX_QR_BACKUP_CHARS + 1), [], []).fitsQrCode).toBe(false);
  });
});
