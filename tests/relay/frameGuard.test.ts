import { generateSyncMessage, init, initSyncState } from "@automerge/automerge";
import { cbor, generateAutomergeUrl, parseAutomergeUrl } from "@automerge/automerge-repo";
import { describe, expect, test } from "vitest";
import { checkFrame, type PeerState } from "../../sync-server/frameGuard";

const bin = (value: unknown) => Buffer.from(cbor.encode(value));
const documentId = parseAutomergeUrl(generateAutomergeUrl()).documentId;
const data = generateSyncMessage(init(), initSyncState())[1] as Uint8Array;
const joined = (): PeerState => ({ joinedAs: "alice" });

describe("frame guard", () => {
  test("accepts the stock client's join and records nothing by itself", () => {
    const peer: PeerState = {};
    const verdict = checkFrame(
      bin({
        type: "join",
        senderId: "alice",
        peerMetadata: { storageId: "0b7c6f3e-4d2a-4f7e-9a51-1f1d2a3b4c5d", isEphemeral: false },
        supportedProtocolVersions: ["1"],
      }),
      true,
      peer,
    );
    expect(verdict).toEqual({ kind: "accept", type: "join", join: { senderId: "alice" } });
    expect(peer.joinedAs).toBeUndefined();
  });

  test.each(["sync", "request"])("accepts a well-formed %s message from the joined peer", (type) => {
    const verdict = checkFrame(bin({ type, senderId: "alice", targetId: "relay", documentId, data }), true, joined());
    expect(verdict).toEqual({ kind: "accept", type, documentId });
  });

  test("drops well-formed ephemeral messages: the relay never fans them out", () => {
    const ephemeral = {
      type: "ephemeral",
      senderId: "alice",
      targetId: "relay",
      documentId,
      data: new Uint8Array([1]),
    };
    expect(checkFrame(bin({ ...ephemeral, count: 3, sessionId: "s1" }), true, joined())).toEqual({
      kind: "ignore",
      type: "ephemeral",
      reason: "ephemeral messages are not relayed",
    });
  });

  test("accepts doc-unavailable and remote-subscription messages", () => {
    const peer = joined();
    const msgs = [
      { type: "doc-unavailable", senderId: "alice", targetId: "relay", documentId },
      { type: "remote-subscription-change", senderId: "alice", targetId: "relay", add: ["x"], remove: [] },
      {
        type: "remote-heads-changed",
        senderId: "alice",
        targetId: "relay",
        documentId,
        newHeads: { s: { heads: ["h"], timestamp: 1 } },
      },
    ];
    for (const m of msgs) expect(checkFrame(bin(m), true, peer).kind, m.type).toBe("accept");
  });

  test("frames arriving as ArrayBuffer or fragments are read the same way", () => {
    const frame = cbor.encode({ type: "join", senderId: "alice" });
    const ab = frame.buffer.slice(frame.byteOffset, frame.byteOffset + frame.byteLength) as ArrayBuffer;
    expect(checkFrame(ab, true, {}).kind).toBe("accept");
    expect(checkFrame([Buffer.from(frame.subarray(0, 3)), Buffer.from(frame.subarray(3))], true, {}).kind).toBe(
      "accept",
    );
  });

  test("refuses over-long ids and huge lists", () => {
    expect(checkFrame(bin({ type: "join", senderId: "x".repeat(300) }), true, {}).kind).toBe("refuse");
    const list = Array.from({ length: 2000 }, () => "a");
    const verdict = checkFrame(
      bin({ type: "remote-subscription-change", senderId: "alice", targetId: "r", add: list }),
      true,
      joined(),
    );
    expect(verdict.kind).toBe("refuse");
  });
});
