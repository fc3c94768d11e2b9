/** The test fixture is a faithful copy of the shared vectors, so the suite tests the real cases. */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { POOLS_VERDICTS, speccheckCases } from "./speccheckVerdicts.ts";

// The CI clone has shared/ beside the repository: <root>/../shared/vectors/.
const shared = new URL("../../../shared/vectors/ed25519-speccheck-cases.json", import.meta.url);
const fixture = new URL("../fixtures/ed25519-speccheck-cases.json", import.meta.url);

describe("speccheck vectors", () => {
  it("holds the 10 cases the verdict table covers", () => {
    expect(speccheckCases).toHaveLength(10);
    expect(POOLS_VERDICTS).toHaveLength(10);
    for (const c of speccheckCases) {
      expect(c.pub_key).toMatch(/^[0-9a-f]{64}$/);
      expect(c.signature).toMatch(/^[0-9a-f]{128}$/);
    }
  });

  // SHA-256 of ../shared/vectors/ed25519-speccheck-cases.json when it was copied: a clone without
  // shared/ beside it still checks the fixture against it, one with it compares the bytes too.
  const SHARED_SHA256 = "1b3169abef325c33de19479314d63c315577514d6e02bcb6a39a6c53e8864e97";

  it("the fixture is byte-identical to ../shared/vectors", () => {
    const bytes = readFileSync(fixture);
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(SHARED_SHA256);
    if (existsSync(shared)) expect(bytes).toEqual(readFileSync(shared));
  });
});
