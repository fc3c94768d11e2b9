import { describe, expect, it } from "vitest";
import { canonicalBytes, decodeEvent, eventIdOf } from "../../../src/core/index.ts";
import { sha256 } from "../../../src/crypto/index.ts";
import { World } from "../../helpers/world.ts";

describe("decoding events this device checked before (opening a pool fast)", () => {
  it("a pair verified before skips the shape checks, but its bytes must still hash to its id", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const p = await w.propose("alice", { kind: "decision" });
    const stored = w.events.get(p.id)!;
    const known = (id: string) => id === p.id;
    const fast = decodeEvent(p.id, stored, sha256, { checkedBefore: known });
    expect(fast.ok && fast.value.body).toEqual(decodeEvent(p.id, stored, sha256).ok && p.body);
    // other bytes under the same id are caught by the hash, cache or not
    const other = canonicalBytes({ ...p.body, at: p.body.at + 1 });
    expect(decodeEvent(p.id, { bytes: other, sig: stored.sig }, sha256, { checkedBefore: known })).toMatchObject({
      ok: false,
      reason: "id-mismatch",
    });
  });

  it("a pair not verified before gets every check: non-canonical bytes are refused", () => {
    const bytes = new TextEncoder().encode('{"v":1, "pool":""}');
    const id = eventIdOf(bytes, sha256);
    expect(decodeEvent(id, { bytes, sig: new Uint8Array(64) }, sha256, { checkedBefore: () => false })).toMatchObject({
      ok: false,
    });
  });
});
