/**
 * Serves the built app (`dist/`) over HTTP: GET and HEAD, correct content types, SPA fallback to
 * index.html for paths without a file extension, nothing outside the root (no `..`, no dotfiles,
 * no symlinks leading out), revalidation with ETag, and caching that suits a PWA:
 * hashed build assets are immutable, everything else (index.html, sw.js, the manifest) is
 * `no-cache` so a new release is picked up at once.
 *
 * Precompressed copies made by the build (`file.br`, `file.gz`, see vite.config.ts) are sent
 * when the request's Accept-Encoding allows them, with their own ETag and `Vary: Accept-Encoding`,
 * so Automerge's 3.6 MB wasm crosses the network as about 0.8 MB.
 *
 * When the root has no index.html the app is not built: `/` answers a short page saying so.
 */
import fs from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { chooseEncoding, type Encoding } from "./acceptEncoding";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json; charset=utf-8",
  ".wasm": "application/wasm",
  ".txt": "text/plain; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".otf": "font/otf",
};

/** Where each encoding's copy lives, next to the file. */
const SUFFIX: Record<Encoding, string> = { br: ".br", gzip: ".gz" };

const NOT_BUILT = `Pools relay is running, but the app is not built.
Run \`npm run build\` to create dist/, then reload this page.
The sync endpoint is this address over websocket (ws://…/), and /health reports status.
`;

export type StaticHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
}

/** Files a browser must revalidate every time; everything else is immutable only under assets/. */
export function cacheControlFor(relative: string): string {
  const posix = relative.split(path.sep).join("/");
  if (/^assets\/.+-[A-Za-z0-9_-]{6,}\.[a-z0-9]+$/.test(posix)) return "public, max-age=31536000, immutable";
  return "no-cache";
}

/** @param root the built app; undefined when there is none. */
export function createStaticHandler(root: string | undefined): StaticHandler {
  const base = root === undefined ? undefined : path.resolve(root);

  return async (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      return plain(res, 405, "Method Not Allowed\n", { Allow: "GET, HEAD" });
    }
    const pathname = decodePath(req.url ?? "/");
    if (pathname === null) return plain(res, 400, "Bad Request\n");

    const realBase = base === undefined ? null : await realpath(base);
    if (realBase === null || !(await isFile(path.join(realBase, "index.html")))) {
      return pathname === "/"
        ? plain(res, 200, NOT_BUILT, { "Cache-Control": "no-cache" })
        : plain(res, 404, "Not Found\n");
    }

    const segments = pathname.split("/").filter((s) => s !== "");
    // Refuse rather than normalise: `..` or a dotfile in a URL is never a request for the app.
    if (segments.some((s) => s.startsWith(".") || s.includes("\\"))) return plain(res, 404, "Not Found\n");

    let file = await resolveInside(realBase, segments);
    if (file !== null && (await isDirectory(file))) file = await resolveInside(realBase, [...segments, "index.html"]);
    if (file === null || !(await isFile(file))) {
      const last = segments.at(-1) ?? "";
      // SPA fallback: a route such as /pool/abc is the app's; a missing /x.js is a real 404.
      if (path.extname(last) !== "") return plain(res, 404, "Not Found\n");
      file = path.join(realBase, "index.html");
    }
    await sendFile(req, res, file, path.relative(realBase, file));
  };
}

function decodePath(url: string): string | null {
  const raw = url.split("?")[0]?.split("#")[0] ?? "/";
  try {
    const decoded = decodeURIComponent(raw);
    if (decoded.includes("\0") || !decoded.startsWith("/")) return null;
    return decoded;
  } catch {
    return null;
  }
}

/** The real path of root/segments, or null if it does not exist or lies outside root. */
async function resolveInside(realBase: string, segments: string[]): Promise<string | null> {
  const candidate = path.resolve(realBase, ...segments);
  const real = await realpath(candidate);
  if (real === null) return null;
  return real === realBase || real.startsWith(realBase + path.sep) ? real : null;
}

async function sendFile(req: IncomingMessage, res: ServerResponse, file: string, relative: string): Promise<void> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch {
    return plain(res, 404, "Not Found\n");
  }
  const variants = await compressedVariants(file);
  const encoding = chooseEncoding(headerText(req.headers["accept-encoding"]), new Set(variants.keys()));
  const sent = encoding === undefined ? { path: file, stat } : (variants.get(encoding) as CompressedVariant);
  // A weak ETag per representation: a cache must never answer a gzip request with brotli bytes.
  const etag = `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}${encoding ? `-${encoding}` : ""}"`;
  const headers: Record<string, string | number> = {
    "Content-Type": contentTypeFor(file),
    "Cache-Control": cacheControlFor(relative),
    ETag: etag,
    "Last-Modified": stat.mtime.toUTCString(),
    "X-Content-Type-Options": "nosniff",
  };
  if (variants.size > 0) headers.Vary = "Accept-Encoding";
  if (encoding !== undefined) headers["Content-Encoding"] = encoding;
  if (req.headers["if-none-match"] === etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, "Content-Length": sent.stat.size });
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  await new Promise<void>((resolve) => {
    const stream = fs.createReadStream(sent.path);
    stream.on("error", () => {
      res.destroy();
      resolve();
    });
    res.on("close", () => {
      stream.destroy();
      resolve();
    });
    stream.pipe(res);
  });
}

interface CompressedVariant {
  path: string;
  stat: fs.Stats;
}

/** The build's compressed copies of `file` that are regular files at least as new as it. */
async function compressedVariants(file: string): Promise<Map<Encoding, CompressedVariant>> {
  const found = new Map<Encoding, CompressedVariant>();
  const original = await fs.promises.stat(file);
  for (const encoding of Object.keys(SUFFIX) as Encoding[]) {
    const p = file + SUFFIX[encoding];
    try {
      const stat = await fs.promises.lstat(p); // a symlink is never followed out of the root
      // A stale copy left from an older build would serve old bytes under the new name.
      if (stat.isFile() && stat.mtimeMs >= original.mtimeMs) found.set(encoding, { path: p, stat });
    } catch {
      // No copy in this encoding: the file goes out as it is.
    }
  }
  return found;
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(",") : value;
}

function plain(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    "X-Content-Type-Options": "nosniff",
    ...headers,
  });
  res.end(body);
}

async function realpath(p: string): Promise<string | null> {
  try {
    return await fs.promises.realpath(p);
  } catch {
    return null;
  }
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await fs.promises.stat(p)).isFile();
  } catch {
    return false;
  }
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await fs.promises.stat(p)).isDirectory();
  } catch {
    return false;
  }
}
