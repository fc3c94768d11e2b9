/**
 * The IndexedDB stores keep the same contracts as the in-memory ones: the cases of
 * storeContracts.ts, bundled and run in headless Chromium (Node has no IndexedDB, and a mock
 * would only test the mock).
 */
import path from "node:path";
import type { Browser } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launchBrowser } from "../../helpers/browser.ts";
import type { CaseResult } from "./idbContracts.entry.ts";
import { DEVICE_STORE_CASES, EVENT_ARCHIVE_CASES, VERIFIED_ID_CACHE_CASES } from "./storeContracts.ts";

/** Any http origin will do: IndexedDB needs one, and the page is served by the test itself. */
const ORIGIN = "http://pools-contracts.test/";

let browser: Browser | undefined;
let results: CaseResult[] = [];

async function bundle(): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: "silent",
    build: {
      write: false,
      minify: false,
      lib: {
        entry: path.join(import.meta.dirname, "idbContracts.entry.ts"),
        formats: ["iife"],
        name: "PoolsIdbContracts",
      },
    },
  });
  const first = (Array.isArray(output) ? output[0] : output) as { output: { type: string; code?: string }[] };
  const chunk = first.output.find((o) => o.type === "chunk");
  if (chunk?.code === undefined) throw new Error("idb contracts: the bundle has no code");
  return chunk.code;
}

beforeAll(async () => {
  const code = await bundle();
  browser = await launchBrowser();
  const page = await browser.newPage();
  await page.route(`${ORIGIN}**`, (route) =>
    route.fulfill({ contentType: "text/html", body: "<!doctype html><title>contracts</title>" }),
  );
  await page.goto(ORIGIN);
  await page.addScriptTag({ content: code });
  results = await page.evaluate(() =>
    (
      window as unknown as { PoolsIdbContracts: { runIdbContracts(): Promise<CaseResult[]> } }
    ).PoolsIdbContracts.runIdbContracts(),
  );
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

const suites = [
  ["VerifiedIdCache", VERIFIED_ID_CACHE_CASES],
  ["EventArchive", EVENT_ARCHIVE_CASES],
  ["DeviceStore", DEVICE_STORE_CASES],
] as const;

for (const [suite, cases] of suites) {
  describe(`${suite} contract: IndexedDB in Chromium`, () => {
    for (const c of cases) {
      test(c.name, () => {
        const r = results.find((x) => x.suite === suite && x.name === c.name);
        expect(r, "the case ran in the browser").toBeDefined();
        expect(r?.error).toBeUndefined();
      });
    }
  });
}
