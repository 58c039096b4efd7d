import type { z } from 'zod';
import { CORRELATION_HEADER, counter, currentCorrelationId, metricName, type Logger } from '@roster/observability';
import { INTERNAL_TOKEN_HEADER, signInternalToken, type Caller } from '@roster/authz';
import { ProblemError } from '@roster/problems';

export type ServiceName = 'identity' | 'classes' | 'clever-ingestion';
export type UpstreamMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface UpstreamRequest {
  query?: Record<string, string | number | boolean | undefined | null>;
  body?: unknown;
}

/**
 * A path below `/internal/v1`, built with {@link path} only: every parameter is one encoded segment
 * (`encodeURIComponent`), and `.`, `..` or an empty value is refused, so an id can never name another
 * internal route (`new URL` would resolve `runs/../approve`). `route` is the template (`/classes/{}`),
 * for logs: it carries no ids.
 */
export class UpstreamPath {
  private constructor(
    readonly value: string,
    readonly route: string,
  ) {}

  static build(strings: readonly string[], params: readonly string[]): UpstreamPath {
    let value = strings[0];
    params.forEach((param, i) => {
      if (typeof param !== 'string' || param === '' || param === '.' || param === '..') throw invalidPathParameter();
      value += encodeURIComponent(param) + strings[i + 1];
    });
    return new UpstreamPath(value, strings.join('{}'));
  }
}

/** `path\`/classes/${id}/enrollments\`` — see {@link UpstreamPath}. */
export function path(strings: TemplateStringsArray, ...params: string[]): UpstreamPath {
  return UpstreamPath.build(strings, params);
}

const invalidPathParameter = () =>
  new ProblemError(400, 'VALIDATION_FAILED', 'The request is not valid', 'invalid path parameter', {
    errors: [{ path: 'params', message: 'a path parameter may not be empty, "." or ".."', code: 'invalid_path_segment' }],
  });

/** Problem fields that describe the service's own request; the rest (`errors`, `runId`…) is passed on. */
const ownFields = new Set(['type', 'title', 'status', 'code', 'detail', 'instance']);
/** Stable codes, flat (`VALIDATION_FAILED`) or namespaced by their owner (`CLASSES.CLASS_NOT_FOUND`). */
const CODE = /^[A-Z][A-Z0-9_]*(\.[A-Z][A-Z0-9_]*)*$/;

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

const contractViolations = counter(
  metricName('gateway', 'upstream_contract_violations_total'),
  'Upstream answers whose body did not match the internal API contract (@roster/internal-api).',
  ['service'],
);
// Alerted on with increase(): each series exists at 0 from the start, so the first violation counts.
for (const service of ['identity', 'classes', 'clever-ingestion']) contractViolations.inc({ service }, 0);

/**
 * Calls one service's internal API (`/internal/v1/…`) for a caller, with a fresh internal token
 * (audience = the service). Answers:
 * - 2xx → the JSON body parsed with the route's contract (`@roster/internal-api`): a body that does not
 *   match is 502 UPSTREAM_CONTRACT_VIOLATION, logged with the route and the issues' paths (never the
 *   values: answers carry personal data). Keys the contract does not declare are dropped;
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

  /** A call whose success answer has a body: parsed with `response`. */
  async call<S extends z.ZodType>(caller: Caller, method: UpstreamMethod, to: UpstreamPath, response: S, request: UpstreamRequest = {}): Promise<z.output<S>> {
    const { status, text } = await this.exchange(caller, method, to, request);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      this.logger.error({ event: 'upstream.bad_body', service: this.service, method, route: to.route, status }, 'service answered non-JSON');
      throw new ProblemError(502, 'UPSTREAM_INVALID_RESPONSE', 'Bad gateway', `${this.service} answered something that is not JSON`);
    }
    const parsed = response.safeParse(body);
    if (parsed.success) return parsed.data;
    contractViolations.inc({ service: this.service });
    this.logger.error(
      {
        event: 'upstream.contract_violation',
        service: this.service,
        method,
        route: to.route,
        status,
        issues: parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join('.'), code: i.code })),
      },
      'service answered a body that breaks its contract',
    );
    throw new ProblemError(502, 'UPSTREAM_CONTRACT_VIOLATION', 'Bad gateway', `${this.service} answered a body that does not match its contract`);
  }

  /** A GET with a body, parsed with `response`. */
  get<S extends z.ZodType>(caller: Caller, to: UpstreamPath, response: S, query?: UpstreamRequest['query']): Promise<z.output<S>> {
    return this.call(caller, 'GET', to, response, { query });
  }

  /** A call whose success answer has no body (204). */
  async send(caller: Caller, method: UpstreamMethod, to: UpstreamPath, request: UpstreamRequest = {}): Promise<void> {
    await this.exchange(caller, method, to, request);
  }

  private async exchange(caller: Caller, method: UpstreamMethod, to: UpstreamPath, request: UpstreamRequest): Promise<{ status: number; text: string }> {
    if (!(to instanceof UpstreamPath)) throw new Error('ServiceClient needs an UpstreamPath (path`...`)');
    const url = new URL(`${this.base}/internal/v1${to.value}`);
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
      this.logger.warn({ event: 'upstream.unreachable', service: this.service, method, route: to.route, err: { message: (error as Error).message } }, 'service unreachable');
      throw serviceUnavailable(this.service);
    }
    if (res.status >= 200 && res.status < 300) return { status: res.status, text };
    throw this.problemOf(res, text, method, to.route);
  }

  private problemOf(res: Response, text: string, method: string, route: string): ProblemError {
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
    const code = typeof body?.code === 'string' && body.code.length <= 100 && CODE.test(body.code) ? body.code : undefined;
    if (res.status === 401) {
      this.logger.error({ event: 'upstream.auth_rejected', service: this.service, method, route, code }, 'service refused the internal token');
      return new ProblemError(502, 'UPSTREAM_AUTH_REJECTED', 'Bad gateway', `${this.service} refused the gateway's credentials`);
    }
    if (!code) {
      if (res.status >= 500) {
        this.logger.warn({ event: 'upstream.error', service: this.service, method, route, status: res.status }, 'service failed');
        return serviceUnavailable(this.service);
      }
      return new ProblemError(res.status, statusCodes[res.status] ?? 'UPSTREAM_ERROR', res.statusText || 'Request failed');
    }
    if (res.status >= 500) this.logger.warn({ event: 'upstream.error', service: this.service, method, route, status: res.status, code }, 'service failed');
    const extra: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(body ?? {})) if (!ownFields.has(key)) extra[key] = value;
    const title = typeof body?.title === 'string' ? body.title : res.statusText || 'Request failed';
    // A service's own routes never reach the public answer (a 404 of an unknown internal route names it).
    const detail = typeof body?.detail === 'string' && !body.detail.includes('/internal/') ? body.detail : undefined;
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
