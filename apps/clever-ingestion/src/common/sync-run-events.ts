import { Inject, Injectable } from '@nestjs/common';
import { Events, isoTime } from '@roster/contracts';
import type { EntityManager } from '@roster/persistence';
import { ConnectionsRepository } from '../persistence/connections.repository';
import { countsOf, type SyncRun } from '../persistence/sync-run.entity';
import { INGESTION_CONTEXT, type IngestionContext } from '../runtime/context';

export type RunMilestone = 'started' | 'completed' | 'held' | 'failed';


/**
 * `roster.sync-run.*` events of a run, written to the outbox in the caller's transaction (the handlers
 * call it beside the run's state change). Keyed by Clever district; the version moves on per district.
 */
@Injectable()
export class SyncRunEvents {
  constructor(
    @Inject(INGESTION_CONTEXT) private readonly ctx: IngestionContext,
    @Inject(ConnectionsRepository) private readonly connections: ConnectionsRepository,
  ) {}

  async publish(em: EntityManager, run: SyncRun, what: RunMilestone): Promise<void> {
    // A preview publishes nothing, not even its milestones (whoever ends it: its handler, a disconnect).
    if (run.mode === 'preview') return;
    const version = await this.connections.nextRunEventsVersion(em, run.cleverDistrictId);
    const base = { runId: run.id, cleverDistrictId: run.cleverDistrictId, kind: run.kind, trigger: run.trigger, startedAt: isoTime(run.startedAt ?? run.queuedAt ?? new Date()) };
    const event = { id: `run:${run.id}:${what}`, subject: run.cleverDistrictId, districtId: run.cleverDistrictId, version };
    const counts = countsOf(run);
    switch (what) {
      case 'started':
        return this.ctx.outbox.add(em, Events.syncRunStarted, { ...event, data: base });
      case 'completed':
        return this.ctx.outbox.add(em, Events.syncRunCompleted, { ...event, data: { ...base, finishedAt: isoTime(run.finishedAt ?? new Date()), counts } });
      case 'held':
        return this.ctx.outbox.add(em, Events.syncRunHeld, {
          ...event,
          data: { ...base, heldAt: isoTime(run.finishedAt ?? new Date()), counts, heldRemovals: run.heldRemovals ?? 0, activeUsers: run.activeUsers ?? 0, thresholdPercent: Number(run.thresholdPercent ?? 0), ...(run.holdReasons ? { holdReasons: run.holdReasons } : {}) },
        });
      case 'failed':
        return this.ctx.outbox.add(em, Events.syncRunFailed, {
          ...event,
          data: { ...base, failedAt: isoTime(run.finishedAt ?? new Date()), counts, error: { code: run.errorCode ?? 'ERROR', message: run.errorMessage ?? '' } },
        });
    }
  }
}
