import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { z } from 'zod';
import { CORRELATION_HEADER, counter, currentCorrelationId, metricName, type Logger } from '@roster/observability';
import { INTERNAL_TOKEN_HEADER, signInternalToken, type Caller, type Principal } from '@roster/authz';
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

/** Lifetime of the internal tokens the gateway signs (signInternalToken's default). */
const INTERNAL_TOKEN_TTL_S = 60;
/** A signed token is reused for at most this long, so every token sent has ≥ 45 s of its 60 s left. */
export const INTERNAL_TOKEN_REUSE_MS = 15_000;

/**
 * Internal tokens already signed, per caller and audience, reused for {@link INTERNAL_TOKEN_REUSE_MS}
 * (signing is an HMAC over the JSON of the whole principal, on every call otherwise). Keyed by the
 * principal OBJECT (a WeakMap: the principal resolver's answer for one account, replaced when it is
 * resolved again, at most every few seconds), never by an id or by content: a token can only be reused for
 * the very principal it was signed for, so no caller can be sent with another's scope, and a principal that
 * changed is a new object and gets a new token. System callers are keyed by their name; operators are not cached.
 */
export class InternalTokens {
  private readonly byPrincipal = new WeakMap<Principal, Map<string, { token: string; until: number }>>();
  private readonly bySystem = new Map<string, { token: string; until: number }>();

  constructor(
    private readonly secret: string,
    private readonly now: () => number = Date.now,
  ) {}

  for(caller: Caller, audience: string): string {
    if (caller.kind === 'operator') return signInternalToken(caller, audience, this.secret, INTERNAL_TOKEN_TTL_S);
    let tokens: Map<string, { token: string; until: number }>;
    let key: string;
    if (caller.kind === 'user') {
      key = audience;
      tokens = this.byPrincipal.get(caller.principal) ?? new Map();
      this.byPrincipal.set(caller.principal, tokens);
    } else {
      key = `${caller.name}\u0000${audience}`;
      tokens = this.bySystem;
    }
    const now = this.now();
    const cached = tokens.get(key);
    if (cached && cached.until > now) return cached.token;
    const token = signInternalToken(caller, audience, this.secret, INTERNAL_TOKEN_TTL_S);
    tokens.set(key, { token, until: now + INTERNAL_TOKEN_REUSE_MS });
    return token;
  }
}

/**
 * Keep-alive connection pools to the services (node:http's Agent; it also honours the `Keep-Alive: timeout`
 * a Node server announces, so an idle connection is dropped before the service closes it). Global fetch
 * pooled connections as well; it is replaced because its WHATWG layers (Request/Response/streams) cost more
 * CPU per call than the call's own HTTP work (bench:gateway profile, docs in /work/requests/perf-gateway.md).
 */
const agentOptions = { keepAlive: true, keepAliveMsecs: 1_000, maxSockets: 256, maxFreeSockets: 64, scheduling: 'lifo' as const };
const httpAgent = new HttpAgent(agentOptions);
const httpsAgent = new HttpsAgent(agentOptions);

/** A pooled connection that turned out to be closed by the service before the request was answered. */
class StaleConnection extends Error {}

interface UpstreamAnswer {
  status: number;
  statusText: string;
  contentType: string;
  text: string;
}

/**
 * Calls one service's internal API (`/internal/v1/…`) for a caller, with an internal token
 * (audience = the service; see {@link InternalTokens}) over a keep-alive connection. Answers:
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
  private readonly tokens: InternalTokens;

  constructor(
    readonly service: ServiceName,
    baseUrl: string,
    secret: string,
    private readonly logger: Logger,
    private readonly timeoutMs = 10_000,
  ) {
    this.base = baseUrl.replace(/\/+$/, '');
    this.tokens = new InternalTokens(secret);
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
      [INTERNAL_TOKEN_HEADER]: this.tokens.for(caller, this.service),
      accept: 'application/json',
    };
    const correlationId = currentCorrelationId();
    if (correlationId) headers[CORRELATION_HEADER] = correlationId;
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    if (body !== undefined) headers['content-type'] = 'application/json';
    // As fetch did: a length on every request that may carry a body (0 without one), never chunked.
    if (method !== 'GET') headers['content-length'] = String(body === undefined ? 0 : Buffer.byteLength(body));
    let answer: UpstreamAnswer;
    try {
      answer = await this.transmit(url, method, headers, body).catch((error: unknown) => {
        // A kept-alive connection the service closed just as it was reused: a GET is sent again, once, on a new one.
        if (method === 'GET' && error instanceof StaleConnection) return this.transmit(url, method, headers, body, true);
        throw error;
      });
    } catch (error) {
      this.logger.warn({ event: 'upstream.unreachable', service: this.service, method, route: to.route, err: { message: (error as Error).message } }, 'service unreachable');
      throw serviceUnavailable(this.service);
    }
    if (answer.status >= 200 && answer.status < 300) return { status: answer.status, text: answer.text };
    throw this.problemOf(answer, method, to.route);
  }

  /** One HTTP exchange on a pooled connection; rejects when unreachable, reset or slower than the timeout (no redirect is followed). */
  private transmit(url: URL, method: UpstreamMethod, headers: Record<string, string>, body: string | undefined, fresh = false): Promise<UpstreamAnswer> {
    const https = url.protocol === 'https:';
    // `fresh`: a connection of its own (agent: false closes it after the answer), never a pooled one.
    const options: RequestOptions = { method, headers, agent: fresh ? false : https ? httpsAgent : httpAgent };
    return new Promise<UpstreamAnswer>((resolve, reject) => {
      const fail = (error: Error) => {
        clearTimeout(timer);
        reject(error);
      };
      let answered = false;
      const req = (https ? httpsRequest : httpRequest)(url, options, (res: IncomingMessage) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', fail);
        res.on('aborted', () => fail(new Error('the answer was cut off')));
        res.on('end', () => {
          clearTimeout(timer);
          if (!res.complete) return reject(new Error('the answer was cut off'));
          resolve({
            status: res.statusCode ?? 0,
            statusText: res.statusMessage ?? '',
            contentType: res.headers['content-type'] ?? '',
            text: (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)).toString('utf8'),
          });
        });
      });
      // Armed once the request exists: should http.request throw (a header it refuses), the promise rejects and no
      // timer is left to touch a request that never was (the handlers above only run after this line).
      const timer = setTimeout(() => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
      req.on('error', (error: NodeJS.ErrnoException) => {
        // Reset before any answer on a reused keep-alive connection: the service had closed it (idle timeout).
        if (req.reusedSocket && !answered && (error.code === 'ECONNRESET' || error.code === 'EPIPE')) return fail(new StaleConnection(error.message));
        fail(error);
      });
      req.end(body);
    });
  }

  private problemOf(res: UpstreamAnswer, method: string, route: string): ProblemError {
    const { contentType, text } = res;
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
