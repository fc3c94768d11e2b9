/** Every test file: a failed test leaves what its open pages showed (failureReport.ts). */
import { afterEach } from "vitest";
import { reportOpenPages } from "./failureReport.ts";

afterEach(async (context) => {
  if (context.task.result?.state === "fail") await reportOpenPages(context.task.fullName ?? context.task.name);
});
