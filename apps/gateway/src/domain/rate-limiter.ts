/**
 * In-memory token buckets, one per key (a principal's account id, or a client IP for unauthenticated
 * calls). Each bucket holds up to `capacity` tokens and refills continuously at `perMinute / 60` tokens
 * a second. Pure logic: the clock is injected, no I/O.
 */
export interface RateLimitDecision {
  allowed: boolean;
  /** Tokens left after this request (floored). */
  remaining: number;
  /** When refused: seconds until one token is available again (at least 1). */
  retryAfterSeconds: number;
}

export interface TokenBucketOptions {
  /** Sustained requests per minute, also the burst size. */
  perMinute: number;
  /** Bucket size; defaults to perMinute. */
  burst?: number;
  /** Above this many tracked keys, idle (full) buckets are swept; if still above, the oldest are dropped. */
  maxKeys?: number;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly capacity: number;
  private readonly perMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(options: TokenBucketOptions) {
    if (!(options.perMinute > 0)) throw new Error('rate limit perMinute must be positive');
    this.capacity = Math.max(1, options.burst ?? options.perMinute);
    this.perMs = options.perMinute / 60_000;
    this.maxKeys = options.maxKeys ?? 50_000;
    this.now = options.now ?? Date.now;
  }

  /** Takes one token from `key`'s bucket. */
  take(key: string): RateLimitDecision {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (bucket) {
      bucket.tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.at) * this.perMs);
      bucket.at = now;
      // Keep Map order = least recently used first, for eviction.
      this.buckets.delete(key);
      this.buckets.set(key, bucket);
    } else {
      bucket = { tokens: this.capacity, at: now };
      this.buckets.set(key, bucket);
      if (this.buckets.size > this.maxKeys) this.sweep(now);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, remaining: Math.floor(bucket.tokens), retryAfterSeconds: 0 };
    }
    const waitMs = (1 - bucket.tokens) / this.perMs;
    return { allowed: false, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  get size(): number {
    return this.buckets.size;
  }

  private sweep(now: number): void {
    // A bucket that would be full again is indistinguishable from a new one: forget it.
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * this.perMs >= this.capacity) this.buckets.delete(key);
    }
    // Still too many (a flood of distinct keys): drop the least recently used.
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= this.maxKeys) break;
      this.buckets.delete(key);
    }
  }
}
