/**
 * A local HTTP server on 127.0.0.1 standing in for a browser's push service (rules §11
 * reminders), and a check of the relay's RFC 8292 VAPID header; the relay and browser push tests share them.
 */
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "vitest";

export interface ReceivedPush {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface PushService {
  url: string;
  received: ReceivedPush[];
  close(): Promise<void>;
}

export async function startPushService(status = 201): Promise<PushService> {
  const received: ReceivedPush[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, close: () => new Promise((r) => server.close(() => r())) };
}

/** A real P-256 key pair and auth secret, as a browser's PushSubscription carries. */
export function subscriptionKeys(): { p256dh: string; auth: string } {
  const ecdh = crypto.createECDH("prime256v1");
  ecdh.generateKeys();
  return { p256dh: ecdh.getPublicKey().toString("base64url"), auth: crypto.randomBytes(16).toString("base64url") };
}

/** Checks an RFC 8292 `vapid t=…, k=…` header: an ES256 JWT for the endpoint's origin, signed by `publicKey`. */
export function verifyVapid(header: string | undefined, publicKey: string, audience: string): void {
  const match = /^vapid t=([^,]+), k=(.+)$/.exec(header ?? "");
  expect(match, `Authorization header ${header}`).not.toBeNull();
  const [, jwt, k] = match as RegExpExecArray;
  expect(k).toBe(publicKey);
  const [head, payload, signature] = (jwt as string).split(".");
  const point = Buffer.from(publicKey, "base64url");
  const key = crypto.createPublicKey({
    key: {
      kty: "EC",
      crv: "P-256",
      x: point.subarray(1, 33).toString("base64url"),
      y: point.subarray(33).toString("base64url"),
    },
    format: "jwk",
  });
  const valid = crypto.verify(
    "sha256",
    Buffer.from(`${head}.${payload}`),
    { key, dsaEncoding: "ieee-p1363" },
    Buffer.from(signature as string, "base64url"),
  );
  expect(valid, "the VAPID JWT verifies with the relay's public key").toBe(true);
  expect(JSON.parse(Buffer.from(head as string, "base64url").toString())).toMatchObject({ alg: "ES256" });
  const claims = JSON.parse(Buffer.from(payload as string, "base64url").toString()) as Record<string, unknown>;
  expect(claims.aud).toBe(audience);
  expect(claims.exp as number).toBeGreaterThan(Date.now() / 1000);
}
