/** The test fixture is a faithful copy of the shared vectors, so the suite tests the real cases. */
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

  it.runIf(existsSync(shared))("the fixture is byte-identical to ../shared/vectors", () => {
    expect(readFileSync(fixture)).toEqual(readFileSync(shared));
  });
});
