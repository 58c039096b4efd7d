import type { DynamicModule } from '@nestjs/common';
import { INTERNAL_AUTH_OPTIONS, InternalAuthGuard, type InternalAuthOptions } from '@roster/auth';
import { IngestionHandlers } from './application/ingestion-handlers';
import { DecideHeldRunController } from './commands/decide-held-run/decide-held-run.controller';
import { SyncNowController } from './commands/sync-now/sync-now.controller';
import { UpdateSettingsController } from './commands/update-settings/update-settings.controller';
import { SyncStatusController } from './queries/sync-status/sync-status.controller';

export const INGESTION_SERVICE = 'clever-ingestion';

/**
 * clever-ingestion's internal HTTP API (docs/internal-api.md, `/internal/v1`, internal tokens with audience
 * `clever-ingestion`): thin controllers over the service's handlers, every route behind InternalAuthGuard.
 */
export class IngestionModule {
  static register(handlers: IngestionHandlers, auth: InternalAuthOptions): DynamicModule {
    return {
      module: IngestionModule,
      controllers: [SyncStatusController, SyncNowController, DecideHeldRunController, UpdateSettingsController],
      providers: [{ provide: IngestionHandlers, useValue: handlers }, { provide: INTERNAL_AUTH_OPTIONS, useValue: auth }, InternalAuthGuard],
    };
  }
}
