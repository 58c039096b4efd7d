import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, type HealthCheckResult, type HealthIndicatorFunction } from '@nestjs/terminus';
import { LOGGER, OBSERVABILITY_OPTIONS, type ObservabilityOptions } from '../tokens';
import type { Logger } from '../logger';
import { HealthState } from './health-state';
import type { HttpResponse } from '../http/http-types';

const DEFAULT_TIMEOUT_MS = 2000;

/** Keeps credentials out of a failure message (`postgres://user:secret@host` → `postgres://***@host`). */
function safeMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\/\/[^/\s@]+@/g, '//***@').slice(0, 300);
}

/**
 * GET /health/live: 200 while the process runs (no dependency is checked: a liveness failure restarts
 * the pod). GET /health/ready: Terminus' result; 503 when a check fails, times out, or the app is
 * shutting down, with the failing checks under `error`.
 */
@Controller('health')
export class HealthController {
  private lastReady: boolean | undefined;

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly state: HealthState,
    @Inject(OBSERVABILITY_OPTIONS) private readonly options: ObservabilityOptions,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res() res: HttpResponse): Promise<void> {
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
    let status = 200;
    try {
      result = await this.health.check(indicators);
    } catch (e) {
      if (!(e instanceof ServiceUnavailableException)) throw e;
      result = e.getResponse() as HealthCheckResult;
      status = 503;
    }
    this.logTransition(status === 200, result);
    res.status(status).json(result);
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
