/**
 * HTTP routes for reminders (rules §11): `GET /push/key` gives the relay's VAPID public key,
 * `POST /push/subscribe` and `POST /push/unsubscribe` take `{ documentId, subscription | endpoint,
 * peerId? }` as JSON. Only a document id and an endpoint: the relay learns which documents a device
 * follows, nothing about what is in them.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { checkEndpoint, type EndpointPolicy } from "./endpointPolicy";
import type { PushSubscriptionJSON, SubscriptionStore } from "./subscriptions";

const MAX_BODY = 4096;
// automerge-repo document ids are base58check strings.
const DOCUMENT_ID = /^[1-9A-HJ-NP-Za-km-z]{20,64}$/;
const PEER_ID = /^[\w.-]{1,128}$/;
const BASE64URL = /^[A-Za-z0-9_-]{16,200}={0,2}$/;

export interface PushRouteOptions {
  store: SubscriptionStore;
  publicKey: string;
  policy: EndpointPolicy;
}

/** Handles `/push/*`; returns false for any other path. */
export function handlePushRoute(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  o: PushRouteOptions,
): boolean {
  if (!pathname.startsWith("/push/")) return false;
  if (pathname === "/push/key" && req.method === "GET") {
    reply(res, 200, { publicKey: o.publicKey });
    return true;
  }
  if ((pathname === "/push/subscribe" || pathname === "/push/unsubscribe") && req.method === "POST") {
    readJson(req)
      .then((body) => {
        if (!body.ok) return reply(res, body.status, { error: body.error });
        const error = pathname === "/push/subscribe" ? subscribe(body.value, o) : unsubscribe(body.value, o);
        if (error) return reply(res, error.status, { error: error.message });
        reply(res, 200, { ok: true });
      })
      .catch(() => reply(res, 400, { error: "could not read the request" }));
    return true;
  }
  reply(res, 404, { error: "no such push route" });
  return true;
}

type Problem = { status: number; message: string } | undefined;

function subscribe(body: Record<string, unknown>, o: PushRouteOptions): Problem {
  const { documentId, subscription, peerId } = body;
  if (typeof documentId !== "string" || !DOCUMENT_ID.test(documentId)) return bad("documentId is not a document id");
  if (peerId !== undefined && (typeof peerId !== "string" || !PEER_ID.test(peerId))) return bad("peerId is malformed");
  if (typeof subscription !== "object" || subscription === null) return bad("subscription is missing");
  const { endpoint, keys } = subscription as Record<string, unknown>;
  const endpointProblem = checkEndpoint(endpoint, o.policy);
  if (endpointProblem) return bad(endpointProblem);
  const k = keys as Record<string, unknown> | undefined;
  if (
    k !== undefined &&
    !(typeof k?.p256dh === "string" && BASE64URL.test(k.p256dh) && typeof k.auth === "string" && BASE64URL.test(k.auth))
  )
    return bad("subscription keys are malformed");
  const sub: PushSubscriptionJSON = {
    endpoint: endpoint as string,
    ...(k ? { keys: { p256dh: k.p256dh as string, auth: k.auth as string } } : {}),
  };
  const added = o.store.add(documentId, { subscription: sub, ...(peerId ? { peerId: peerId as string } : {}) });
  return added === "full" ? { status: 429, message: "too many subscriptions for this document" } : undefined;
}

function unsubscribe(body: Record<string, unknown>, o: PushRouteOptions): Problem {
  const { documentId, endpoint } = body;
  if (typeof documentId !== "string" || !DOCUMENT_ID.test(documentId)) return bad("documentId is not a document id");
  if (typeof endpoint !== "string") return bad("endpoint is missing");
  o.store.remove(documentId, endpoint);
  return undefined;
}

const bad = (message: string): Problem => ({ status: 400, message });

type Body = { ok: true; value: Record<string, unknown> } | { ok: false; status: number; error: string };

function readJson(req: IncomingMessage): Promise<Body> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        // Answer now and let the rest drain: destroying the request would drop the answer too.
        req.removeAllListeners("data");
        req.resume();
        resolve({ ok: false, status: 413, error: `the body is larger than ${MAX_BODY} bytes` });
        return;
      }
      chunks.push(chunk);
    });
    req.on("error", reject);
    req.on("end", () => {
      try {
        const value = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("not an object");
        resolve({ ok: true, value });
      } catch {
        resolve({ ok: false, status: 400, error: "the body is not a JSON object" });
      }
    });
  });
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
    "Cache-Control": "no-store",
  });
  res.end(text);
}
