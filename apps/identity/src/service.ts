import { createLogger, type Logger } from '@roster/observability';
import { hostService, type HostedService } from '@roster/http';
import type { MessageBus, ProcessRole } from '@roster/messaging';
import { IDENTITY_SERVICE, IdentityModule } from './identity.module';
import { IdentityMetrics } from './metrics/identity-metrics';
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
}

/**
 * The identity service: keeps districts, schools and accounts in step with what districts share through
 * Clever (consumer `identity.roster`), publishes `identity.accounts.v1` and `identity.schools.v1` through
 * its outbox, and answers the internal API of docs/internal-api.md.
 */
export async function createIdentityService(options: IdentityServiceOptions): Promise<HostedService> {
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
    module: (ctx) => IdentityModule.register({ orm: ctx.orm, outbox: ctx.outbox, logger, metrics }, { audience: IDENTITY_SERVICE, secret: options.internalAuthSecret }),
    onClose: () => metrics.stop(),
  });
  metrics.start(hosted.orm, { intervalMs: options.metricsRefreshMs ?? 30_000, onlyWhenChanged: roles.has('consumer'), logger });
  return hosted;
}
