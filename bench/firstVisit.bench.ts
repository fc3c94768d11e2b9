/**
 * The first visit on a phone (docs/rules.md §8), the built app served by the real relay on 127.0.0.1:
 *  - lighthouse-mobile-performance: Lighthouse 12's performance score (0–100), its default mobile
 *    preset (a mid-range phone on slow 4G, simulated throttling), Debian's Chromium;
 *  - first-visit-lcp: Lighthouse's largest contentful paint under that throttling, ms;
 *  - first-visit-bytes: everything transferred on that first load (Lighthouse's total byte
 *    weight, compressed sizes as they went over the wire), kB;
 *  - app-js-gzip-before-first-screen: the JavaScript the first screen waits for, gzipped, kB: the
 *    entry script of index.html and the chunks it imports statically (Vite lists them as
 *    modulepreload links); what the app loads later with `import()` is not counted.
 *
 * Standalone: `npx tsx bench/firstVisit.bench.ts` prints one JSON line per result.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import zlib from "node:zlib";
import lighthouse from "lighthouse";
import { startAppServer } from "../tests/e2e/support/server.ts";
import { CHROMIUM, CHROMIUM_ARGS } from "../tests/helpers/browser.ts";

type Result = { name: string; value: number; unit: string };

/** Lighthouse's own runs vary by a few points on a busy machine: the median of a few. */
const RUNS = 3;

/** The entry script and its static imports, as index.html names them. */
export function firstScreenScripts(dist: string): string[] {
  const html = fs.readFileSync(path.join(dist, "index.html"), "utf8");
  const refs = [
    ...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
  ].map((m) => m[1] as string);
  return [...new Set(refs)].map((ref) => path.join(dist, ref.replace(/^\.?\//, "")));
}

export function firstScreenJsGzipKb(dist: string): number {
  let bytes = 0;
  for (const file of firstScreenScripts(dist)) bytes += zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
  return bytes / 1000;
}

interface LighthouseRun {
  score: number;
  lcpMs: number;
  bytes: number;
}

/** Debian's Chromium with a fresh profile (a first visit: nothing cached), driven over its DevTools port. */
export async function launchChromium(): Promise<{ port: number; close(): Promise<void> }> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "pools-lighthouse-"));
  const flags = CHROMIUM_ARGS.filter((f) => f !== "--headless");
  const chrome = spawn(
    CHROMIUM,
    ["--headless=new", ...flags, "--remote-debugging-port=0", `--user-data-dir=${profile}`, "about:blank"],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  const exited = new Promise<void>((resolve) => chrome.once("exit", () => resolve()));
  const close = async () => {
    chrome.kill("SIGKILL");
    await exited;
    fs.rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
  };
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let seen = "";
      chrome.stderr.on("data", (chunk: Buffer) => {
        seen += chunk.toString();
        const m = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(seen);
        if (m) resolve(Number(m[1]));
      });
      chrome.once("exit", (code) =>
        reject(new Error(`Chromium exited (${code}) before listening: ${seen.slice(-500)}`)),
      );
    });
    return { port, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function lighthouseOnce(url: string): Promise<LighthouseRun> {
  const chrome = await launchChromium();
  try {
    const result = await lighthouse(url, { port: chrome.port, onlyCategories: ["performance"], logLevel: "error" });
    const lhr = result?.lhr;
    if (!lhr) throw new Error("Lighthouse returned no report");
    if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const score = lhr.categories.performance?.score;
    const lcp = lhr.audits["largest-contentful-paint"]?.numericValue;
    const bytes = lhr.audits["total-byte-weight"]?.numericValue;
    if (score == null || lcp === undefined || bytes === undefined) throw new Error("Lighthouse report is incomplete");
    return { score: Math.round(score * 100), lcpMs: lcp, bytes };
  } finally {
    await chrome.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

export async function benchFirstVisit(): Promise<Result[]> {
  const server = await startAppServer();
  try {
    const runs: LighthouseRun[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await lighthouseOnce(server.url));
    return [
      { name: "lighthouse-mobile-performance", value: median(runs.map((r) => r.score)), unit: "score" },
      { name: "first-visit-lcp", value: Math.round(median(runs.map((r) => r.lcpMs))), unit: "ms" },
      { name: "first-visit-bytes", value: median(runs.map((r) => r.bytes)) / 1000, unit: "kB" },
      { name: "app-js-gzip-before-first-screen", value: firstScreenJsGzipKb(server.dist), unit: "kB" },
    ];
  } finally {
    await server.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  for (const r of await benchFirstVisit()) {
    const value = Number.isInteger(r.value) ? r.value : Number(r.value.toFixed(3));
    console.log(JSON.stringify({ name: r.name, value, unit: r.unit }));
  }
}
