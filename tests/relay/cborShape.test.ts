/**
 * The relay reads a frame's CBOR shape from its item headers before decoding anything
 * (sync-server/traffic/cborShape.ts): every protocol message passes, bombs are refused early.
 */
import { generateSyncMessage, init, initSyncState } from "@automerge/automerge";
import { cbor, generateAutomergeUrl, parseAutomergeUrl } from "@automerge/automerge-repo";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { checkCborShape } from "../../sync-server/traffic/cborShape";
import { TokenBucket } from "../../sync-server/traffic/tokenBucket";

const documentId = parseAutomergeUrl(generateAutomergeUrl()).documentId;

describe("CBOR shape before decoding", () => {
  test("every message a stock client sends has an acceptable shape", () => {
    const messages = [
      {
        type: "join",
        senderId: "alice",
        peerMetadata: { storageId: "s-1", isEphemeral: false },
        supportedProtocolVersions: ["1"],
      },
      {
        type: "request",
        senderId: "alice",
        targetId: "relay",
        documentId,
        data: generateSyncMessage(init(), initSyncState())[1],
      },
      { type: "sync", senderId: "alice", targetId: "relay", documentId, data: new Uint8Array(1_000_000) },
      {
        type: "remote-subscription-change",
        senderId: "alice",
        targetId: "relay",
        add: Array(1000).fill("x"),
        remove: [],
      },
      {
        type: "remote-heads-changed",
        senderId: "a",
        targetId: "r",
        documentId,
        newHeads: { s: { heads: ["h"], timestamp: 1 } },
      },
    ];
    for (const m of messages) expect(checkCborShape(cbor.encode(m)), m.type).toBeUndefined();
  });

  test("agrees with the decoder on any small map of plain values: accepted ones decode", () => {
    const value = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.boolean(),
      fc.uint8Array({ maxLength: 64 }),
      fc.constant(null),
    );
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(value, fc.array(value, { maxLength: 5 })), { maxKeys: 12 }),
        (m) => {
          const bytes = cbor.encode(m);
          expect(checkCborShape(bytes)).toBeUndefined();
          expect(() => cbor.decode(bytes)).not.toThrow();
        },
      ),
    );
  });

  test("refuses bombs, lies and leftovers from their headers", () => {
    const manyMaps = Buffer.concat([
      Buffer.from([0xa1, 0x61, 0x78, 0x9a, 0, 0x10, 0, 0]),
      Buffer.alloc(0x100000, 0xa0),
    ]);
    expect(checkCborShape(manyMaps)).toMatch(/more than 4096 CBOR items/);
    const deep = Buffer.concat([Buffer.from([0xa1, 0x61, 0x78]), Buffer.alloc(20, 0x81), Buffer.from([0xa0])]);
    expect(checkCborShape(deep)).toMatch(/nested deeper/);
    expect(
      checkCborShape(Buffer.from([0xa1, 0x61, 0x78, 0x9b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])),
    ).toMatch(/not CBOR/);
    expect(checkCborShape(Buffer.from([0xa0, 0x00]))).toMatch(/bytes after/);
    expect(checkCborShape(Buffer.from([0x9f, 0xa0, 0xff]))).toMatch(/an array, not a map/);
    expect(checkCborShape(Buffer.from([0xb8, 0x20]))).toMatch(/32 entries/);
  });
});

describe("token bucket", () => {
  test("a burst passes, then the sender waits for what it took beyond the rate", () => {
    const bucket = new TokenBucket(100, 10, 0);
    for (let i = 0; i < 10; i++) expect(bucket.take(1, 0)).toBe(0);
    expect(bucket.take(1, 0)).toBe(10); // one token in debt at 100/s
    expect(bucket.take(1, 20)).toBe(0); // two refilled in 20 ms
    expect(bucket.take(5, 1_000)).toBe(0); // refilled to the burst, never beyond
    expect(bucket.take(6, 1_000)).toBe(10);
  });
});
