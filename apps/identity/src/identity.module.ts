import { Module, type DynamicModule } from '@nestjs/common';
import { INTERNAL_AUTH_OPTIONS, InternalAuthGuard, type InternalAuthOptions } from '@roster/auth';
import { MergeAccountsController } from './commands/merge-accounts/merge-accounts.controller';
import { MergeAccountsHandler } from './commands/merge-accounts/merge-accounts.handler';
import { EraseArchivedAccountsHandler } from './commands/erase-archived-accounts/erase-archived-accounts.handler';
import { RetentionSettingsController } from './commands/update-retention-settings/update-retention-settings.controller';
import { RetentionSettingsHandler } from './commands/update-retention-settings/update-retention-settings.handler';
import { PurgeDistrictHandler } from './commands/purge-district/purge-district.handler';
import { PurgeDistrictRepository } from './commands/purge-district/purge-district.repository';
import { DistrictPurgeConsumer } from './consumers/district-purge/district-purge.consumer';
import { RosterConsumer } from './consumers/roster/roster.consumer';
import { RosterHandler } from './consumers/roster/roster.handler';
import { IDENTITY_CONTEXT, type IdentityContext } from './identity.tokens';
import { AccountsRepository } from './persistence/accounts.repository';
import { DistrictsRepository } from './persistence/districts.repository';
import { SchoolsRepository } from './persistence/schools.repository';
import { EntityStateController } from './queries/entity-state/entity-state.controller';
import { EntityStateHandler } from './queries/entity-state/entity-state.handler';
import { GetAccountController } from './queries/get-account/get-account.controller';
import { GetAccountHandler } from './queries/get-account/get-account.handler';
import { DevUsersController } from './queries/dev-users/dev-users.controller';
import { DuplicateAccountsController } from './queries/duplicate-accounts/duplicate-accounts.controller';
import { DuplicateAccountsHandler } from './queries/duplicate-accounts/duplicate-accounts.handler';
import { DevUsersHandler } from './queries/dev-users/dev-users.handler';
import { DistrictSummaryController } from './queries/district-summary/district-summary.controller';
import { DistrictSummaryHandler } from './queries/district-summary/district-summary.handler';
import { DistrictsController } from './queries/districts/districts.controller';
import { DistrictsHandler } from './queries/districts/districts.handler';
import { SchoolsController } from './queries/schools/schools.controller';
import { SchoolsHandler } from './queries/schools/schools.handler';
import { SearchAccountsController } from './queries/search-accounts/search-accounts.controller';
import { SearchAccountsHandler } from './queries/search-accounts/search-accounts.handler';
import { SignInController } from './queries/sign-in/sign-in.controller';
import { SignInHandler } from './queries/sign-in/sign-in.handler';
import { SessionsController } from './sessions/sessions.controller';
import { SessionsHandler } from './sessions/sessions.handler';
import { SessionsRepository } from './sessions/sessions.repository';

export const IDENTITY_SERVICE = 'identity';

/**
 * Identity's Nest module: the internal HTTP API (`/internal/v1`, internal tokens with audience `identity`)
 * and the `identity.roster` consumer (an `@EventPattern` handler on the inbox transport). Adapters →
 * handlers → repositories.
 */
@Module({})
export class IdentityModule {
  static register(ctx: IdentityContext, auth: InternalAuthOptions): DynamicModule {
    return {
      module: IdentityModule,
      controllers: [DistrictsController, DistrictSummaryController, SchoolsController, SearchAccountsController, GetAccountController, SignInController, DevUsersController, SessionsController, EntityStateController, RosterConsumer, DistrictPurgeConsumer, DuplicateAccountsController, MergeAccountsController, RetentionSettingsController],
      providers: [
        { provide: IDENTITY_CONTEXT, useValue: ctx },
        { provide: INTERNAL_AUTH_OPTIONS, useValue: auth },
        InternalAuthGuard,
        AccountsRepository,
        SchoolsRepository,
        DistrictsRepository,
        SearchAccountsHandler,
        GetAccountHandler,
        EntityStateHandler,
        DevUsersHandler,
        DistrictSummaryHandler,
        DistrictsHandler,
        SchoolsHandler,
        SignInHandler,
        SessionsRepository,
        SessionsHandler,
        RosterHandler,
        PurgeDistrictRepository,
        PurgeDistrictHandler,
        DuplicateAccountsHandler,
        MergeAccountsHandler,
        RetentionSettingsHandler,
        EraseArchivedAccountsHandler,
      ],
    };
  }
}
