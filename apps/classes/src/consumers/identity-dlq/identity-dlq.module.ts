import type { DynamicModule } from '@nestjs/common';
import { CLASSES_CONTEXT, type ClassesContext } from '../../common/context';
import { AuditRepository } from '../../persistence/audit.repository';
import { ApplyIdentityEventsHandler } from '../identity/apply-identity-events.handler';
import { IdentityProjectionRepository } from '../identity/identity-projection.repository';
import { IdentityReactionsRepository } from '../identity/identity-reactions.repository';
import { IdentityDeadLettersConsumer } from './identity-dlq.consumer';
import { IDENTITY_STATE_SOURCE, type IdentityStateSource } from './identity-state.client';
import { ResyncFromIdentityHandler } from './resync-from-identity.handler';

/**
 * The `classes.identity-dlq` consumer group and what it needs, as one module (the normal consumer's apply
 * path is stateless: its own instances here). Imported by ClassesModule when identity's internal API is
 * configured (`IdentityStateHttpClient` with IDENTITY_URL and INTERNAL_AUTH_SECRET).
 */
export class IdentityDeadLettersModule {
  static register(ctx: ClassesContext, identity: IdentityStateSource): DynamicModule {
    return {
      module: IdentityDeadLettersModule,
      controllers: [IdentityDeadLettersConsumer],
      providers: [
        { provide: CLASSES_CONTEXT, useValue: ctx },
        { provide: IDENTITY_STATE_SOURCE, useValue: identity },
        AuditRepository,
        IdentityProjectionRepository,
        IdentityReactionsRepository,
        ApplyIdentityEventsHandler,
        ResyncFromIdentityHandler,
      ],
    };
  }
}
