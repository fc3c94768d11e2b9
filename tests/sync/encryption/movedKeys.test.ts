/**
 * Rules §9, a moved pool's keys: sealed to each member's delivery key, opened only by theirs, and
 * split into as many `pool.moved` events as the core's size cap needs.
 */
import { describe, expect, test } from "vitest";
import { decodeEvent } from "../../../src/core/events/decodeEvent.ts";
import { signEvent, toBase64url } from "../../../src/core/index.ts";
import { deliveryKeyPairFromSeed } from "../../../src/crypto/hpkeKeySealer.ts";
import { sha256 } from "../../../src/crypto/index.ts";
import {
  openMovedKeys,
  type RawPoolKey,
  recipientBatches,
  sealMovedKeys,
} from "../../../src/sync/encryption/movedKeys.ts";
import { personKeys } from "../../helpers/world.ts";

const pool = "P".repeat(43);
const to = "2aaaaaaaaaaaaaaaaaaaaaaaaaaa";
const keysOf = (epochs: number): RawPoolKey[] =>
  Array.from({ length: epochs }, (_, epoch) => ({ epoch, raw: new Uint8Array(32).fill(epoch + 1) }));
const memberId = (i: number) => toBase64url(sha256(new TextEncoder().encode(`member-${i}`)));

describe("rules §9: a moved pool's keys", () => {
  test("rules §9 move: every epoch sealed to bob opens with bob's delivery key and no one else's", async () => {
    const [bob, carol] = await Promise.all(
      ["bob", "carol"].map((n) => deliveryKeyPairFromSeed(sha256(new TextEncoder().encode(n)))),
    );
    const bobId = memberId(1);
    const keys = keysOf(3);
    const sealed = await sealMovedKeys(pool, to, keys, new Map([[bobId, toBase64url(bob!.publicKey)]]));
    const view = {
      epoch: 0,
      rotations: [],
      inviteDeliveryKeys: {},
      deliveryKeys: { [bobId]: toBase64url(bob!.publicKey) },
      moves: [{ id: "m".repeat(43), by: bobId, to, keys: sealed }],
      superseded: [],
    };
    expect(await openMovedKeys(pool, view, to, [bob!])).toEqual(keys);
    expect(await openMovedKeys(pool, view, to, [carol!])).toBeUndefined();
    // Bound to the destination: the same bundle named for another document does not open.
    const elsewhere = { ...view, moves: [{ ...view.moves[0]!, to: "3bbbbbbbbbbbbbbbbbbbbbbbbbbb" }] };
    expect(await openMovedKeys(pool, elsewhere, "3bbbbbbbbbbbbbbbbbbbbbbbbbbb", [bob!])).toBeUndefined();
  });

  test("rules §9 move: keys for many members and many epochs are split into pool.moved events the core accepts", async () => {
    const pair = await deliveryKeyPairFromSeed(sha256(new Uint8Array([9])));
    const recipients = new Map(Array.from({ length: 150 }, (_, i) => [memberId(i), toBase64url(pair.publicKey)]));
    const keys = keysOf(64);
    const batches = recipientBatches(recipients, keys.length);
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.reduce((n, b) => n + b.size, 0)).toBe(recipients.size);
    for (const batch of batches) {
      const event = await signEvent(
        {
          pool,
          type: "pool.moved",
          by: personKeys("alice").id,
          at: 1,
          parents: [],
          data: { to, keys: await sealMovedKeys(pool, to, keys, batch) },
        },
        personKeys("alice").signer,
        sha256,
      );
      expect(decodeEvent(event.id, event, sha256)).toMatchObject({ ok: true });
    }
  });
});
