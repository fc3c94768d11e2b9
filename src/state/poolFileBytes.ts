/**
 * A pool file the person picked, read into memory only when it can be one: a file larger than
 * any pool's (sync/poolFileLimit.ts) is refused before a phone tries to hold it.
 */

import { MAX_POOL_FILE_BYTES } from "../sync/poolFileLimit.ts";
import { syncReasonText } from "../sync/syncReasons.ts";
import { type CommandResult, done, failed } from "./errors.ts";

export async function poolFileBytes(file: Blob): Promise<CommandResult<Uint8Array>> {
  if (file.size > MAX_POOL_FILE_BYTES) return failed(syncReasonText("file-too-large"));
  return done(new Uint8Array(await file.arrayBuffer()));
}
