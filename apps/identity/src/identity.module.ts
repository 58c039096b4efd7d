import { Module, type DynamicModule } from '@nestjs/common';
import { INTERNAL_AUTH_OPTIONS, InternalAuthGuard } from '@roster/auth';
import type { Outbox } from '@roster/messaging';
import type { Logger } from '@roster/observability';
import type { MikroORM } from '@roster/persistence';
import { RosterConsumer } from './consumers/roster/roster.consumer';
import { RosterHandler } from './consumers/roster/roster.handler';
import { IDENTITY_ORM } from './identity.tokens';
import type { IdentityMetrics } from './metrics/identity-metrics';
import { AccountsRepository } from './persistence/accounts.repository';
import { DistrictsRepository } from './persistence/districts.repository';
import { SchoolsRepository } from './persistence/schools.repository';
import { AccountsController } from './queries/accounts/accounts.controller';
import { AccountsHandler } from './queries/accounts/accounts.handler';
import { DevUsersController } from './queries/dev-users/dev-users.controller';
import { DevUsersHandler } from './queries/dev-users/dev-users.handler';
import { DistrictSummaryController } from './queries/district-summary/district-summary.controller';
import { DistrictSummaryHandler } from './queries/district-summary/district-summary.handler';
import { DistrictsController } from './queries/districts/districts.controller';
import { DistrictsHandler } from './queries/districts/districts.handler';
import { SchoolsController } from './queries/schools/schools.controller';
import { SchoolsHandler } from './queries/schools/schools.handler';
import { SignInController } from './queries/sign-in/sign-in.controller';
import { SignInHandler } from './queries/sign-in/sign-in.handler';
import { SessionsController } from './sessions/sessions.controller';
import { SESSIONS_LOGGER, SessionsHandler } from './sessions/sessions.handler';
import { SessionsRepository } from './sessions/sessions.repository';

export const IDENTITY_SERVICE = 'identity';

export interface IdentityModuleOptions {
  orm: MikroORM;
  outbox: Outbox;
  logger: Logger;
  metrics?: IdentityMetrics;
  /** Secret of the internal tokens the gateway signs (audience `identity`). */
  internalAuthSecret: string;
}

/**
 * Identity's Nest module: the internal HTTP API (`/internal/v1`, internal tokens with audience `identity`)
 * and the `identity.roster` consumer (an `@EventPattern` handler on the inbox transport). Adapters →
 * handlers → repositories.
 */
@Module({})
export class IdentityModule {
  static register(options: IdentityModuleOptions): DynamicModule {
    return {
      module: IdentityModule,
      controllers: [DistrictsController, DistrictSummaryController, SchoolsController, AccountsController, SignInController, DevUsersController, SessionsController, RosterConsumer],
      providers: [
        { provide: IDENTITY_ORM, useValue: options.orm },
        { provide: INTERNAL_AUTH_OPTIONS, useValue: { audience: IDENTITY_SERVICE, secret: options.internalAuthSecret } },
        InternalAuthGuard,
        AccountsRepository,
        SchoolsRepository,
        DistrictsRepository,
        AccountsHandler,
        DevUsersHandler,
        DistrictSummaryHandler,
        DistrictsHandler,
        SchoolsHandler,
        SignInHandler,
        SessionsRepository,
        SessionsHandler,
        { provide: SESSIONS_LOGGER, useValue: options.logger },
        { provide: RosterHandler, useFactory: () => new RosterHandler({ outbox: options.outbox, logger: options.logger, metrics: options.metrics }) },
      ],
    };
  }
}
