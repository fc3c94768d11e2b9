/**
 * Reminders through Web Push (rules §11): when a pool's document changes, the relay wakes every
 * other subscribed device with an empty push signed with its VAPID key. A local HTTP server on
 * 127.0.0.1 stands in for the browsers' push service.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type ReceivedPush, startPushService, subscriptionKeys, verifyVapid } from "../helpers/pushService.ts";
import { makePeer, type Peer, removeDir, startTestRelay, type TestRelay, tempDir, waitFor } from "../helpers/relay.ts";

async function post(
  relay: TestRelay,
  path: string,
  body: unknown,
): Promise<{ status: number; body: { error?: string } }> {
  const res = await fetch(`${relay.httpUrl}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { error?: string } };
}

describe("rules §11 reminders: the relay's empty wake-up push", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function setup(serviceStatus = 201, delayMs = 50) {
    const service = await startPushService(serviceStatus);
    cleanups.push(() => service.close());
    const relay = await startTestRelay({
      push: { endpointPolicy: { hosts: ["127.0.0.1"], allowHttp: true }, delayMs },
    });
    cleanups.push(async () => {
      await relay.close();
      removeDir(relay.dataDir);
    });
    const peer = (name: string): Peer => {
      const p = makePeer(relay.url, name);
      cleanups.push(() => p.close());
      return p;
    };
    return { service, relay, peer };
  }

  it("a change by alice wakes bob's phone with an empty, VAPID-signed push, and not alice's own", async () => {
    const { service, relay, peer } = await setup();
    const alice = peer("alice");
    const bob = peer("bob");
    await alice.connected();
    const handle = alice.repo.create<{ n: number }>({ n: 0 });
    // Bob asks only once the relay holds the pool: a relay answers an id it does not know as unavailable.
    await waitFor(() => relay.repo.handles[handle.documentId]?.isReady(), { what: "the relay to hold the pool" });
    const bobs = await bob.find<{ n: number }>(handle.url);
    for (const [who, p] of [
      ["alice", alice],
      ["bob", bob],
    ] as const) {
      const r = await post(relay, "/push/subscribe", {
        documentId: handle.documentId,
        peerId: p.peerId,
        subscription: { endpoint: `${service.url}/send/${who}`, keys: subscriptionKeys() },
      });
      expect(r.status).toBe(200);
    }

    handle.change((d) => {
      d.n = 1;
    });
    await waitFor(() => bobs.doc()?.n === 1, { what: "bob to receive the change" });
    await waitFor(() => service.received.length > 0, { what: "a push to reach the push service" });
    await relay.push?.notifier.idle();

    expect(service.received.map((r) => r.path)).toEqual(["/send/bob"]);
    const [push] = service.received as [ReceivedPush];
    expect(push.body.length).toBe(0);
    expect(push.headers["content-encoding"]).toBeUndefined();
    expect(Number(push.headers.ttl)).toBeGreaterThan(0);
    const publicKey = ((await (await fetch(`${relay.httpUrl}/push/key`)).json()) as { publicKey: string }).publicKey;
    verifyVapid(push.headers.authorization, publicKey, service.url);
  });

  it("bob's phone acknowledging alice's change within the burst window still gets its wake-up", async () => {
    // A long window: bob's reply to the relay (it brings nothing new) surely falls inside it.
    const { service, relay, peer } = await setup(201, 800);
    const alice = peer("alice");
    const bob = peer("bob");
    await alice.connected();
    const handle = alice.repo.create<{ n: number }>({ n: 0 });
    await waitFor(() => relay.repo.handles[handle.documentId]?.isReady(), { what: "the relay to hold the pool" });
    const bobs = await bob.find<{ n: number }>(handle.url);
    for (const [who, p] of [
      ["alice", alice],
      ["bob", bob],
    ] as const)
      await post(relay, "/push/subscribe", {
        documentId: handle.documentId,
        peerId: p.peerId,
        subscription: { endpoint: `${service.url}/send/${who}`, keys: subscriptionKeys() },
      });
    handle.change((d) => {
      d.n = 1;
    });
    await waitFor(() => bobs.doc()?.n === 1, { what: "bob to receive the change" });
    // idle() waits out the window and the sends it schedules.
    await relay.push?.notifier.idle();
    expect(service.received.map((r) => r.path)).toEqual(["/send/bob"]);
  });

  it("after unsubscribing, bob gets no more wake-ups", async () => {
    const { service, relay, peer } = await setup();
    const alice = peer("alice");
    await alice.connected();
    const handle = alice.repo.create<{ n: number }>({ n: 0 });
    await waitFor(() => relay.repo.handles[handle.documentId]?.isReady(), { what: "the relay to hold the pool" });
    const endpoint = `${service.url}/send/bob`;
    await post(relay, "/push/subscribe", { documentId: handle.documentId, subscription: { endpoint } });
    expect((await post(relay, "/push/unsubscribe", { documentId: handle.documentId, endpoint })).status).toBe(200);
    handle.change((d) => {
      d.n = 2;
    });
    await waitFor(() => relay.repo.handles[handle.documentId]?.doc()?.n === 2, { what: "the relay to get the change" });
    await relay.push?.notifier.idle();
    expect(service.received).toEqual([]);
  });

  it("a subscription the push service says is gone (410) is forgotten", async () => {
    const { service, relay, peer } = await setup(410);
    const alice = peer("alice");
    await alice.connected();
    const handle = alice.repo.create<{ n: number }>({ n: 0 });
    await waitFor(() => relay.repo.handles[handle.documentId]?.isReady(), { what: "the relay to hold the pool" });
    await post(relay, "/push/subscribe", {
      documentId: handle.documentId,
      subscription: { endpoint: `${service.url}/gone` },
    });
    for (const n of [1, 2]) {
      handle.change((d) => {
        d.n = n;
      });
      await waitFor(() => relay.repo.handles[handle.documentId]?.doc()?.n === n, {
        what: "the relay to get the change",
      });
      await waitFor(() => n > 1 || service.received.length === 1, { what: "the first push" });
      await relay.push?.notifier.idle();
    }
    expect(service.received.length).toBe(1);
    expect(relay.logs.some((l) => l.event === "push.subscription-gone")).toBe(true);
  });

  it("refuses endpoints outside the push services, plain http, bad ids and oversized bodies, with a reason", async () => {
    const dataDir = tempDir();
    const relay = await startTestRelay({ dataDir, push: {} });
    cleanups.push(async () => {
      await relay.close();
      removeDir(dataDir);
    });
    const documentId = "4NMNnkMhL8jXrdJ9jamS2Z6tSrAj";
    const cases: [unknown, number, RegExp][] = [
      [{ documentId, subscription: { endpoint: "https://intranet.example/admin" } }, 400, /not accepted/],
      [{ documentId, subscription: { endpoint: "http://fcm.googleapis.com/fcm/send/x" } }, 400, /https/],
      [
        { documentId: "../../etc", subscription: { endpoint: "https://fcm.googleapis.com/fcm/send/x" } },
        400,
        /document id/,
      ],
      [
        { documentId, subscription: { endpoint: "https://fcm.googleapis.com/x", keys: { p256dh: "!", auth: "?" } } },
        400,
        /keys/,
      ],
      ["not json", 400, /JSON/],
      [{ documentId, pad: "x".repeat(5000) }, 413, /larger/],
    ];
    for (const [body, status, reason] of cases) {
      const r = await post(relay, "/push/subscribe", body);
      expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect(r.body.error).toMatch(reason);
    }
    const ok = await post(relay, "/push/subscribe", {
      documentId,
      subscription: { endpoint: "https://fcm.googleapis.com/fcm/send/abc" },
    });
    expect(ok.status).toBe(200);
    expect((await fetch(`${relay.httpUrl}/health`)).status).toBe(200);
  });

  it("keeps its VAPID keys and subscriptions across a restart", async () => {
    const dataDir = tempDir();
    cleanups.push(() => removeDir(dataDir));
    const first = await startTestRelay({ dataDir });
    const key1 = ((await (await fetch(`${first.httpUrl}/push/key`)).json()) as { publicKey: string }).publicKey;
    const documentId = "4NMNnkMhL8jXrdJ9jamS2Z6tSrAj";
    await post(first, "/push/subscribe", {
      documentId,
      subscription: { endpoint: "https://fcm.googleapis.com/fcm/send/abc" },
    });
    await first.close();
    const second = await startTestRelay({ dataDir });
    cleanups.push(() => second.close());
    const key2 = ((await (await fetch(`${second.httpUrl}/push/key`)).json()) as { publicKey: string }).publicKey;
    expect(key2).toBe(key1);
    expect(Buffer.from(key1, "base64url").length).toBe(65);
    // Re-subscribing the same endpoint is an update, not a second subscription.
    const again = await post(second, "/push/subscribe", {
      documentId,
      subscription: { endpoint: "https://fcm.googleapis.com/fcm/send/abc" },
    });
    expect(again.status).toBe(200);
  });
});
