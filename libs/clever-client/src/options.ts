import { DEFAULT_RETRY, RetryPolicy } from './backoff';
import { FetchLike, RequestEvent } from './transport';

export type ApiVersion = 'v3.0' | 'v3.1';

export interface CleverClientOptions {
  /** Data API host (default https://api.clever.com). */
  apiBaseUrl?: string;
  /** OAuth host for /oauth/tokens and /oauth/authorize (default https://clever.com). */
  oauthBaseUrl?: string;
  apiVersion?: ApiVersion;
  clientId: string;
  clientSecret: string;
  /** Per-token budget (default 1200, Clever's documented limit). */
  requestsPerMinute?: number;
  retry?: Partial<RetryPolicy>;
  /** Per attempt, body included (default 30 s). */
  timeoutMs?: number;
  /** Page size for `pages` and `eventPages` (default 10000, Clever's maximum). */
  pageSize?: number;
  fetch?: FetchLike;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Jitter source (default Math.random). */
  random?: () => number;
  /** Called after every attempt: count requests by status for metrics. */
  onRequest?: (event: RequestEvent) => void;
}

export interface ResolvedClientOptions {
  apiBaseUrl: string;
  oauthBaseUrl: string;
  apiVersion: ApiVersion;
  clientId: string;
  clientSecret: string;
  requestsPerMinute: number;
  retry: RetryPolicy;
  timeoutMs: number;
  pageSize: number;
  fetch: FetchLike;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  random: () => number;
  onRequest?: (event: RequestEvent) => void;
}

export function resolveClientOptions(options: CleverClientOptions): ResolvedClientOptions {
  if (!options.clientId || !options.clientSecret) throw new TypeError('clientId and clientSecret are required');
  const apiVersion = options.apiVersion ?? 'v3.0';
  if (apiVersion !== 'v3.0' && apiVersion !== 'v3.1') throw new TypeError(`unsupported apiVersion ${String(apiVersion)}`);
  const pageSize = options.pageSize ?? 10_000;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 10_000) throw new RangeError('pageSize must be 1..10000');
  return {
    apiBaseUrl: trimSlash(options.apiBaseUrl ?? 'https://api.clever.com'),
    oauthBaseUrl: trimSlash(options.oauthBaseUrl ?? 'https://clever.com'),
    apiVersion,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    requestsPerMinute: options.requestsPerMinute ?? 1200,
    retry: { ...DEFAULT_RETRY, ...options.retry },
    timeoutMs: options.timeoutMs ?? 30_000,
    pageSize,
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    now: options.now ?? Date.now,
    random: options.random ?? Math.random,
    onRequest: options.onRequest,
  };
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
