/**
 * When a browser test fails, what each open page showed at that moment: a screenshot and the
 * first lines of its text, in test-artifacts/failures/. CI shows only the end of the log, so
 * .ci/run prints failures.txt just before its summary line; a timeout then says which screen the
 * phone was stuck on instead of only which step gave up.
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";

const DIR = path.resolve(import.meta.dirname, "../../test-artifacts/failures");
export const FAILURES_FILE = path.join(DIR, "failures.txt");

const browsers = new Set<Browser>();
const contexts = new Set<BrowserContext>();

/** Called by the launchers in browser.ts: every browser a test opens is looked at if the test fails. */
export function watchBrowser(browser: Browser): void {
  browsers.add(browser);
  browser.on("disconnected", () => browsers.delete(browser));
}

export function watchContext(context: BrowserContext): void {
  contexts.add(context);
  context.on("close", () => contexts.delete(context));
}

function openPages(): Page[] {
  const all = [...contexts];
  for (const b of browsers) if (b.isConnected()) all.push(...b.contexts());
  return all.flatMap((c) => c.pages()).filter((p) => !p.isClosed());
}

/** A page that does not answer within a few seconds is reported as such, not waited on. */
function within<T>(ms: number, work: Promise<T>): Promise<T | "no answer"> {
  return Promise.race([work, new Promise<"no answer">((r) => setTimeout(() => r("no answer"), ms))]);
}

export async function reportOpenPages(testName: string): Promise<void> {
  const pages = openPages();
  if (pages.length === 0) return;
  fs.mkdirSync(DIR, { recursive: true });
  const slug = testName.replace(/[^a-z0-9]+/gi, "-").slice(0, 60);
  const lines = [`${testName}:`];
  for (const [i, page] of pages.entries()) {
    const shot = path.join(DIR, `${slug}-${i}.png`);
    const body = page.locator("body");
    // biome-ignore lint/performance/useDomNodeTextContent: what the person sees, not hidden nodes' text
    const seen = body.innerText();
    const text = await within(
      5000,
      seen.catch((e: Error) => `unreadable: ${e.message}`),
    );
    await within(
      5000,
      page.screenshot({ path: shot, fullPage: true }).catch(() => undefined),
    );
    const shown = String(text).replace(/\s+/g, " ").trim().slice(0, 400);
    lines.push(`  page ${i} ${page.url()}\n    shows: ${shown}`);
  }
  fs.appendFileSync(FAILURES_FILE, `${lines.join("\n")}\n`);
}
