import { TokenBucketLimiter } from './rate-limiter';

describe('TokenBucketLimiter', () => {
  it('allows a burst of perMinute, then refuses with the wait until the next token', () => {
    let now = 1_000_000;
    const limiter = new TokenBucketLimiter({ perMinute: 60, now: () => now });
    for (let i = 0; i < 60; i++) expect(limiter.take('a').allowed).toBe(true);
    const refused = limiter.take('a');
    expect(refused).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 1 });
    now += 1_000; // one token per second at 60/min
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
  });

  it('keeps one bucket per key', () => {
    const limiter = new TokenBucketLimiter({ perMinute: 2, now: () => 0 });
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
    expect(limiter.take('b').allowed).toBe(true);
  });

  it('refills continuously but never above the burst size', () => {
    let now = 0;
    const limiter = new TokenBucketLimiter({ perMinute: 6, burst: 3, now: () => now });
    for (let i = 0; i < 3; i++) limiter.take('k');
    const refused = limiter.take('k');
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBe(10); // 6/min = one token per 10 s
    now += 3_600_000;
    expect(limiter.take('k')).toMatchObject({ allowed: true, remaining: 2 });
  });

  it('forgets idle buckets and bounds the number of keys it tracks', () => {
    let now = 0;
    const limiter = new TokenBucketLimiter({ perMinute: 60, maxKeys: 100, now: () => now });
    for (let i = 0; i < 100; i++) limiter.take(`ip-${i}`);
    now += 120_000; // every bucket is full again
    limiter.take('newcomer');
    expect(limiter.size).toBeLessThanOrEqual(2);
    for (let i = 0; i < 1_000; i++) limiter.take(`flood-${i}`);
    expect(limiter.size).toBeLessThanOrEqual(101);
  });

  it('rejects a non-positive rate', () => {
    expect(() => new TokenBucketLimiter({ perMinute: 0 })).toThrow();
  });
});
