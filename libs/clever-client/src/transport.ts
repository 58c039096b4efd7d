import { backoffDelay, isRetriableStatus, rateLimitWaitMs, RetryPolicy } from './backoff';
import { CleverUnavailableError } from './errors';
import { RequestBudget } from './rate-budget';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** One finished attempt, for metrics: count requests by status (or failure kind). */
export interface RequestEvent {
  method: string;
  /** Path only (no host, no query). */
  path: string;
  /** The path with ids replaced by `:id` — a low-cardinality metrics label. */
  route: string;
  status: number | 'timeout' | 'network_error';
  /** Whether the body of a 2xx was unusable (truncated, HTML, wrong shape). */
  badBody: boolean;
  attempt: number;
  durationMs: number;
  /** What the client does next. */
  outcome: 'done' | 'retry' | 'wait_rate_limit' | 'give_up';
}

export interface TransportDeps {
  fetch: FetchLike;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  random: () => number;
  timeoutMs: number;
  retry: RetryPolicy;
  budget: RequestBudget;
  onRequest?: (event: RequestEvent) => void;
}

export interface SendOptions {
  method?: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** Budget key (the bearer token, or the client id for OAuth calls). */
  budgetKey: string;
  /** false: one attempt only (code exchange: a retry could redeem a code twice). */
  retry?: boolean;
  /** Extra check on a parsed 2xx body; false counts as a broken body (retried). */
  validate?: (body: unknown) => boolean;
}

/** A final answer: 2xx with a usable JSON body, or a status the caller must handle (4xx, 501). */
export interface SendResult {
  status: number;
  ok: boolean;
  /** Parsed JSON; undefined when a non-2xx body wasn't JSON (Clever sends HTML sometimes). */
  body: unknown;
  headers: Headers;
}

type Attempt =
  | { kind: 'response'; status: number; headers: Headers; text: string }
  | { kind: 'timeout' }
  | { kind: 'network_error'; error: unknown };

/**
 * Sends one logical request with Clever's etiquette: per-token budget, 429 → wait for the announced
 * reset, 5xx / timeouts / network errors / broken 2xx bodies → exponential backoff with jitter, all
 * bounded. 4xx and 501 come back to the caller unretried.
 */
export class Transport {
  constructor(private readonly deps: TransportDeps) {}

  async send(url: string, options: SendOptions): Promise<SendResult> {
    const { retry: policy } = this.deps;
    const method = options.method ?? 'GET';
    const path = safePath(url);
    const route = path.replace(/\/[0-9a-f]{24}(?=\/|$)/gi, '/:id');
    const maxAttempts = options.retry === false ? 1 : policy.maxAttempts;
    let requests = 0; // everything sent
    let failures = 0; // failed attempts (429s excluded: waiting out a rate limit is not a failure)
    let rateLimitWaits = 0;

    for (;;) {
      await this.deps.budget.acquire(options.budgetKey);
      requests++;
      const started = this.deps.now();
      const attempt = await this.attempt(url, method, options);
      const durationMs = this.deps.now() - started;
      const report = (status: RequestEvent['status'], outcome: RequestEvent['outcome'], badBody = false) =>
        this.deps.onRequest?.({ method, path, route, status, badBody, attempt: requests, durationMs, outcome });
      /** Backs off, or throws when attempts ran out. */
      const fail = async (status: RequestEvent['status'], outcome: CleverUnavailableError['lastOutcome'], cause?: unknown) => {
        failures++;
        const badBody = outcome === 'bad_body';
        if (failures >= maxAttempts) {
          report(status, 'give_up', badBody);
          throw new CleverUnavailableError(path, requests, outcome, { cause });
        }
        report(status, 'retry', badBody);
        await this.deps.sleep(backoffDelay(failures, policy, this.deps.random));
      };

      if (attempt.kind !== 'response') {
        await fail(attempt.kind, attempt.kind, attempt.kind === 'network_error' ? attempt.error : undefined);
        continue;
      }

      const { status, headers, text } = attempt;
      if (status === 429) {
        rateLimitWaits++;
        if (rateLimitWaits > policy.maxRateLimitWaits || options.retry === false) {
          report(status, 'give_up');
          throw new CleverUnavailableError(path, requests, 429);
        }
        const wait = rateLimitWaitMs(headers, this.deps.now(), policy, backoffDelay(rateLimitWaits, policy, this.deps.random));
        // the budget makes every request on this token (not just this one) sit out the reset
        this.deps.budget.block(options.budgetKey, this.deps.now() + wait);
        report(status, 'wait_rate_limit');
        continue;
      }

      if (isRetriableStatus(status)) {
        await fail(status, status);
        continue;
      }

      const body = parseJson(text);
      const ok = status >= 200 && status < 300;
      if (ok && (body === undefined || (options.validate && !options.validate(body)))) {
        // truncated, HTML or otherwise broken: the next attempt will probably be fine
        await fail(status, 'bad_body');
        continue;
      }
      report(status, 'done');
      return { status, ok, body, headers };
    }
  }

  private async attempt(url: string, method: string, options: SendOptions): Promise<Attempt> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.deps.timeoutMs);
    try {
      const response = await this.deps.fetch(url, {
        method,
        headers: { accept: 'application/json', ...options.headers },
        body: options.body,
        signal: controller.signal,
        redirect: 'manual',
      });
      // the timeout covers the body too: a stalled stream is as bad as a stalled connect
      const text = await response.text();
      return { kind: 'response', status: response.status, headers: response.headers, text };
    } catch (error) {
      return timedOut ? { kind: 'timeout' } : { kind: 'network_error', error };
    } finally {
      clearTimeout(timer);
    }
  }
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url.split('?')[0];
  }
}
