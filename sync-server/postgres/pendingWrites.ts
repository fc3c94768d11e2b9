/**
 * Writes and removals in progress, so that closing the store can wait for them: shutdown writes
 * everything before the process exits, as the file store does.
 */
export class PendingWrites {
  readonly #running = new Set<Promise<void>>();

  /** Runs `operation`, counted as in progress until it settles; returns its promise. */
  track(operation: () => Promise<void>): Promise<void> {
    const running = operation();
    this.#running.add(running);
    const done = () => this.#running.delete(running);
    running.then(done, done);
    return running;
  }

  /** Resolves once nothing is in progress, including what started while waiting. */
  async drain(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }
}
