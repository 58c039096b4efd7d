import type { Outbox } from '@roster/messaging';
import type { Logger } from '@roster/observability';
import type { DatabaseAvailability, EntityManager, MikroORM } from '@roster/persistence';
import type { CleverAccess } from './clever-access';
import type { DistrictLocks } from './district-locks';
import type { IngestionMetrics } from './ingestion-metrics';
import type { FullSyncSchedule } from './schedule';
import type { SchedulerOptions } from './scheduler';

export interface IngestionSettings {
  safeguardThresholdPercent: number;
  eventsPollIntervalMs: number;
  /** Delay before a DLQ-requested resync starts, so a burst of dead letters makes one run. */
  dlqResyncDebounceMs: number;
  /** Records removed (or re-published) per transaction. */
  removalChunkSize: number;
  /** Delay before a full run that failed on Clever's side (5xx, timeouts, broken bodies) is tried again. */
  failedRunRetryMs: number;
  /** How long a connected district may be missing from token discovery before it is disconnected (`token_missing`). */
  tokenMissingGraceMs: number;
  /** The background scheduler's pace (tick, rediscovery, concurrent districts). */
  scheduler: SchedulerOptions;
}

/**
 * What the handlers of the service share (one instance per hosted service), injected as INGESTION_CONTEXT:
 * database, outbox, logger, Clever access, district locks, metrics, the nightly schedule, settings. The
 * repositories, the run events and the handlers are Nest providers of IngestionModule.
 */
export interface IngestionContext {
  orm: MikroORM;
  outbox: Outbox;
  logger: Logger;
  clever: CleverAccess;
  locks: DistrictLocks;
  metrics: IngestionMetrics;
  schedule: FullSyncSchedule;
  settings: IngestionSettings;
  /** Whether the database is reachable (shared with the HTTP edge): background loops report to it and back off. */
  availability: DatabaseAvailability;
}

export const INGESTION_CONTEXT = Symbol('INGESTION_CONTEXT');

/** A fresh unit of work (each transaction and each read works in its own fork). */
export function fork(ctx: Pick<IngestionContext, 'orm'>): EntityManager {
  return ctx.orm.em.fork();
}

/** Thrown into a run when the service stops: the run stays `running` and resumes at the next start. */
export class RunAborted extends Error {
  constructor() {
    super('run interrupted by shutdown');
    this.name = 'RunAborted';
  }
}
