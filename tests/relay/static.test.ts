import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { WebSocket } from "ws";
import { precompressFile } from "../../scripts/precompressPlugin";
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

/** A request whose body is kept as bytes (compressed bodies are not text). */
function getBytes(port: number, rawPath: string, headers: Record<string, string> = {}, method = "GET") {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: rawPath, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("precompressed assets and security headers", () => {
  let root: string;
  let relay: TestRelay;
  // Stand-ins for the app's files: big enough and repetitive enough to compress well.
  const wasm = Buffer.concat(
    Array.from({ length: 2000 }, (_, i) => Buffer.from([0, 0x61, 0x73, 0x6d, i % 7, 1, 2, 3])),
  );
  const script = `${"export const answer = 42;\n".repeat(400)}console.log(answer);\n`;
  const WASM = "/assets/automerge-LjMxZKTS.wasm";
  const SCRIPT = "/assets/index-D8I8L9Hm.js";

  beforeAll(async () => {
    root = tempDir("pools-relay-encoding-");
    const write = (rel: string, content: string | Buffer) => {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), content);
    };
    write("index.html", `<!doctype html><title>Pools</title>${"<p>first visit</p>".repeat(100)}`);
    write("sw.js", `self.addEventListener('fetch', () => {});${" ".repeat(1000)}`);
    write(WASM, wasm);
    write(SCRIPT, script);
    // The build's own step makes the copies, as `npm run build` does.
    for (const rel of ["index.html", "sw.js", WASM, SCRIPT]) await precompressFile(path.join(root, rel));
    relay = await startTestRelay({ staticDir: root });
  });

  afterAll(async () => {
    await relay.close();
    removeDir(relay.dataDir);
    removeDir(root);
  });

  test("the wasm goes out as brotli when the browser accepts it, with Vary and its own type", async () => {
    const res = await getBytes(relay.port, WASM, { "Accept-Encoding": "gzip, deflate, br, zstd" });
    expect(res.status).toBe(200);
    expect(res.headers["content-encoding"]).toBe("br");
    expect(res.headers["content-type"]).toBe("application/wasm");
    expect(res.headers.vary).toBe("Accept-Encoding");
    expect(res.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(Number(res.headers["content-length"])).toBe(res.body.length);
    expect(res.body.length).toBeLessThan(wasm.length / 4);
    expect(zlib.brotliDecompressSync(res.body).equals(wasm)).toBe(true);
  });

  test("gzip when gzip is all the browser accepts", async () => {
    const res = await getBytes(relay.port, SCRIPT, { "Accept-Encoding": "gzip" });
    expect(res.headers["content-encoding"]).toBe("gzip");
    expect(res.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(res.headers.vary).toBe("Accept-Encoding");
    expect(zlib.gunzipSync(res.body).toString()).toBe(script);
  });

  test.each([
    ["no Accept-Encoding", {}],
    ["only identity", { "Accept-Encoding": "identity" }],
    ["brotli and gzip refused with q=0", { "Accept-Encoding": "br;q=0, gzip;q=0, deflate" }],
  ])("the file as it is with %s", async (_case, headers: Record<string, string>) => {
    const res = await getBytes(relay.port, WASM, headers);
    expect(res.headers["content-encoding"]).toBeUndefined();
    expect(res.headers.vary).toBe("Accept-Encoding");
    expect(res.body.equals(wasm)).toBe(true);
  });

  test("weights are honoured: gzip preferred over brotli when the browser says so", async () => {
    const res = await getBytes(relay.port, SCRIPT, { "Accept-Encoding": "br;q=0.5, gzip;q=0.9" });
    expect(res.headers["content-encoding"]).toBe("gzip");
    const any = await getBytes(relay.port, SCRIPT, { "Accept-Encoding": "*" });
    expect(any.headers["content-encoding"]).toBe("br");
  });

  test("index.html and the service worker are compressed and never cached without revalidation", async () => {
    for (const url of ["/", "/index.html", "/sw.js", "/pool/abc"]) {
      const res = await getBytes(relay.port, url, { "Accept-Encoding": "br" });
      expect(res.headers["content-encoding"], url).toBe("br");
      expect(res.headers["cache-control"], url).toBe("no-cache");
    }
  });

  test("each encoding has its own ETag, and revalidation answers 304 only for the same one", async () => {
    const br = await getBytes(relay.port, SCRIPT, { "Accept-Encoding": "br" });
    const gz = await getBytes(relay.port, SCRIPT, { "Accept-Encoding": "gzip" });
    const plainRes = await getBytes(relay.port, SCRIPT);
    const tags = new Set([br.headers.etag, gz.headers.etag, plainRes.headers.etag]);
    expect(tags.size).toBe(3);
    const again = await getBytes(relay.port, SCRIPT, {
      "Accept-Encoding": "br",
      "If-None-Match": String(br.headers.etag),
    });
    expect(again.status).toBe(304);
    const other = await getBytes(relay.port, SCRIPT, {
      "Accept-Encoding": "gzip",
      "If-None-Match": String(br.headers.etag),
    });
    expect(other.status).toBe(200);
    expect(other.headers["content-encoding"]).toBe("gzip");
  });

  test("HEAD gives the compressed copy's length and no body", async () => {
    const res = await getBytes(relay.port, WASM, { "Accept-Encoding": "br" }, "HEAD");
    expect(res.headers["content-encoding"]).toBe("br");
    expect(Number(res.headers["content-length"])).toBe(fs.statSync(path.join(root, `${WASM}.br`)).size);
    expect(res.body.length).toBe(0);
  });

  test("a compressed copy older than its file is stale and never served", async () => {
    const stale = path.join(root, "stale.txt");
    fs.writeFileSync(stale, "old ".repeat(500));
    await precompressFile(stale);
    const past = new Date(Date.now() - 60_000);
    fs.utimesSync(`${stale}.br`, past, past);
    fs.utimesSync(`${stale}.gz`, past, past);
    fs.writeFileSync(stale, "new ".repeat(500));
    const res = await getBytes(relay.port, "/stale.txt", { "Accept-Encoding": "br, gzip" });
    expect(res.headers["content-encoding"]).toBeUndefined();
    expect(res.body.toString()).toBe("new ".repeat(500));
  });

  test.each(["/", "/index.html", SCRIPT, WASM, "/missing.js", "/health"])(
    "every response carries the CSP, Referrer-Policy and nosniff: %s",
    async (url) => {
      const res = await getBytes(relay.port, url, { Host: `127.0.0.1:${relay.port}` });
      const csp = String(res.headers["content-security-policy"]);
      const directives = new Map(
        csp.split(";").map((d) => {
          const [name = "", ...values] = d.trim().split(/\s+/);
          return [name, values] as const;
        }),
      );
      expect(directives.get("default-src")).toEqual(["'self'"]);
      expect(directives.get("script-src")).toEqual(["'self'", "'wasm-unsafe-eval'"]);
      expect(directives.get("connect-src")).toEqual([
        "'self'",
        `ws://127.0.0.1:${relay.port}`,
        `wss://127.0.0.1:${relay.port}`,
      ]);
      expect(directives.get("frame-ancestors")).toEqual(["'none'"]);
      expect(res.headers["referrer-policy"]).toBe("no-referrer");
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
    },
  );

  test("a Host that is not a plain host:port is never copied into the CSP", async () => {
    const res = await getBytes(relay.port, "/", { Host: "evil.example; script-src *" });
    const csp = String(res.headers["content-security-policy"]);
    expect(csp).not.toContain("evil");
    expect(csp).toContain("connect-src 'self';");
  });

  test("/health still answers as before, uncompressed", async () => {
    const res = await getBytes(relay.port, "/health", { "Accept-Encoding": "br, gzip" });
    expect(res.status).toBe(200);
    expect(res.headers["content-encoding"]).toBeUndefined();
  });
});
