import { createLogger, type Logger } from '@roster/observability';
import { hostService, type HostedService } from '@roster/http';
import type { MessageBus, ProcessRole } from '@roster/messaging';
import { IDENTITY_SERVICE, IdentityModule } from './identity.module';
import { IdentityMetrics } from './metrics/identity-metrics';
import { EraseArchivedAccountsHandler } from './commands/erase-archived-accounts/erase-archived-accounts.handler';
import { migrations } from './migrations';
import { entities } from './persistence/entities';

export interface IdentityServiceOptions {
  /** PostgreSQL URL of identity's own database. */
  databaseUrl: string;
  bus: MessageBus;
  /** Secret of the internal tokens the gateway signs (audience `identity`). */
  internalAuthSecret: string;
  logger?: Logger;
  /** What this process runs (PROCESS_ROLES); default all: api, consumer, relay. */
  roles?: Set<ProcessRole>;
  /** Apply migrations (and create the database) at start: embedded mode and tests only. */
  migrate?: boolean;
  /** The `identity.roster` consumer's tuning. */
  consumer?: { maxBatchSize?: number; partitionsConsumedConcurrently?: number; maxAttempts?: number };
  relay?: { pollIntervalMs?: number; batchSize?: number };
  /** How often the accounts-by-role-and-status gauge is refreshed (default 30 s). */
  metricsRefreshMs?: number;
  /** Database connection pool size (default 10). */
  poolSize?: number;
  /** How often the retention job runs where this process consumes (default 1 h; 0 = never). */
  retentionIntervalMs?: number;
  /** The clock the retention job reads (tests advance it). */
  clock?: () => Date;
}

/**
 * The identity service: keeps districts, schools and accounts in step with what districts share through
 * Clever (consumer `identity.roster`), publishes `identity.accounts.v1` and `identity.schools.v1` through
 * its outbox, and answers the internal API of docs/internal-api.md.
 */
export async function createIdentityService(options: IdentityServiceOptions): Promise<HostedService> {
  let retention: { stop(): Promise<void> } | undefined;
  const logger = options.logger ?? createLogger(IDENTITY_SERVICE);
  const roles = options.roles ?? new Set<ProcessRole>(['api', 'consumer', 'relay']);
  const metrics = new IdentityMetrics();
  const hosted = await hostService({
    name: IDENTITY_SERVICE,
    databaseUrl: options.databaseUrl,
    database: { entities, migrations, poolSize: options.poolSize },
    bus: options.bus,
    logger,
    roles,
    migrate: options.migrate,
    relay: options.relay,
    consumerTuning: options.consumer,
    module: (ctx) => IdentityModule.register({ orm: ctx.orm, outbox: ctx.outbox, logger, metrics, clock: options.clock }, { audience: IDENTITY_SERVICE, secret: options.internalAuthSecret }),
    onClose: async () => {
      await retention?.stop();
      await metrics.stop();
    },
  });
  metrics.start(hosted.orm, { intervalMs: options.metricsRefreshMs ?? 30_000, onlyWhenChanged: roles.has('consumer'), logger });
  // The retention job runs where the roster is consumed (every replica may run it: it skips rows another holds).
  const retentionMs = options.retentionIntervalMs ?? 3_600_000;
  if (roles.has('consumer') && retentionMs > 0) retention = scheduleRetention(hosted.app.get(EraseArchivedAccountsHandler), retentionMs, logger);
  return hosted;
}

/** Runs the retention job every `intervalMs` (one run at a time; a failed run is logged and retried next time). */
function scheduleRetention(handler: EraseArchivedAccountsHandler, intervalMs: number, logger: Logger): { stop(): Promise<void> } {
  let running: Promise<unknown> | undefined;
  const tick = () => {
    running ??= handler
      .execute()
      .catch((error: unknown) => logger.warn({ err: { message: error instanceof Error ? error.message : String(error) } }, 'retention job failed; retried next run'))
      .finally(() => (running = undefined));
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
