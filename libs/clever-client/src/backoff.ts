export interface RetryPolicy {
  /** Attempts per request for 5xx, timeouts, network errors and broken bodies (default 5). */
  maxAttempts: number;
  /** First backoff step (default 500 ms); doubles each attempt. */
  baseDelayMs: number;
  /** Backoff ceiling (default 30 s). */
  maxDelayMs: number;
  /** How many 429s in a row a request sits out before giving up (default 10). */
  maxRateLimitWaits: number;
  /** Longest single wait for a rate-limit reset (default 2 min). */
  maxRateLimitWaitMs: number;
  /** Added to the reset time, for clock skew between us and Clever (default 250 ms). */
  rateLimitMarginMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRateLimitWaits: 10,
  maxRateLimitWaitMs: 120_000,
  rateLimitMarginMs: 250,
};

/**
 * Exponential backoff with full jitter: uniform in [0, min(max, base * 2^(attempt-1))]. Jitter keeps
 * many districts that failed together from retrying together.
 */
export function backoffDelay(attempt: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

interface HeaderSource {
  get(name: string): string | null;
}

/**
 * How long to sit out a 429: until `X-RateLimit-Reset` (unix seconds) plus a margin, else `Retry-After`
 * (seconds), else `fallbackMs`; never longer than the policy allows.
 */
export function rateLimitWaitMs(
  headers: HeaderSource,
  nowMs: number,
  policy: Pick<RetryPolicy, 'maxRateLimitWaitMs' | 'rateLimitMarginMs'>,
  fallbackMs: number,
): number {
  const reset = numericHeader(headers, 'x-ratelimit-reset');
  const retryAfter = numericHeader(headers, 'retry-after');
  let wait: number;
  if (reset !== undefined && reset > 0) wait = Math.max(0, reset * 1000 - nowMs) + policy.rateLimitMarginMs;
  else if (retryAfter !== undefined && retryAfter >= 0) wait = retryAfter * 1000;
  else wait = fallbackMs;
  return Math.min(wait, policy.maxRateLimitWaitMs);
}

function numericHeader(headers: HeaderSource, name: string): number | undefined {
  const raw = headers.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

/** Statuses worth retrying as they are: Clever failures. 501 means "unsupported" — retrying won't help. */
export function isRetriableStatus(status: number): boolean {
  return status >= 500 && status !== 501;
}
