/**
 * Rules §9 primitives: entries sealed under a pool key with their map key as associated data, and
 * pool keys sealed to a member's X25519 key. What the relay could try (flip a byte, move an entry
 * under another key, replay a sealed key into another pool) must fail to open.
 */
import { describe, expect, it } from "vitest";
import { decodeEnvelope, encodeEnvelope, entryAssociatedData } from "../../src/core/encryption/envelope.ts";
import { aesGcmEntryCipher, importPoolKey, newPoolKeyBytes } from "../../src/crypto/aesGcmEntryCipher.ts";
import { deliveryKeyPairFromSeed, hpkeKeySealer, newDeliveryKeyPair } from "../../src/crypto/hpkeKeySealer.ts";

const text = new TextEncoder();
const entry = text.encode('sig…{"type":"vote.cast","data":{"choice":"yes"}}');
const mapKey = "00000lq8z3k.Zq3xVote";

async function sealEntry(epoch = 0) {
  const raw = newPoolKeyBytes();
  const key = await importPoolKey(epoch, raw);
  const stored = encodeEnvelope(epoch, await aesGcmEntryCipher.seal(key, entry, entryAssociatedData(mapKey)));
  return { raw, key, stored };
}

describe("rules §9 encryption: entries", () => {
  it("an entry sealed under the pool key opens to the same bytes, and its epoch is readable without the key", async () => {
    const { key, stored } = await sealEntry(3);
    const envelope = decodeEnvelope(stored);
    expect(envelope.ok && envelope.value.epoch).toBe(3);
    if (!envelope.ok) return;
    expect(await aesGcmEntryCipher.open(key, envelope.value.sealed, entryAssociatedData(mapKey))).toEqual(entry);
  });

  it("the stored bytes do not contain the plaintext, and two seals of the same entry differ", async () => {
    const { key, stored } = await sealEntry();
    const again = encodeEnvelope(0, await aesGcmEntryCipher.seal(key, entry, entryAssociatedData(mapKey)));
    expect(Buffer.from(stored).includes(Buffer.from("vote.cast"))).toBe(false);
    expect(Buffer.from(stored).equals(Buffer.from(again))).toBe(false);
  });

  it("a flipped bit, another map key or another pool key does not open", async () => {
    const { key, stored } = await sealEntry();
    const sealed = (decodeEnvelope(stored) as { ok: true; value: { sealed: Uint8Array } }).value.sealed;
    for (let i = 0; i < sealed.length; i += 7) {
      const flipped = sealed.slice();
      flipped[i] = (flipped[i] as number) ^ 1;
      expect(await aesGcmEntryCipher.open(key, flipped, entryAssociatedData(mapKey))).toBeUndefined();
    }
    expect(await aesGcmEntryCipher.open(key, sealed, entryAssociatedData("00000lq8z3k.Other"))).toBeUndefined();
    const other = await importPoolKey(0, newPoolKeyBytes());
    expect(await aesGcmEntryCipher.open(other, sealed, entryAssociatedData(mapKey))).toBeUndefined();
  });

  it("bytes that cannot be an envelope are refused with a reason before any decryption", () => {
    expect(decodeEnvelope(new Uint8Array(10))).toMatchObject({ ok: false, reason: "not-decryptable" });
    const wrongVersion = new Uint8Array(64);
    wrongVersion[0] = 9;
    expect(decodeEnvelope(wrongVersion)).toMatchObject({ ok: false, reason: "not-decryptable" });
  });

  it("a pool key is kept non-extractable unless asked for the backup", async () => {
    const { key } = await sealEntry();
    const crypto = key.key as CryptoKey;
    expect(crypto.extractable).toBe(false);
    await expect(globalThis.crypto.subtle.exportKey("raw", crypto)).rejects.toThrow();
  });
});

describe("rules §9 encryption: pool keys sealed to members", () => {
  const context = text.encode("pools key v1|pool-id|epoch 1");

  it("bob opens a pool key sealed to his published X25519 key; carol cannot", async () => {
    const bob = await newDeliveryKeyPair();
    const carol = await newDeliveryKeyPair();
    expect(bob.publicKey.length).toBe(32);
    const poolKey = newPoolKeyBytes();
    const sealed = await hpkeKeySealer.seal(bob.publicKey, poolKey, context);
    expect(await hpkeKeySealer.open(bob, sealed, context)).toEqual(poolKey);
    expect(await hpkeKeySealer.open(carol, sealed, context)).toBeUndefined();
  });

  it("a sealed key replayed for another pool or epoch does not open", async () => {
    const bob = await newDeliveryKeyPair();
    const sealed = await hpkeKeySealer.seal(bob.publicKey, newPoolKeyBytes(), context);
    expect(await hpkeKeySealer.open(bob, sealed, text.encode("pools key v1|pool-id|epoch 2"))).toBeUndefined();
    const tampered = sealed.slice();
    tampered[40] = (tampered[40] as number) ^ 0x80;
    expect(await hpkeKeySealer.open(bob, tampered, context)).toBeUndefined();
  });

  it("a delivery key pair restored from its seed opens what was sealed to the original", async () => {
    const seed = globalThis.crypto.getRandomValues(new Uint8Array(32));
    const original = await deliveryKeyPairFromSeed(seed);
    const restored = await deliveryKeyPairFromSeed(seed);
    expect(restored.publicKey).toEqual(original.publicKey);
    const poolKey = newPoolKeyBytes();
    const sealed = await hpkeKeySealer.seal(original.publicKey, poolKey, context);
    expect(await hpkeKeySealer.open(restored, sealed, context)).toEqual(poolKey);
  });
});
