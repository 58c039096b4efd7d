import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, type HealthCheckResult, type HealthIndicatorFunction } from '@nestjs/terminus';
import { LOGGER, OBSERVABILITY_OPTIONS, type ObservabilityOptions } from '../tokens';
import type { Logger } from '../logger';
import { HealthState } from './health-state';

const DEFAULT_TIMEOUT_MS = 2000;

/** Keeps credentials out of a failure message (`postgres://user:secret@host` → `postgres://***@host`). */
function safeMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\/\/[^/\s@]+@/g, '//***@').slice(0, 300);
}

/**
 * What the management server answers on /health/live and /health/ready. Liveness checks no dependency
 * (a liveness failure restarts the pod). Readiness is Terminus' result: 503 when a check fails, times
 * out, or the app is shutting down, with the failing checks under `error`.
 */
@Injectable()
export class HealthEndpoints {
  private lastReady: boolean | undefined;

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly state: HealthState,
    @Inject(OBSERVABILITY_OPTIONS) private readonly options: ObservabilityOptions,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  async ready(): Promise<{ status: 200 | 503; body: HealthCheckResult }> {
    const timeout = this.options.readinessTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    const indicators: HealthIndicatorFunction[] = (this.options.checks ?? []).map(
      (c) => () =>
        this.indicators
          .check(c.name)
          .attempt(async ({ signal }) => {
            try {
              await c.check({ signal });
            } catch (e) {
              throw new Error(safeMessage(e));
            }
          })
          .withTimeout(timeout),
    );
    if (this.state.isShuttingDown) {
      indicators.push(() => this.indicators.check('shutdown').down({ message: 'the application is shutting down' }));
    }
    let result: HealthCheckResult;
    let status: 200 | 503 = 200;
    try {
      result = await this.health.check(indicators);
    } catch (e) {
      if (!(e instanceof ServiceUnavailableException)) throw e;
      result = e.getResponse() as HealthCheckResult;
      status = 503;
    }
    this.logTransition(status === 200, result);
    return { status, body: result };
  }

  private logTransition(ready: boolean, result: HealthCheckResult): void {
    if (ready === this.lastReady) return;
    const first = this.lastReady === undefined;
    this.lastReady = ready;
    if (ready) {
      if (!first) this.log.info({ event: 'readiness.ready' }, 'ready again');
    } else {
      this.log.warn({ event: 'readiness.not_ready', failing: result.error ?? {} }, 'not ready');
    }
  }
}
