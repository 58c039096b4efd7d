import type { Outbox } from '@roster/messaging';
import type { Logger } from '@roster/observability';
import type { EntityManager, MikroORM } from '@roster/persistence';
import { SyncRunEvents } from '../common/sync-run-events';
import { ConnectionsRepository } from '../persistence/connections.repository';
import { RunsRepository } from '../persistence/runs.repository';
import { ShadowRepository } from '../persistence/shadow.repository';
import type { CleverAccess } from './clever-access';
import type { DistrictLocks } from './district-locks';
import type { IngestionMetrics } from './ingestion-metrics';
import type { FullSyncSchedule } from './schedule';

export interface IngestionSettings {
  safeguardThresholdPercent: number;
  eventsPollIntervalMs: number;
  /** Delay before a DLQ-requested resync starts, so a burst of dead letters makes one run. */
  dlqResyncDebounceMs: number;
  /** Records removed (or re-published) per transaction. */
  removalChunkSize: number;
  /** Delay before a full run that failed on Clever's side (5xx, timeouts, broken bodies) is tried again. */
  failedRunRetryMs: number;
}

/** What the handlers share: database, outbox, repositories, run events, Clever access, locks, metrics, settings. */
export interface IngestionContext {
  orm: MikroORM;
  outbox: Outbox;
  logger: Logger;
  clever: CleverAccess;
  locks: DistrictLocks;
  metrics: IngestionMetrics;
  schedule: FullSyncSchedule;
  connections: ConnectionsRepository;
  runs: RunsRepository;
  shadow: ShadowRepository;
  runEvents: SyncRunEvents;
  settings: IngestionSettings;
}

export function repositories(outbox: Outbox): Pick<IngestionContext, 'connections' | 'runs' | 'shadow' | 'runEvents'> {
  const connections = new ConnectionsRepository();
  return { connections, runs: new RunsRepository(), shadow: new ShadowRepository(), runEvents: new SyncRunEvents(outbox, connections) };
}

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
