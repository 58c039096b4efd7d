/**
 * Client-side per-token budget, the mirror of Clever's: N requests per token per minute in a fixed
 * window. Requests over budget wait for the next window instead of collecting 429s. A 429 (Clever's
 * window is not aligned with ours) blocks the token until the reset it announced.
 */
export class RequestBudget {
  private readonly windows = new Map<string, { start: number; used: number; blockedUntil: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {
    if (!(perMinute > 0)) throw new RangeError('requestsPerMinute must be positive');
  }

  /** Resolves when a request for `key` may go out (and counts it). */
  async acquire(key: string): Promise<void> {
    for (;;) {
      const now = this.now();
      const w = this.window(key, now);
      if (w.blockedUntil > now) {
        await this.sleep(w.blockedUntil - now);
        continue;
      }
      if (w.used < this.perMinute) {
        w.used++;
        return;
      }
      await this.sleep(w.start + 60_000 - now);
    }
  }

  /** Clever said 429: nothing goes out for this token before `untilMs`. */
  block(key: string, untilMs: number): void {
    const w = this.window(key, this.now());
    w.blockedUntil = Math.max(w.blockedUntil, untilMs);
  }

  private window(key: string, now: number) {
    let w = this.windows.get(key);
    if (!w) {
      w = { start: now, used: 0, blockedUntil: 0 };
      this.windows.set(key, w);
      if (this.windows.size > 1000) this.prune(now);
    } else if (now - w.start >= 60_000) {
      w.start = now;
      w.used = 0;
    }
    return w;
  }

  /** Tokens rotate and SSO tokens come and go; forget the idle ones. */
  private prune(now: number): void {
    for (const [key, w] of this.windows) {
      if (now - w.start > 120_000 && w.blockedUntil < now) this.windows.delete(key);
    }
  }
}
