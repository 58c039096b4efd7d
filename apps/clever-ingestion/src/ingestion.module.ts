import type { DynamicModule } from '@nestjs/common';
import { INTERNAL_AUTH_OPTIONS, InternalAuthGuard } from '@roster/auth';
import { DecideHeldRunController } from './commands/decide-held-run/decide-held-run.controller';
import { SyncNowController } from './commands/sync-now/sync-now.controller';
import { UpdateSettingsController } from './commands/update-settings/update-settings.controller';
import { INGESTION } from './http/tokens';
import { SyncStatusController } from './queries/sync-status/sync-status.controller';
import type { IngestionUseCases } from './runtime/use-cases';

export const INGESTION_SERVICE = 'clever-ingestion';

class IngestionHttpModule {}

/** clever-ingestion's internal HTTP API (`/internal/v1`, internal tokens with audience `clever-ingestion`). */
export function ingestionHttpModule(useCases: () => IngestionUseCases, options: { internalAuthSecret: string }): DynamicModule {
  return {
    module: IngestionHttpModule,
    controllers: [SyncStatusController, SyncNowController, DecideHeldRunController, UpdateSettingsController],
    providers: [
      { provide: INGESTION, useFactory: useCases },
      { provide: INTERNAL_AUTH_OPTIONS, useValue: { audience: INGESTION_SERVICE, secret: options.internalAuthSecret } },
      InternalAuthGuard,
    ],
  };
}
