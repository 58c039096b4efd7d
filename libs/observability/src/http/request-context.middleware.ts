import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import { CORRELATION_HEADER, acceptCorrelationId, newCorrelationId, runWithCorrelation } from '../correlation';
import type { Logger } from '../logger';
import { counter, histogram } from '../metrics';
import { LOGGER, OBSERVABILITY_OPTIONS, type ObservabilityOptions } from '../tokens';
import type { HttpRequest, HttpResponse } from './http-types';

/** Probes and scrapes: logged at debug, whatever their status (readiness changes are logged by the controller). */
const quietRoute = /\/(health\/(live|ready)|metrics)$/;

/**
 * Per HTTP request: takes the caller's `x-correlation-id` (or makes one), echoes it on the response,
 * runs the rest of the request inside runWithCorrelation, counts and times it, and logs one line when
 * the response is done: method, route template (never the raw URL: no query strings, no search terms),
 * status, duration, correlation id.
 */
@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  private readonly requests = counter('roster_http_requests_total', 'HTTP requests served.', [
    'service',
    'method',
    'route',
    'status',
  ]);
  private readonly duration = histogram('roster_http_request_duration_seconds', 'HTTP request duration in seconds.', [
    'service',
    'method',
    'route',
    'status',
  ]);

  constructor(
    @Inject(OBSERVABILITY_OPTIONS) private readonly options: ObservabilityOptions,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  use(req: HttpRequest, res: HttpResponse, next: (error?: unknown) => void): void {
    const correlationId = acceptCorrelationId(req.headers[CORRELATION_HEADER]) ?? newCorrelationId();
    res.setHeader(CORRELATION_HEADER, correlationId);
    const started = process.hrtime.bigint();
    // Nest mounts this middleware as a catch-all route: while no handler matches, req.route is ours.
    const ownRoute = req.route;
    let done = false;
    const finish = (aborted: boolean) => {
      if (done) return;
      done = true;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeOf(req, ownRoute);
      const status = aborted && !res.writableEnded ? 'aborted' : String(res.statusCode);
      const labels = { service: this.options.service, method: req.method ?? 'GET', route, status };
      this.requests.inc(labels);
      this.duration.observe(labels, seconds);
      if (this.options.logRequests === false) return;
      const entry = {
        event: 'http.request',
        correlationId,
        method: labels.method,
        route,
        status: aborted && !res.writableEnded ? 499 : res.statusCode,
        durationMs: Math.round(seconds * 1e4) / 10,
      };
      const level = quietRoute.test(route) ? 'debug' : res.statusCode >= 500 ? 'warn' : 'info';
      this.log[level](entry, 'request');
    };
    res.once('finish', () => finish(false));
    res.once('close', () => finish(true));
    runWithCorrelation(correlationId, () => next());
  }
}

/** The matched route template (`/internal/v1/classes/:classId`), or `(unmatched)` for a 404. */
function routeOf(req: HttpRequest, ownRoute: HttpRequest['route']): string {
  const path = req.route && req.route !== ownRoute ? req.route.path : undefined;
  if (typeof path === 'string') return ((req.baseUrl ?? '') + path) || '/';
  return '(unmatched)';
}
