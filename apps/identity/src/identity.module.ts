import type { DynamicModule } from '@nestjs/common';
import { INTERNAL_AUTH_OPTIONS, InternalAuthGuard } from '@roster/auth';
import type { ServiceContext } from '@roster/http';
import { IDENTITY_ORM } from './http/tokens';
import { AccountsController } from './queries/accounts/accounts.controller';
import { DevUsersController } from './queries/dev-users/dev-users.controller';
import { DistrictSummaryController } from './queries/district-summary/district-summary.controller';
import { DistrictsController } from './queries/districts/districts.controller';
import { SchoolsController } from './queries/schools/schools.controller';
import { SignInController } from './queries/sign-in/sign-in.controller';

export const IDENTITY_SERVICE = 'identity';

class IdentityHttpModule {}

/** Identity's internal HTTP API (`/internal/v1`, internal tokens with audience `identity`). */
export function identityHttpModule(ctx: ServiceContext, options: { internalAuthSecret: string }): DynamicModule {
  return {
    module: IdentityHttpModule,
    controllers: [DistrictsController, DistrictSummaryController, SchoolsController, AccountsController, SignInController, DevUsersController],
    providers: [
      { provide: IDENTITY_ORM, useValue: ctx.orm },
      { provide: INTERNAL_AUTH_OPTIONS, useValue: { audience: IDENTITY_SERVICE, secret: options.internalAuthSecret } },
      InternalAuthGuard,
    ],
  };
}
