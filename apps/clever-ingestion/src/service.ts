import { hostService, type HostedService, type ServiceContext } from '@roster/http';
import type { MessageBus, ProcessRole } from '@roster/messaging';
import { createLogger, type Logger } from '@roster/observability';
import { DEFAULT_EVENTS_POLL_INTERVAL_MS, DEFAULT_FULL_SYNC_CRON } from './defaults';
import type { DiscoveryResult } from './commands/connect-districts/district-connections';
import type { PollOutcome } from './commands/poll-events/poll-events';
import { requestFullSync } from './commands/sync-now/request-sync';
import { dlqResyncConsumer } from './consumers/dlq-resync/dlq-resync.consumer';
import { DEFAULT_SAFEGUARD_THRESHOLD_PERCENT } from './domain/safeguard';
import { INGESTION_SERVICE, ingestionHttpModule } from './ingestion.module';
import { migrations } from './migrations';
import type { RunTrigger } from './persistence/runs.repository';
import { runView, syncStatus, type RunView, type SyncStatusView } from './queries/sync-status/sync-status';
import { CleverAccess, type CleverSettings } from './runtime/clever-access';
import { repositories, type IngestionContext } from './runtime/context';
import { DistrictLocks } from './runtime/district-locks';
import { IngestionMetrics } from './runtime/ingestion-metrics';
import { FullSyncSchedule } from './runtime/schedule';
import type { DistrictWorkResult } from './runtime/scheduler';
import { IngestionUseCases } from './runtime/use-cases';

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

/** Direct control of the service (tests, the embedded mode, benchmarks); production uses the HTTP API and schedules. */
export interface IngestionControl {
  discover(): Promise<DiscoveryResult>;
  requestFullSync(cleverDistrictId: string, trigger?: RunTrigger): Promise<{ runId: string; created: boolean }>;
  /** Runs what is due for the district now (a pending full run, then the events poll when asked or after a full run). */
  runDistrict(cleverDistrictId: string, options?: { poll?: boolean }): Promise<DistrictWorkResult>;
  /** Queues a full sync (or joins the queued one) and runs it to its end; the run as the API shows it. */
  syncNow(cleverDistrictId: string, trigger?: RunTrigger): Promise<RunView>;
  /** Polls the district's events now (under its lock); undefined when another worker holds the district. */
  pollEvents(cleverDistrictId: string): Promise<PollResult | undefined>;
  status(cleverDistrictId: string): Promise<SyncStatusView>;
  approve(cleverDistrictId: string, runId: string): Promise<RunView>;
  reject(cleverDistrictId: string, runId: string): Promise<RunView>;
  /**
   * One scheduler pass now — discovery when due, nightly claims, pending runs, due events polls — and
   * waits for the district work it started (what the background loop does every tick).
   */
  tick(): Promise<void>;
  /** Resolves when the background scheduler of this process has no district work in flight. */
  idle(): Promise<void>;
}

/** The outcome of an events poll, with the events run as the API shows it. */
export type PollResult =
  | Exclude<PollOutcome, { kind: 'applied' } | { kind: 'failed' } | { kind: 'safeguard' }>
  | { kind: 'safeguard'; resyncRunId: string; run?: RunView }
  | { kind: 'applied'; run: RunView }
  | { kind: 'failed'; run?: RunView; code: string };

export interface IngestionService extends HostedService {
  readonly ingestion: IngestionControl;
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
  const background = roles.has('consumer');

  let useCases: IngestionUseCases | undefined;
  const build = (ctx: ServiceContext): IngestionUseCases => {
    if (useCases) return useCases;
    const context: IngestionContext = {
      orm: ctx.orm,
      outbox: ctx.outbox,
      logger,
      clever,
      locks,
      metrics,
      schedule,
      ...repositories(ctx.outbox),
      settings: {
        safeguardThresholdPercent: options.safeguardThresholdPercent ?? DEFAULT_SAFEGUARD_THRESHOLD_PERCENT,
        eventsPollIntervalMs,
        dlqResyncDebounceMs: options.dlqResyncDebounceMs ?? 30_000,
        removalChunkSize: options.removalChunkSize ?? 2000,
        failedRunRetryMs: options.failedRunRetryMs ?? 300_000,
      },
    };
    useCases = new IngestionUseCases(
      context,
      {
        tickMs: options.schedulerTickMs ?? Math.min(1000, eventsPollIntervalMs),
        discoveryIntervalMs: options.discoveryIntervalMs ?? 300_000,
        maxConcurrentDistricts: options.maxConcurrentDistricts ?? 4,
      },
      background,
    );
    return useCases;
  };

  let hosted: HostedService;
  try {
    hosted = await hostService({
      name: INGESTION_SERVICE,
      databaseUrl: options.databaseUrl,
      database: { migrations, poolSize: options.poolSize },
      bus: options.bus,
      logger,
      roles,
      migrate: options.migrate,
      relay: options.relay,
      consumers: (ctx) => (options.dlqResync === false ? [] : [{ ...dlqResyncConsumer(build(ctx).ctx), ...options.consumer }]),
      module: (ctx) => ingestionHttpModule(() => build(ctx), { internalAuthSecret: options.internalAuthSecret }),
    });
  } catch (error) {
    await locks.close();
    throw error;
  }
  const uc = useCases ?? build({ orm: hosted.orm, outbox: hosted.runtime.outbox, logger });
  if (background && options.autoStart !== false) uc.scheduler.start();

  const control: IngestionControl = {
    discover: () => uc.connections.discover(),
    requestFullSync: async (districtId, trigger = 'manual') => {
      const queued = await requestFullSync(uc.ctx, districtId, trigger);
      uc.wake();
      return queued;
    },
    runDistrict: (districtId, opts = {}) => uc.scheduler.workOn(districtId, { poll: opts.poll ?? false }),
    syncNow: async (districtId, trigger = 'manual') => {
      const { runId } = await requestFullSync(uc.ctx, districtId, trigger);
      await uc.scheduler.workOn(districtId, { poll: false });
      const run = await uc.ctx.runs.get(uc.ctx.orm.em.fork(), runId);
      return runView(run!);
    },
    pollEvents: async (districtId) => {
      const outcome = (await uc.scheduler.workOn(districtId, { poll: true })).poll;
      if (outcome?.kind === 'applied') return { kind: 'applied', run: runView(outcome.run) };
      if (outcome?.kind === 'safeguard') return { kind: 'safeguard', resyncRunId: outcome.resyncRunId, ...(outcome.run ? { run: runView(outcome.run) } : {}) };
      if (outcome?.kind === 'failed') return { kind: 'failed', code: outcome.code, ...(outcome.run ? { run: runView(outcome.run) } : {}) };
      return outcome;
    },
    status: (districtId) => syncStatus(uc.ctx, districtId),
    approve: async (districtId, runId) => runView(await uc.heldRuns.approve(districtId, runId, 'system:control')),
    reject: async (districtId, runId) => runView(await uc.heldRuns.reject(districtId, runId, 'system:control')),
    tick: async () => {
      await uc.scheduler.tick();
      await uc.scheduler.idle();
    },
    idle: () => uc.scheduler.idle(),
  };

  let closing: Promise<void> | undefined;
  return {
    ...hosted,
    ingestion: control,
    close: () =>
      (closing ??= (async () => {
        await uc.scheduler.stop();
        await hosted.close();
        await locks.close();
      })()),
  };
}
