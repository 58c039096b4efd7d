import type { DynamicModule } from '@nestjs/common';
import { INTERNAL_AUTH_OPTIONS, InternalAuthGuard, type InternalAuthOptions } from '@roster/auth';
import { IngestionHandlers } from './common/ingestion-handlers';
import { DecideHeldRunController } from './commands/decide-held-run/decide-held-run.controller';
import { SyncNowController } from './commands/sync-now/sync-now.controller';
import { UpdateSettingsController } from './commands/update-settings/update-settings.controller';
import { DlqResyncConsumer } from './consumers/dlq-resync/dlq-resync.consumer';
import { SyncStatusController } from './queries/sync-status/sync-status.controller';

export const INGESTION_SERVICE = 'clever-ingestion';

export interface IngestionModuleOptions {
  /** Internal tokens accepted by the HTTP API (audience `clever-ingestion`). */
  auth: InternalAuthOptions;
  /** Run the `clever-ingestion.dlq-resync` consumer (in the consumer role; default true). */
  dlqResync?: boolean;
}

/**
 * clever-ingestion as a Nest module: its internal HTTP API (docs/internal-api.md, `/internal/v1`, every route
 * behind InternalAuthGuard) and its Kafka consumer (`@ConsumerGroup` on the inbox transport) — thin adapters
 * over the service's handlers.
 */
export class IngestionModule {
  static register(handlers: IngestionHandlers, options: IngestionModuleOptions): DynamicModule {
    return {
      module: IngestionModule,
      controllers: [
        SyncStatusController,
        SyncNowController,
        DecideHeldRunController,
        UpdateSettingsController,
        ...(options.dlqResync === false ? [] : [DlqResyncConsumer]),
      ],
      providers: [{ provide: IngestionHandlers, useValue: handlers }, { provide: INTERNAL_AUTH_OPTIONS, useValue: options.auth }, InternalAuthGuard],
    };
  }
}
