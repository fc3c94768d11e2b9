import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Browser and relay tests start real servers and Chromium; two cores cannot run many at once.
    maxWorkers: 2,
    // Starts a PostgreSQL cluster only under RELAY_TEST_STORE=postgres (relay suites over the Postgres store).
    globalSetup: ["tests/helpers/postgresGlobalSetup.ts"],
    // A failed browser test leaves a screenshot and the text of each open page (tests/helpers/failureReport.ts).
    setupFiles: ["tests/helpers/setupFailureReport.ts"],
  },
});
