import { hostService, type HostedService, type ServiceContext } from '@roster/http';
import type { MessageBus, ProcessRole } from '@roster/messaging';
import { createLogger, type Logger } from '@roster/observability';
import { SyncNowHandler, type QueuedSync } from './commands/sync-now/sync-now.handler';
import { DEFAULT_EVENTS_POLL_INTERVAL_MS, DEFAULT_FULL_SYNC_CRON, DEFAULT_TOKEN_MISSING_GRACE_MS } from './defaults';
import { DEFAULT_SAFEGUARD_THRESHOLD_PERCENT } from './domain/safeguard';
import { INGESTION_SERVICE, IngestionModule } from './ingestion.module';
import { migrations } from './migrations';
import { entities } from './persistence/entities';
import { SyncStatusHandler, type SyncStatusView } from './queries/sync-status/sync-status.handler';
import { CleverAccess, type CleverSettings } from './runtime/clever-access';
import type { IngestionContext } from './runtime/context';
import { DistrictLocks } from './runtime/district-locks';
import { IngestionMetrics } from './runtime/ingestion-metrics';
import { FullSyncSchedule } from './runtime/schedule';
import { SyncScheduler } from './runtime/scheduler';

export { DEFAULT_EVENTS_POLL_INTERVAL_MS, DEFAULT_FULL_SYNC_CRON };

export interface IngestionServiceOptions {
  /** PostgreSQL URL of clever-ingestion's own database. */
  databaseUrl: string;
  bus: MessageBus;
  /** Secret of the internal tokens the gateway signs (audience `clever-ingestion`). */
  internalAuthSecret: string;
  /** Clever API access; `districtTokens` (`districtId:token,…`) adds districts without token discovery. */
  clever: CleverSettings;
  /** Events poll per district (CLEVER_EVENTS_POLL_INTERVAL_MS, default 60 s). */
  eventsPollIntervalMs?: number;
  /** Nightly full reconcile (CLEVER_FULL_SYNC_CRON, UTC, default `0 3 * * *`). */
  fullSyncCron?: string;
  /** Default mass-change safeguard threshold in percent of active users (per-district setting overrides). */
  safeguardThresholdPercent?: number;
  /** Discover districts and run schedules and initial syncs (consumer role; default true). */
  autoStart?: boolean;
  logger?: Logger;
  /** What this process runs (PROCESS_ROLES); default all: api, consumer, relay. */
  roles?: Set<ProcessRole>;
  /** Apply migrations (and create the database) at start: embedded mode and tests only. */
  migrate?: boolean;
  relay?: { pollIntervalMs?: number; batchSize?: number };
  poolSize?: number;
  /** A connected district missing from token discovery this long is disconnected (`token_missing`; CLEVER_TOKEN_MISSING_GRACE_MS, default 1 h). */
  tokenMissingGraceMs?: number;
  /** Re-discovery of district tokens (default 5 min). */
  discoveryIntervalMs?: number;
  schedulerTickMs?: number;
  maxConcurrentDistricts?: number;
  /** Delay before a DLQ-requested resync runs, so a burst of dead letters makes one run (default 30 s). */
  dlqResyncDebounceMs?: number;
  /** Removals applied per transaction (default 2000). */
  removalChunkSize?: number;
  /** Delay before a full run that failed on Clever's side is queued again (default 5 min). */
  failedRunRetryMs?: number;
  /** The `clever-ingestion.dlq-resync` consumer's tuning. */
  consumer?: { maxAttempts?: number; retryBaseMs?: number };
  /** Run the `clever-ingestion.dlq-resync` consumer in the consumer role (default true). */
  dlqResync?: boolean;
}

/**
 * The service's in-process API (a documented part of the product, not a test hook): what a composition
 * root running clever-ingestion in its own process (the embedded mode) may ask without an HTTP round trip
 * and without a caller — the same handlers the internal API uses, so the same rules and codes apply.
 * Progress of the runs themselves is also published on `roster.sync-runs.v1`.
 */
export interface IngestionSyncApi {
  /**
   * "Sync now" on behalf of the platform: queues a full sync of a connected district, or joins the one
   * already queued or running (`created: false`). The consumer role runs it. Throws
   * IDENTITY.DISTRICT_NOT_FOUND (unknown district) or INGESTION.DISTRICT_DISCONNECTED.
   */
  requestSync(cleverDistrictId: string): Promise<QueuedSync>;
  /** The district's sync status as GET /internal/v1/districts/:cleverDistrictId/sync shows it (runs, counts, held run, cursor). */
  status(cleverDistrictId: string): Promise<SyncStatusView>;
}

export interface IngestionService extends HostedService {
  readonly sync: IngestionSyncApi;
}

/**
 * clever-ingestion: connects districts through Clever's token discovery, keeps a shadow index of what
 * each shares, and publishes only the changes as `roster.*` events through its outbox — from full syncs
 * (initial, nightly, "sync now", resyncs) and from Clever's events feed. Answers the clever-ingestion
 * section of docs/internal-api.md. The background work (scheduler, DLQ resync consumer) runs in the
 * `consumer` role; the HTTP API in `api`; the outbox relay in `relay`.
 */
export async function createIngestionService(options: IngestionServiceOptions): Promise<IngestionService> {
  const logger = options.logger ?? createLogger(INGESTION_SERVICE);
  const roles = options.roles ?? new Set<ProcessRole>(['api', 'consumer', 'relay']);
  const schedule = new FullSyncSchedule(options.fullSyncCron ?? DEFAULT_FULL_SYNC_CRON);
  const metrics = new IngestionMetrics();
  const clever = new CleverAccess(options.clever, logger, metrics);
  const locks = new DistrictLocks(options.databaseUrl, logger);
  const eventsPollIntervalMs = options.eventsPollIntervalMs ?? DEFAULT_EVENTS_POLL_INTERVAL_MS;

  const context = (ctx: ServiceContext): IngestionContext => ({
    orm: ctx.orm,
    outbox: ctx.outbox,
    availability: ctx.availability,
    logger,
    clever,
    locks,
    metrics,
    schedule,
    settings: {
      safeguardThresholdPercent: options.safeguardThresholdPercent ?? DEFAULT_SAFEGUARD_THRESHOLD_PERCENT,
      eventsPollIntervalMs,
      dlqResyncDebounceMs: options.dlqResyncDebounceMs ?? 30_000,
      removalChunkSize: options.removalChunkSize ?? 2000,
      failedRunRetryMs: options.failedRunRetryMs ?? 300_000,
      tokenMissingGraceMs: options.tokenMissingGraceMs ?? DEFAULT_TOKEN_MISSING_GRACE_MS,
      scheduler: {
        tickMs: options.schedulerTickMs ?? Math.min(1000, eventsPollIntervalMs),
        discoveryIntervalMs: options.discoveryIntervalMs ?? 300_000,
        maxConcurrentDistricts: options.maxConcurrentDistricts ?? 4,
      },
    },
  });

  let hosted: HostedService;
  try {
    hosted = await hostService({
      name: INGESTION_SERVICE,
      databaseUrl: options.databaseUrl,
      database: { migrations, entities: entities, poolSize: options.poolSize },
      bus: options.bus,
      logger,
      roles,
      migrate: options.migrate,
      relay: options.relay,
      consumerTuning: options.consumer,
      module: (ctx) =>
        IngestionModule.register(context(ctx), { audience: INGESTION_SERVICE, secret: options.internalAuthSecret }, { dlqResync: options.dlqResync }),
    });
  } catch (error) {
    await locks.close();
    throw error;
  }
  // The scheduler exists in every process (the handlers use it); its loop runs in the consumer role only.
  const scheduler = hosted.app.get(SyncScheduler);
  const syncNow = hosted.app.get(SyncNowHandler);
  const syncStatus = hosted.app.get(SyncStatusHandler);
  if (roles.has('consumer') && options.autoStart !== false) scheduler.start();

  let closing: Promise<void> | undefined;
  return {
    ...hosted,
    // A getter: the spread above copied its value (undefined until the service listens).
    get managementUrl() {
      return hosted.managementUrl;
    },
    sync: {
      requestSync: (cleverDistrictId) => syncNow.request(cleverDistrictId, 'manual'),
      status: (cleverDistrictId) => syncStatus.status(cleverDistrictId),
    },
    close: () =>
      (closing ??= (async () => {
        await scheduler.stop();
        await hosted.close();
        await locks.close();
      })()),
  };
}
