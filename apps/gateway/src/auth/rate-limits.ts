import { TokenBucketLimiter, type RateLimitDecision } from '../domain/rate-limiter';

/** The gateway's two limiters: per signed-in account, and per client IP for unauthenticated calls. */
export class RateLimits {
  private readonly principals: TokenBucketLimiter;
  private readonly anonymous: TokenBucketLimiter;

  constructor(options: { perMinute: number; anonymousPerMinute: number }) {
    this.principals = new TokenBucketLimiter({ perMinute: options.perMinute });
    this.anonymous = new TokenBucketLimiter({ perMinute: options.anonymousPerMinute });
  }

  forAccount(accountId: string): RateLimitDecision {
    return this.principals.take(accountId);
  }

  forIp(ip: string): RateLimitDecision {
    return this.anonymous.take(ip);
  }
}
