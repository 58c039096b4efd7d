import type { DynamicModule, Provider, Type } from '@nestjs/common';
import { INTERNAL_AUTH_OPTIONS, InternalAuthGuard, type InternalAuthOptions } from '@roster/auth';
import { ConnectDistrictsHandler } from './commands/connect-districts/connect-districts.handler';
import { DecideHeldRunController } from './commands/decide-held-run/decide-held-run.controller';
import { DecideHeldRunHandler } from './commands/decide-held-run/decide-held-run.handler';
import { FullSyncHandler } from './commands/full-sync/full-sync.handler';
import { PollEventsHandler } from './commands/poll-events/poll-events.handler';
import { PreviewSyncController } from './commands/preview-sync/preview-sync.controller';
import { PreviewSyncHandler } from './commands/preview-sync/preview-sync.handler';
import { StartPreviewHandler } from './commands/preview-sync/start-preview.handler';
import { SyncNowController } from './commands/sync-now/sync-now.controller';
import { SyncNowHandler } from './commands/sync-now/sync-now.handler';
import { UpdateSettingsController } from './commands/update-settings/update-settings.controller';
import { UpdateSettingsHandler } from './commands/update-settings/update-settings.handler';
import { SyncRunEvents } from './common/sync-run-events';
import { PurgeDistrictController } from './commands/purge-district/purge-district.controller';
import { PurgeDistrictHandler } from './commands/purge-district/purge-district.handler';
import { PurgeDistrictRepository } from './commands/purge-district/purge-district.repository';
import { PurgedTokensRepository } from './persistence/purged-tokens.repository';
import { RequestPurgeHandler } from './commands/purge-district/request-purge.handler';
import { DistrictPurgeConsumer } from './consumers/district-purge/district-purge.consumer';
import { DlqResyncConsumer } from './consumers/dlq-resync/dlq-resync.consumer';
import { DlqResyncHandler } from './consumers/dlq-resync/dlq-resync.handler';
import { ChangesRepository } from './persistence/changes.repository';
import { ConnectionsRepository } from './persistence/connections.repository';
import { RunsRepository } from './persistence/runs.repository';
import { ShadowRepository } from './persistence/shadow.repository';
import { SyncChangesController } from './queries/sync-changes/sync-changes.controller';
import { SyncChangesHandler } from './queries/sync-changes/sync-changes.handler';
import { SyncStatusController } from './queries/sync-status/sync-status.controller';
import { SyncStatusHandler } from './queries/sync-status/sync-status.handler';
import { INGESTION_CONTEXT, type IngestionContext } from './runtime/context';
import { SyncScheduler } from './runtime/scheduler';

export const INGESTION_SERVICE = 'clever-ingestion';

export interface IngestionModuleOptions {
  /** Run the `clever-ingestion.dlq-resync` consumer (in the consumer role; default true). */
  dlqResync?: boolean;
}

const repositories: Type[] = [ConnectionsRepository, RunsRepository, ShadowRepository, ChangesRepository, SyncRunEvents, PurgeDistrictRepository, PurgedTokensRepository];

const handlers: Type[] = [
  ConnectDistrictsHandler,
  FullSyncHandler,
  PollEventsHandler,
  SyncNowHandler,
  DecideHeldRunHandler,
  UpdateSettingsHandler,
  SyncStatusHandler,
  DlqResyncHandler,
  RequestPurgeHandler,
  PurgeDistrictHandler,
  PreviewSyncHandler,
  StartPreviewHandler,
  SyncChangesHandler,
];

/**
 * clever-ingestion as a Nest module: its internal HTTP API (docs/internal-api.md, `/internal/v1`, every route
 * behind InternalAuthGuard), its Kafka consumer group `clever-ingestion.dlq-resync` (`@ConsumerGroup` on the
 * inbox transport), and the providers behind them — one handler per use case, the repositories and run
 * events, the background scheduler (SyncScheduler; service.ts starts its loop in the `consumer` role), and
 * the service's shared context (ORM, outbox, logger, Clever access, locks, metrics, settings) as
 * INGESTION_CONTEXT.
 */
export class IngestionModule {
  static register(ctx: IngestionContext, auth: InternalAuthOptions, options: IngestionModuleOptions = {}): DynamicModule {
    const providers: Provider[] = [
      { provide: INGESTION_CONTEXT, useValue: ctx },
      { provide: INTERNAL_AUTH_OPTIONS, useValue: auth },
      InternalAuthGuard,
      ...repositories,
      ...handlers,
      SyncScheduler,
    ];
    return {
      module: IngestionModule,
      controllers: [
        SyncStatusController,
        SyncNowController,
        DecideHeldRunController,
        UpdateSettingsController,
        PreviewSyncController,
        SyncChangesController,
        // Kafka consumer group (`@ConsumerGroup` handler on the service's inbox transport).
        ...(options.dlqResync === false ? [] : [DlqResyncConsumer]),
        PurgeDistrictController,
        DistrictPurgeConsumer,
      ],
      providers,
    };
  }
}
