/**
 * Builds the app once for all browser tests and benchmarks: a key from the sources' paths,
 * sizes and modification times names the output folder, so a second test file (or a second
 * run with unchanged sources) reuses it. A mkdir lock lets parallel workers wait for one build.
 */
import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
export const ROOT = path.resolve(import.meta.dirname, "../../..");
const INPUTS = [
  "src",
  "public",
  "scripts",
  "index.html",
  "vite.config.ts",
  "package.json",
  "tests/e2e/support/build.ts",
];

function sourceKey(): string {
  const hash = crypto.createHash("sha256");
  const walk = (p: string) => {
    const full = path.join(ROOT, p);
    if (!fs.existsSync(full)) return;
    const st = fs.statSync(full);
    if (st.isDirectory()) for (const name of fs.readdirSync(full).sort()) walk(path.join(p, name));
    else hash.update(`${p}:${st.size}:${st.mtimeMs}\n`);
  };
  for (const input of INPUTS) walk(input);
  return hash.digest("hex").slice(0, 16);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The folder holding a fresh production build of the app (dist layout). */
export async function buildApp(): Promise<string> {
  const base = path.join(ROOT, "test-artifacts", "app-build");
  const out = path.join(base, sourceKey());
  const done = path.join(out, ".built");
  const lock = `${out}.lock`;
  fs.mkdirSync(base, { recursive: true });
  for (;;) {
    if (fs.existsSync(done)) return out;
    try {
      fs.mkdirSync(lock);
    } catch {
      // Someone else is building; a lock older than five minutes is left over from a crash.
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 300_000) fs.rmSync(lock, { recursive: true, force: true });
      await sleep(250);
      continue;
    }
    try {
      if (fs.existsSync(done)) return out;
      await run(
        process.execPath,
        [
          path.join(ROOT, "node_modules/vite/bin/vite.js"),
          "build",
          "--outDir",
          out,
          "--emptyOutDir",
          "--logLevel",
          "warn",
        ],
        {
          cwd: ROOT,
          // Under vitest NODE_ENV is "test", which would make Vite build a development bundle.
          env: { ...process.env, NODE_ENV: "production" },
          maxBuffer: 16 * 1024 * 1024,
        },
      );
      fs.writeFileSync(done, new Date().toISOString());
      for (const old of fs.readdirSync(base)) {
        if (old !== path.basename(out) && !old.endsWith(".lock"))
          fs.rmSync(path.join(base, old), { recursive: true, force: true });
      }
      return out;
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
  }
}
