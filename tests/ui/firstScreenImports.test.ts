/**
 * The first screen renders before Automerge arrives (tests/e2e/firstScreen.test.ts shows it in
 * Chromium): that holds only while nothing the entry point imports statically reaches Automerge,
 * the repo, or the sync modules that use them. Sync is reached through `import()` only
 * (src/state/engine.ts). This walks the static imports from src/main.tsx, as the bundler does.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const ENTRY = path.join(ROOT, "src/main.tsx");

/** Static `import … from "x"` and `export … from "x"`, not `import type` and not `import("x")`. */
function staticImports(file: string): string[] {
  const code = fs.readFileSync(file, "utf8");
  const specs: string[] = [];
  for (const m of code.matchAll(/^\s*(import|export)\s+(?!type\b)([^;]*?)\s*from\s*"([^"]+)"/gms)) {
    specs.push(m[3] as string);
  }
  for (const m of code.matchAll(/^\s*import\s+"([^"]+)"/gm)) specs.push(m[1] as string);
  return specs;
}

/** Every module the entry loads before its first `import()`: local files by path, packages by name. */
function staticClosure(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of staticImports(file)) {
      if (spec.startsWith(".")) {
        const target = path.resolve(path.dirname(file), spec.replace(/\?.*$/, ""));
        if (/\.(tsx?|jsx?)$/.test(target)) queue.push(target);
      } else {
        packages.add(spec);
      }
    }
  }
  return { files, packages };
}

describe("the first screen's JavaScript", () => {
  const { files, packages } = staticClosure(ENTRY);
  const relative = [...files].map((f) => path.relative(ROOT, f));

  test("reaches no Automerge package statically", () => {
    expect([...packages].filter((p) => p.startsWith("@automerge/"))).toEqual([]);
  });

  test("reaches sync only through its plain pieces (device storage, link, key-list and reason codecs, the pool file size limit)", () => {
    const sync = relative.filter((f) => f.startsWith("src/sync/"));
    // The invite link reads a list of epoch keys with the flood links' codec (plain text, no engine).
    for (const f of sync)
      expect(f).toMatch(
        /^src\/sync\/(storage\/|inviteLink\.ts$|syncReasons\.ts$|encryption\/floodKeysText\.ts$|poolFileLimit\.ts$)/,
      );
  });

  test("loads the engine and the other screens only with import()", () => {
    expect(relative).not.toContain("src/state/engine.ts");
    expect(relative).not.toContain("src/state/poolModel.ts");
    expect(relative).not.toContain("src/ui/laterScreens.ts");
    // The walk itself found the app: a test that sees nothing proves nothing.
    expect(relative).toEqual(expect.arrayContaining(["src/state/app.ts", "src/ui/screens/FirstRun.tsx"]));
  });

  test("takes core's small pieces by their own files, never core's index (all of the core's derivation)", () => {
    expect(relative).not.toContain("src/core/index.ts");
    expect(relative.filter((f) => /^src\/core\/(pool|tally|graph|ledger)\//.test(f))).toEqual([]);
  });
});
