import type { Logger } from './logger';
import type { ReadinessCheck } from './health/readiness-check';

/** Options of ObservabilityModule (the resolved value of forRoot / forRootAsync). */
export interface ObservabilityOptions {
  /** The service name: the `service` field of every log line and the `service` label of HTTP metrics. */
  service: string;
  /** Readiness checks; GET /health/ready is 200 only when all pass within `readinessTimeoutMs`. */
  checks?: readonly ReadinessCheck[];
  /** Per-check timeout of GET /health/ready (default 2000 ms). */
  readinessTimeoutMs?: number;
  /**
   * On shutdown (with app.enableShutdownHooks()), report not-ready at once and keep serving for this
   * long before the app closes, so load balancers stop routing first (default 0; use ~5000 in
   * Kubernetes).
   */
  shutdownDelayMs?: number;
  /** The logger to use; defaults to createLogger(service). */
  logger?: Logger;
  /** Log one line per HTTP request (default true). Health and metrics requests are logged at debug. */
  logRequests?: boolean;
}

/** Injection token of the resolved ObservabilityOptions. */
export const OBSERVABILITY_OPTIONS = Symbol.for('roster.observability.options');
/** Injection token of the service's pino Logger: `@Inject(LOGGER) private readonly log: Logger`. */
export const LOGGER = Symbol.for('roster.observability.logger');
