/** How long opening a pool or flood from a link may take before the person is told to retry. */
export const FIND_TIMEOUT_MS = 20_000;

/**
 * Waits for a session to open, up to `ms`. When the time runs out the person is told, and a
 * session that opens after all is closed rather than left running unseen (it would keep
 * recomputing and healing the document for the rest of the app's life).
 */
export async function openWithTimeout<S extends { close(): void }, R extends { ok: true; value: S } | { ok: false }>(
  opening: Promise<R>,
  ms = FIND_TIMEOUT_MS,
): Promise<R | "timeout"> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), ms);
  });
  const winner = await Promise.race([opening, timeout]);
  clearTimeout(timer);
  if (winner === "timeout")
    void opening.then(
      (late) => late.ok && late.value.close(),
      (error: unknown) => console.warn("Pools: opening failed after the person was told it timed out", error),
    );
  return winner;
}
