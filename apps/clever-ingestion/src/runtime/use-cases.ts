import { DistrictConnections } from '../commands/connect-districts/district-connections';
import { HeldRuns } from '../commands/decide-held-run/held-runs';
import { FullSync } from '../commands/full-sync/full-sync';
import { PollEvents } from '../commands/poll-events/poll-events';
import type { IngestionContext } from './context';
import { SyncScheduler, type SchedulerOptions } from './scheduler';

/** The service's use cases wired together (one instance per service; the controllers receive it). */
export class IngestionUseCases {
  readonly connections: DistrictConnections;
  readonly fullSync: FullSync;
  readonly pollEvents: PollEvents;
  readonly heldRuns: HeldRuns;
  readonly scheduler: SyncScheduler;

  constructor(
    readonly ctx: IngestionContext,
    schedulerOptions: SchedulerOptions,
    /** Whether this process runs the background work (the `consumer` role). */
    readonly runsBackgroundWork: boolean,
  ) {
    this.connections = new DistrictConnections(ctx);
    this.fullSync = new FullSync(ctx, this.connections);
    this.pollEvents = new PollEvents(ctx, this.connections);
    this.heldRuns = new HeldRuns(ctx, this.fullSync);
    this.scheduler = new SyncScheduler(ctx, { connections: this.connections, fullSync: this.fullSync, pollEvents: this.pollEvents }, schedulerOptions);
  }

  /** Tells a local scheduler that work was queued (in another process it finds it on its next tick). */
  wake(): void {
    if (this.runsBackgroundWork) this.scheduler.wake();
  }
}
