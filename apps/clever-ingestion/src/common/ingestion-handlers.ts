import { ConnectDistrictsHandler } from '../commands/connect-districts/connect-districts.handler';
import { DecideHeldRunHandler } from '../commands/decide-held-run/decide-held-run.handler';
import { FullSyncHandler } from '../commands/full-sync/full-sync.handler';
import { PollEventsHandler } from '../commands/poll-events/poll-events.handler';
import { SyncNowHandler } from '../commands/sync-now/sync-now.handler';
import { UpdateSettingsHandler } from '../commands/update-settings/update-settings.handler';
import { DlqResyncHandler } from '../consumers/dlq-resync/dlq-resync.handler';
import { SyncStatusHandler } from '../queries/sync-status/sync-status.handler';
import type { IngestionContext } from '../runtime/context';
import { SyncScheduler, type SchedulerOptions } from '../runtime/scheduler';

/**
 * The service's use cases, wired once per service (service.ts): the adapters (controllers, the DLQ
 * consumer, the scheduler) call these handlers and nothing else.
 */
export class IngestionHandlers {
  readonly connectDistricts: ConnectDistrictsHandler;
  readonly fullSync: FullSyncHandler;
  readonly pollEvents: PollEventsHandler;
  readonly syncNow: SyncNowHandler;
  readonly decideHeldRun: DecideHeldRunHandler;
  readonly updateSettings: UpdateSettingsHandler;
  readonly syncStatus: SyncStatusHandler;
  readonly dlqResync: DlqResyncHandler;
  /** The background work of the `consumer` role (discovery, cron, queued runs, events polls). */
  readonly scheduler: SyncScheduler;

  constructor(
    readonly ctx: IngestionContext,
    schedulerOptions: SchedulerOptions,
    /** Whether this process runs the background work (the `consumer` role). */
    readonly runsBackgroundWork: boolean,
  ) {
    this.connectDistricts = new ConnectDistrictsHandler(ctx);
    this.fullSync = new FullSyncHandler(ctx, this.connectDistricts);
    this.pollEvents = new PollEventsHandler(ctx, this.connectDistricts);
    this.syncNow = new SyncNowHandler(ctx, () => this.wake());
    this.decideHeldRun = new DecideHeldRunHandler(ctx, this.fullSync);
    this.updateSettings = new UpdateSettingsHandler(ctx);
    this.syncStatus = new SyncStatusHandler(ctx);
    this.dlqResync = new DlqResyncHandler(ctx);
    this.scheduler = new SyncScheduler(ctx, { connections: this.connectDistricts, fullSync: this.fullSync, pollEvents: this.pollEvents }, schedulerOptions);
  }

  /** Tells a local scheduler that work was queued (in another process it finds it on its next tick). */
  wake(): void {
    if (this.runsBackgroundWork) this.scheduler.wake();
  }
}
