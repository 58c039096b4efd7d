/**
 * Clever's budget: N requests per bearer token per minute, a fixed window that resets each minute
 * (not a sliding average). Window boundaries follow the sandbox clock.
 */
export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Unix seconds when the window resets. */
  resetSeconds: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; used: number }>();

  constructor(
    public perMinute: number | null,
    private readonly now: () => number,
  ) {}

  hit(token: string): RateDecision {
    const now = this.now();
    const start = Math.floor(now / 60_000) * 60_000;
    const resetSeconds = Math.floor((start + 60_000) / 1000);
    if (this.perMinute === null) return { allowed: true, limit: 0, remaining: 0, resetSeconds };
    let window = this.windows.get(token);
    if (!window || window.start !== start) {
      window = { start, used: 0 };
      this.windows.set(token, window);
    }
    const allowed = window.used < this.perMinute;
    if (allowed) window.used++;
    return { allowed, limit: this.perMinute, remaining: Math.max(0, this.perMinute - window.used), resetSeconds };
  }
}
