import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 30_000,
    // expect.poll's own default (1 s) is shorter than a phone takes to sign, store and redraw on a
    // busy machine; a poll that would pass never fails for lack of patience.
    expect: { poll: { timeout: 20_000 } },
    hookTimeout: 60_000,
    // Browser and relay tests start real servers and Chromium; two cores cannot run many at once.
    maxWorkers: 2,
    // Starts a PostgreSQL cluster only under RELAY_TEST_STORE=postgres (relay suites over the Postgres store).
    globalSetup: ["tests/helpers/postgresGlobalSetup.ts"],
    // A failed browser test leaves a screenshot and the text of each open page (tests/helpers/failureReport.ts).
    setupFiles: ["tests/helpers/setupFailureReport.ts"],
  },
});
