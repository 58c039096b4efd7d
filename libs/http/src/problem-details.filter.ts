import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { PROBLEM_CONTENT_TYPE, ProblemError } from '@roster/problems';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable, type DatabaseAvailability } from '@roster/persistence';

interface Res {
  status(code: number): Res;
  setHeader(name: string, value: string): void;
  send(body: string): void;
  headersSent?: boolean;
}
interface Req {
  url?: string;
}

const httpCodes: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/** The one code of a 503 (the gateway uses it for an unreachable service too); clients retry after `Retry-After`. */
export const SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE';
/** Seconds in `Retry-After` of a 503 that does not say otherwise (`retryAfterSeconds` extension member). */
export const DEFAULT_RETRY_AFTER_SECONDS = 5;

/**
 * The answer while the service's database is unreachable. `retryAfterSeconds` travels in the body too, so
 * the gateway (which passes a service's problem fields on) answers its clients the same `Retry-After`.
 */
export const databaseUnavailable = () =>
  new ProblemError(503, SERVICE_UNAVAILABLE, 'Service unavailable', 'the service cannot reach its database; try again shortly', {
    retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
  });

/** Maps anything thrown by a handler to an `application/problem+json` answer; never leaks internals. */
export function toProblem(exception: unknown): ProblemError {
  if (exception instanceof ProblemError) return exception;
  // Checked before anything else: a refused connection must never become 500 INTERNAL.
  if (isDatabaseUnavailable(exception)) return databaseUnavailable();
  // Nest wraps body-parser failures in a BadRequestException whose cause carries body-parser's type.
  const bodyError = bodyParserProblem(exception instanceof HttpException ? exception.cause : exception);
  if (bodyError) return bodyError;
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const detail = typeof response === 'object' && response && 'message' in response ? String((response as { message: unknown }).message) : undefined;
    return new ProblemError(status, httpCodes[status] ?? (status >= 500 ? 'INTERNAL' : 'HTTP_ERROR'), exception.message, status < 500 ? detail : undefined);
  }
  return new ProblemError(500, 'INTERNAL', 'Internal error');
}

/** body-parser errors (malformed JSON, body too large, bad charset) carry a 4xx status and a type. */
function bodyParserProblem(error: unknown): ProblemError | undefined {
  const e = error as { type?: unknown; status?: unknown } | undefined;
  if (!e || typeof e.type !== 'string' || typeof e.status !== 'number' || e.status < 400 || e.status >= 500) return undefined;
  if (e.type === 'entity.parse.failed') return new ProblemError(400, 'MALFORMED_JSON', 'The request body is not valid JSON');
  if (e.type === 'entity.too.large') return new ProblemError(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large');
  return new ProblemError(e.status, httpCodes[e.status] ?? 'BAD_REQUEST', 'Bad request');
}

/** `Retry-After` of a 503: the problem's own `retryAfterSeconds` (a whole number of seconds), else the default. */
export function retryAfterOf(problem: ProblemError): number {
  const own = problem.extra.retryAfterSeconds;
  return typeof own === 'number' && Number.isInteger(own) && own > 0 && own <= 3600 ? own : DEFAULT_RETRY_AFTER_SECONDS;
}

/**
 * The HTTP edge: problem+json for everything thrown. A database outage answers 503 SERVICE_UNAVAILABLE and
 * is reported to the service's `availability` (which logs the outage once) instead of one error line per
 * request; every 503 carries `Retry-After`.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(
    private readonly onInternalError?: (error: unknown) => void,
    private readonly availability?: DatabaseAvailability,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Res>();
    const req = ctx.getRequest<Req>();
    const problem = toProblem(exception);
    const outage = !(exception instanceof ProblemError) && isDatabaseUnavailable(exception);
    if (outage) this.availability?.reportFailure(exception);
    // A ProblemError is an answer its thrower chose (and logged, e.g. the gateway's unreachable upstream): only
    // what nobody handled is an error worth a stack in the log.
    else if (problem.status >= 500 && !(exception instanceof ProblemError)) this.onInternalError?.(exception);
    if (res.headersSent) return;
    res.status(problem.status);
    res.setHeader('content-type', PROBLEM_CONTENT_TYPE);
    if (problem.status === 503) res.setHeader('retry-after', String(retryAfterOf(problem)));
    res.send(JSON.stringify(problem.toJSON(req.url?.split('?')[0])));
  }
}
