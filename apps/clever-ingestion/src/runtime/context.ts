import type { MikroORM } from '@roster/persistence';
import type { Outbox } from '@roster/messaging';
import type { Logger } from '@roster/observability';
import { ConnectionsRepository } from '../persistence/connections.repository';
import { RunsRepository } from '../persistence/runs.repository';
import { ShadowRepository } from '../persistence/shadow.repository';
import type { CleverAccess } from './clever-access';
import type { DistrictLocks } from './district-locks';
import type { IngestionMetrics } from './ingestion-metrics';
import type { FullSyncSchedule } from './schedule';

/** What the use cases share: database, outbox, repositories, Clever access, locks, metrics, settings. */
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
  settings: {
    safeguardThresholdPercent: number;
    eventsPollIntervalMs: number;
    /** Delay before a DLQ-requested resync starts, so a burst of dead letters makes one run. */
    dlqResyncDebounceMs: number;
    /** Records removed (or re-published) per transaction. */
    removalChunkSize: number;
    /** Delay before a full run that failed on Clever's side (5xx, timeouts, broken bodies) is tried again. */
    failedRunRetryMs: number;
  };
}

export function repositories(outbox: Outbox): Pick<IngestionContext, 'connections' | 'runs' | 'shadow'> {
  return { connections: new ConnectionsRepository(), runs: new RunsRepository(outbox), shadow: new ShadowRepository() };
}

/** Thrown into a run when the service stops: the run stays `running` and resumes at the next start. */
export class RunAborted extends Error {
  constructor() {
    super('run interrupted by shutdown');
    this.name = 'RunAborted';
  }
}
