import { type DocumentId, generateAutomergeUrl } from "@automerge/automerge-repo";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import {
  expectHealthySync,
  httpGet,
  makePeer,
  type Peer,
  relayHolds,
  removeDir,
  startTestRelay,
  type TestRelay,
  waitFor,
} from "../helpers/relay";

type Doc = { title: string; items: string[] };

describe("relay sync", () => {
  let relay: TestRelay;
  const peers: Peer[] = [];
  const peer = (name: string) => {
    const p = makePeer(relay.url, name);
    peers.push(p);
    return p;
  };

  beforeEach(async () => {
    relay = await startTestRelay();
  });

  afterEach(async () => {
    await Promise.all(peers.splice(0).map((p) => p.close()));
    await relay.close();
    removeDir(relay.dataDir);
  });

  test("two peers sync a document through the relay, both ways", async () => {
    const a = peer("a");
    const b = peer("b");
    const handleA = a.repo.create<Doc>({ title: "Hiking Club Pool", items: [] });
    await waitFor(() => relayHolds(relay, handleA), { what: "relay to hold the document" });

    const handleB = await b.find<Doc>(handleA.url);
    expect(handleB.doc().title).toBe("Hiking Club Pool");

    handleA.change((d) => {
      d.items.push("tents");
    });
    await waitFor(() => handleB.doc().items.includes("tents"), { what: "a's change at b" });

    handleB.change((d) => {
      d.items.push("stove");
    });
    await waitFor(() => handleA.doc().items.includes("stove"), { what: "b's change at a" });
    expect(handleA.heads()).toEqual(handleB.heads());
  });

  test("never announces a document: a peer that does not ask for it never receives it", async () => {
    const a = peer("a");
    const b = peer("b");
    const bystander = peer("bystander");
    const seenByBystander = new Set<string>();
    bystander.repo.networkSubsystem.on("message", (message) => {
      if ("documentId" in message && message.documentId) seenByBystander.add(message.documentId);
    });
    // The bystander is connected before anything happens.
    await waitFor(() => relay.repo.peers.includes(bystander.peerId), { what: "bystander to join" });

    const handleA = a.repo.create<Doc>({ title: "secret pool", items: [] });
    await waitFor(() => relayHolds(relay, handleA), { what: "relay to hold the document" });
    const handleB = await b.find<Doc>(handleA.url);
    handleA.change((d) => {
      d.items.push("after");
    });
    // Once b has the follow-up change, the relay has finished forwarding it to everyone it would.
    await waitFor(() => handleB.doc().items.includes("after"), { what: "b to get the follow-up change" });
    await waitFor(() => relayHolds(relay, handleA), { what: "relay to hold the follow-up change" });

    expect(seenByBystander.has(handleA.documentId)).toBe(false);
    expect(bystander.repo.handles[handleA.documentId as DocumentId]).toBeUndefined();
  });

  test("serves a document asked for by id after its author has gone", async () => {
    const author = peer("author");
    const handle = author.repo.create<Doc>({ title: "kept by the relay", items: ["x"] });
    await waitFor(() => relayHolds(relay, handle), { what: "relay to hold the document" });
    await author.close();

    const late = peer("late");
    const found = await late.find<Doc>(handle.url);
    expect(found.doc()).toEqual({ title: "kept by the relay", items: ["x"] });
  });

  test("answers unavailable for an id it does not have, and keeps working", async () => {
    const a = peer("a");
    await expect(a.find(generateAutomergeUrl())).rejects.toThrow(/unavailable/);
    await expectHealthySync(relay);
  });

  test("GET /health says only ok: no counts, no version for strangers to read", async () => {
    const a = peer("a");
    await waitFor(() => relay.repo.peers.includes(a.peerId), { what: "a to join" });
    const res = await httpGet(`${relay.httpUrl}/health`);
    expect(res.status).toBe(200);
    expect(res.text).toBe("ok");
    expect(res.headers.get("content-type")).toMatch(/text\/plain/);
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  test("logs one JSON event per connection open, join and close", async () => {
    const a = peer("a");
    await waitFor(() => relay.repo.peers.includes(a.peerId), { what: "a to join" });
    await a.close();
    await waitFor(() => relay.logs.some((l) => l.event === "connection.close"), { what: "close log" });
    const events = relay.logs.map((l) => l.event);
    expect(events).toEqual(
      expect.arrayContaining(["relay.start", "connection.open", "connection.joined", "connection.close"]),
    );
    const joined = relay.logs.find((l) => l.event === "connection.joined");
    expect(joined?.peer).toBe(a.peerId);
  });
});
