/**
 * The integrator's example (examples/botTally.ts) runs as a newcomer would run it, with tsx, and
 * prints the tally of a pool it founded, joined and voted in through the core's public API alone.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, test } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));

test("examples/botTally.ts founds, invites, joins, proposes, votes and prints the tally", {
  timeout: 120_000,
}, async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "examples/botTally.ts"], {
    cwd: root,
  });
  expect(stdout.trim().split("\n")).toEqual([
    "pool: Hiking Club Pool (2 members)",
    "proposal: Buy two tents — closed",
    "tally: yes 2, no 0, abstain 0 of 2",
    "result: passes",
    "refused: 0, junk: 0",
  ]);
});
