/**
 * With `RELAY_TEST_STORE=postgres`, one throwaway PostgreSQL cluster serves the whole run and every
 * relay started by `startTestRelay` stores its documents in a fresh database there, so the relay's
 * own interop, bad-input and quota suites run against the Postgres store too:
 * `RELAY_TEST_STORE=postgres npx vitest run tests/relay/sync.test.ts tests/relay/badInput.test.ts tests/relay/storageQuota.test.ts`.
 * Without it this does nothing.
 */
import type { TestProject } from "vitest/node";
import { startPostgres } from "./postgres";

declare module "vitest" {
  export interface ProvidedContext {
    /** The shared test cluster's base URL when the relay tests run over PostgreSQL. */
    relayTestPostgres: string | undefined;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (process.env.RELAY_TEST_STORE !== "postgres") {
    project.provide("relayTestPostgres", undefined);
    return undefined;
  }
  const pg = await startPostgres();
  project.provide("relayTestPostgres", pg.baseUrl);
  return () => pg.stop();
}
