import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { WebSocket } from "ws";
import { removeDir, startTestRelay, type TestRelay, tempDir } from "../helpers/relay";

/** A request with the path sent exactly as given (fetch would normalise `..` away). */
function rawGet(port: number, rawPath: string, method = "GET", headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: rawPath, method, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => {
        body += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

const SECRET = "TOP-SECRET-OUTSIDE-DIST";

describe("static files from a built dist/", () => {
  let root: string;
  let relay: TestRelay;

  beforeAll(async () => {
    root = tempDir("pools-relay-static-");
    const dist = path.join(root, "dist");
    const write = (rel: string, content: string | Buffer) => {
      fs.mkdirSync(path.dirname(path.join(dist, rel)), { recursive: true });
      fs.writeFileSync(path.join(dist, rel), content);
    };
    write("index.html", "<!doctype html><title>Pools</title>");
    write("sw.js", "self.addEventListener('fetch', () => {});");
    write("manifest.webmanifest", '{"name":"Pools"}');
    write("assets/index-Cx9_aZ12.js", "console.log('app')");
    write("assets/automerge_wasm_bg-Bq3kLm9P.wasm", Buffer.from([0, 0x61, 0x73, 0x6d]));
    write("assets/style-D4e5F6g7.css", "body{}");
    write("icons/icon-192.png", Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    write("docs/index.html", "<p>docs</p>");
    write(".env", SECRET);
    fs.writeFileSync(path.join(root, "secret.txt"), SECRET);
    fs.symlinkSync(path.join(root, "secret.txt"), path.join(dist, "link.txt"));
    relay = await startTestRelay({ staticDir: dist });
  });

  afterAll(async () => {
    await relay.close();
    removeDir(relay.dataDir);
    removeDir(root);
  });

  test.each([
    ["/", "text/html; charset=utf-8", "no-cache"],
    ["/index.html", "text/html; charset=utf-8", "no-cache"],
    ["/sw.js", "text/javascript; charset=utf-8", "no-cache"],
    ["/manifest.webmanifest", "application/manifest+json; charset=utf-8", "no-cache"],
    ["/assets/index-Cx9_aZ12.js", "text/javascript; charset=utf-8", "public, max-age=31536000, immutable"],
    ["/assets/automerge_wasm_bg-Bq3kLm9P.wasm", "application/wasm", "public, max-age=31536000, immutable"],
    ["/assets/style-D4e5F6g7.css", "text/css; charset=utf-8", "public, max-age=31536000, immutable"],
    ["/icons/icon-192.png", "image/png", "no-cache"],
  ])("GET %s → %s, Cache-Control %s", async (url, type, cache) => {
    const res = await rawGet(relay.port, url);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe(type);
    expect(res.headers["cache-control"]).toBe(cache);
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
  });

  test("unknown routes without an extension fall back to index.html (SPA)", async () => {
    for (const url of ["/pool/abc123", "/pools/x/proposals?tab=open", "/join#secret"]) {
      const res = await rawGet(relay.port, url);
      expect(res.status, url).toBe(200);
      expect(res.body).toContain("<title>Pools</title>");
      expect(res.headers["cache-control"]).toBe("no-cache");
    }
  });

  test("a directory with its own index.html serves it", async () => {
    expect((await rawGet(relay.port, "/docs/")).body).toBe("<p>docs</p>");
  });

  test("missing files with an extension are 404, not the app", async () => {
    const res = await rawGet(relay.port, "/assets/missing-12345678.js");
    expect(res.status).toBe(404);
  });

  test.each([
    "/../secret.txt",
    "/assets/../../secret.txt",
    "/%2e%2e/secret.txt",
    "/..%2fsecret.txt",
    "/assets/..%2f..%2fsecret.txt",
    "/..%5csecret.txt",
    "/.env",
    "/link.txt",
    "/%00",
    "/%E0%A4%A",
  ])("refuses %s without leaking anything", async (url) => {
    const res = await rawGet(relay.port, url);
    expect([400, 404]).toContain(res.status);
    expect(res.body).not.toContain(SECRET);
  });

  test("HEAD answers headers only; ETag revalidation answers 304", async () => {
    const head = await rawGet(relay.port, "/sw.js", "HEAD");
    expect(head.status).toBe(200);
    expect(head.body).toBe("");
    expect(Number(head.headers["content-length"])).toBeGreaterThan(0);
    const etag = head.headers.etag as string;
    expect(etag).toBeTruthy();
    const again = await rawGet(relay.port, "/sw.js", "GET", { "If-None-Match": etag });
    expect(again.status).toBe(304);
  });

  test("other methods are 405", async () => {
    const res = await rawGet(relay.port, "/", "POST");
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe("GET, HEAD");
  });

  test("/health is not shadowed by the app", async () => {
    const res = await rawGet(relay.port, "/health");
    expect(res.headers["content-type"]).toMatch(/text\/plain/);
  });
});

describe("without a built app", () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startTestRelay({ staticDir: path.join(tempDir(), "no-dist-here") });
  });
  afterAll(async () => {
    await relay.close();
    removeDir(relay.dataDir);
  });

  test("/ says to run npm run build", async () => {
    const res = await rawGet(relay.port, "/");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(res.body).toContain("npm run build");
  });

  test("other paths are 404", async () => {
    expect((await rawGet(relay.port, "/app.js")).status).toBe(404);
  });

  test("websocket upgrades are only accepted at /", async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${relay.port}/sync`);
    const status = await new Promise<number>((resolve) => {
      ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
      ws.on("error", () => {});
    });
    expect(status).toBe(404);
  });
});
