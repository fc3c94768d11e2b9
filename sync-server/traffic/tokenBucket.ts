/**
 * A token bucket: `ratePerSecond` tokens flow in, up to `burst` held. Taking more than is held
 * puts the bucket in debt; the caller waits the returned time (the relay pauses reading the
 * socket) until the debt is paid. Pure: time comes in as `now` (ms).
 */
export class TokenBucket {
  readonly #rate: number;
  readonly #burst: number;
  #tokens: number;
  #last: number;

  constructor(ratePerSecond: number, burst: number, now: number) {
    this.#rate = ratePerSecond;
    this.#burst = burst;
    this.#tokens = burst;
    this.#last = now;
  }

  /** Takes `amount` tokens; returns how many ms until the bucket is out of debt (0: none). */
  take(amount: number, now: number): number {
    this.#refill(now);
    this.#tokens -= amount;
    return this.#tokens >= 0 ? 0 : Math.ceil((-this.#tokens / this.#rate) * 1000);
  }

  #refill(now: number): void {
    const elapsed = Math.max(0, now - this.#last);
    this.#last = now;
    this.#tokens = Math.min(this.#burst, this.#tokens + (elapsed * this.#rate) / 1000);
  }
}
