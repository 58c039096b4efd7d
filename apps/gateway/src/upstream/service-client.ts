import { CORRELATION_HEADER, currentCorrelationId, type Logger } from '@roster/observability';
import { INTERNAL_TOKEN_HEADER, signInternalToken, type Caller } from '@roster/authz';
import { ProblemError } from '@roster/problems';

export type ServiceName = 'identity' | 'classes' | 'clever-ingestion';

export interface UpstreamRequest {
  query?: Record<string, string | number | boolean | undefined | null>;
  body?: unknown;
}

export interface UpstreamResponse<T> {
  status: number;
  body: T;
}

/** Problem fields that describe the service's own request; the rest (`errors`, `runId`…) is passed on. */
const ownFields = new Set(['type', 'title', 'status', 'code', 'detail', 'instance']);

const statusCodes: Record<number, string> = {
  400: 'BAD_REQUEST',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'RATE_LIMITED',
};

export const serviceUnavailable = (service: string) =>
  new ProblemError(503, 'SERVICE_UNAVAILABLE', 'Service unavailable', `${service} is not reachable; try again shortly`);

/**
 * Calls one service's internal API (`/internal/v1/…`) for a caller, with a fresh internal token
 * (audience = the service). Answers:
 * - 2xx → the parsed JSON body (undefined for 204);
 * - a problem from the service → the same status and code (and its extra fields), so clients see the
 *   owning service's answer unchanged;
 * - the service refusing our internal token (401) → 502 UPSTREAM_AUTH_REJECTED (a misconfigured secret,
 *   not the user's fault: the public 401 is reserved for the user's own credentials);
 * - unreachable, timed out, or a 5xx that is not a problem (a proxy's page) → 503 SERVICE_UNAVAILABLE.
 */
export class ServiceClient {
  private readonly base: string;

  constructor(
    readonly service: ServiceName,
    baseUrl: string,
    private readonly secret: string,
    private readonly logger: Logger,
    private readonly timeoutMs = 10_000,
  ) {
    this.base = baseUrl.replace(/\/+$/, '');
  }

  get baseUrl(): string {
    return this.base;
  }

  async call<T>(caller: Caller, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, request: UpstreamRequest = {}): Promise<UpstreamResponse<T>> {
    const url = new URL(`${this.base}/internal/v1${path}`);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = {
      [INTERNAL_TOKEN_HEADER]: signInternalToken(caller, this.service, this.secret),
      accept: 'application/json',
    };
    const correlationId = currentCorrelationId();
    if (correlationId) headers[CORRELATION_HEADER] = correlationId;
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    let text: string;
    try {
      res = await fetch(url, {
        method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'manual',
      });
      text = await res.text();
    } catch (error) {
      this.logger.warn({ event: 'upstream.unreachable', service: this.service, method, err: { message: (error as Error).message } }, 'service unreachable');
      throw serviceUnavailable(this.service);
    }
    if (res.status >= 200 && res.status < 300) {
      if (res.status === 204 || text === '') return { status: res.status, body: undefined as T };
      try {
        return { status: res.status, body: JSON.parse(text) as T };
      } catch {
        this.logger.error({ event: 'upstream.bad_body', service: this.service, method, status: res.status }, 'service answered non-JSON');
        throw new ProblemError(502, 'UPSTREAM_INVALID_RESPONSE', 'Bad gateway', `${this.service} answered something that is not JSON`);
      }
    }
    throw this.problemOf(res, text, method);
  }

  get<T>(caller: Caller, path: string, query?: UpstreamRequest['query']): Promise<T> {
    return this.call<T>(caller, 'GET', path, { query }).then((r) => r.body);
  }

  private problemOf(res: Response, text: string, method: string): ProblemError {
    const contentType = res.headers.get('content-type') ?? '';
    let body: Record<string, unknown> | undefined;
    if (contentType.includes('json')) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
      } catch {
        body = undefined;
      }
    }
    const code = typeof body?.code === 'string' && /^[A-Z0-9_]{1,80}$/.test(body.code) ? body.code : undefined;
    if (res.status === 401) {
      this.logger.error({ event: 'upstream.auth_rejected', service: this.service, method, code }, 'service refused the internal token');
      return new ProblemError(502, 'UPSTREAM_AUTH_REJECTED', 'Bad gateway', `${this.service} refused the gateway's credentials`);
    }
    if (!code) {
      if (res.status >= 500) {
        this.logger.warn({ event: 'upstream.error', service: this.service, method, status: res.status }, 'service failed');
        return serviceUnavailable(this.service);
      }
      return new ProblemError(res.status, statusCodes[res.status] ?? 'UPSTREAM_ERROR', res.statusText || 'Request failed');
    }
    if (res.status >= 500) this.logger.warn({ event: 'upstream.error', service: this.service, method, status: res.status, code }, 'service failed');
    const extra: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(body ?? {})) if (!ownFields.has(key)) extra[key] = value;
    const title = typeof body?.title === 'string' ? body.title : res.statusText || 'Request failed';
    const detail = typeof body?.detail === 'string' ? body.detail : undefined;
    return new ProblemError(res.status, code, title, detail, extra);
  }
}

/** The three services the gateway fronts. */
export interface Upstreams {
  identity: ServiceClient;
  classes: ServiceClient;
  ingestion: ServiceClient;
}

export const UPSTREAMS = Symbol.for('roster.gateway.upstreams');
