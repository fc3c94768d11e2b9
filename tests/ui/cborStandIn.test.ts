/**
 * The browser bundle's CBOR stand-in (src/ui/platform/cbor.ts) must speak exactly what
 * automerge-repo's cbor-x speaks with the relay: the same bytes for the same message, and the
 * same message back from cbor-x's bytes.
 */
import { Encoder as XEncoder, decode as xDecode } from "cbor-x";
import { describe, expect, it } from "vitest";
import { decode, encode } from "../../src/ui/platform/cbor.ts";

const x = new XEncoder({ tagUint8Array: false, useRecords: false });
const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31) % 256);

const MESSAGES: Record<string, unknown> = {
  join: {
    type: "join",
    senderId: "peer-abc",
    peerMetadata: { storageId: "3f2a-storage", isEphemeral: false },
    supportedProtocolVersions: ["1"],
  },
  peer: {
    type: "peer",
    senderId: "relay",
    targetId: "peer-abc",
    peerMetadata: { isEphemeral: true },
    selectedProtocolVersion: "1",
  },
  sync: { type: "sync", senderId: "a", targetId: "b", documentId: "2oPDgZy1Vb7m4Ae4K1Y5c7bTmTT", data: bytes(300) },
  bigSync: { type: "sync", senderId: "a", targetId: "b", documentId: "d", data: bytes(70_000) },
  remoteHeads: {
    type: "remote-heads-changed",
    newHeads: { s1: { heads: ["abc", "def"], timestamp: 1_764_230_000_123 } },
  },
  ephemeral: { type: "ephemeral", count: 7, sessionId: "s", data: bytes(3) },
  numbers: [
    0,
    1,
    23,
    24,
    255,
    256,
    65_535,
    65_536,
    4_294_967_295,
    4_294_967_296,
    Number.MAX_SAFE_INTEGER,
    -1,
    -24,
    -25,
    -256,
    -257,
    -65_537,
    -4_294_967_297,
    1.5,
    -0.25,
    Math.PI,
    1e300,
  ],
  scalars: [null, undefined, true, false, "", "héllo wörld ✓ 🌊", "x".repeat(300)],
  nested: { a: [{ b: { c: [1, [2, [3]]] } }], empty: {}, list: [] },
  undefinedField: { type: "x", maybe: undefined },
};

describe("the CBOR stand-in agrees with cbor-x", () => {
  for (const [name, message] of Object.entries(MESSAGES)) {
    it(`encodes ${name} to cbor-x's exact bytes`, () => {
      expect(encode(message)).toEqual(new Uint8Array(x.encode(message)));
    });
    it(`decodes cbor-x's ${name} to the same value`, () => {
      const decoded = decode(new Uint8Array(x.encode(message)));
      expect(normalise(decoded)).toEqual(normalise(message));
      expect(normalise(xDecode(encode(message)))).toEqual(normalise(message));
    });
  }
  it("reads half-precision floats and indefinite lengths, which other encoders emit", () => {
    expect(decode(Uint8Array.of(0xf9, 0x3e, 0x00))).toBe(1.5);
    expect(decode(Uint8Array.of(0x9f, 0x01, 0x02, 0xff))).toEqual([1, 2]);
    expect(decode(Uint8Array.of(0xbf, 0x61, 0x61, 0x01, 0xff))).toEqual({ a: 1 });
  });
  it("refuses truncated data instead of inventing values", () => {
    expect(() => decode(Uint8Array.of(0x62, 0x61))).toThrow(RangeError);
  });
});

/** Buffers from cbor-x in Node become plain Uint8Arrays, so both sides compare alike. */
function normalise(v: unknown): unknown {
  if (v instanceof Uint8Array) return Array.from(v);
  if (Array.isArray(v)) return v.map(normalise);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalise(x)]));
  return v;
}
