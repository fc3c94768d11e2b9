/**
 * The first visit on a phone (DESIGN.md §8), the built app served by the real relay on 127.0.0.1:
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
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import zlib from "node:zlib";
import * as chromeLauncher from "chrome-launcher";
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

async function lighthouseOnce(url: string): Promise<LighthouseRun> {
  // A fresh profile each run (chrome-launcher makes one): a first visit, nothing cached.
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: ["--headless=new", ...CHROMIUM_ARGS.filter((f) => f !== "--headless")],
  });
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
    chrome.kill();
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
