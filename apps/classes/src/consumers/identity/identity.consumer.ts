import { Topics } from '@roster/contracts';
import type { ConsumerDefinition } from '@roster/messaging';
import { IDENTITY_GROUP_ID, type ApplyIdentityEventsHandler } from './apply-identity-events.handler';

export { IDENTITY_GROUP_ID };

/** `classes.identity`: projections of districts, schools and accounts, and the leaver/mover reactions. */
export function identityConsumer(handler: ApplyIdentityEventsHandler): ConsumerDefinition {
  return {
    groupId: IDENTITY_GROUP_ID,
    topics: [Topics.identityAccounts.name, Topics.identitySchools.name],
    handle: (em, events) => handler.handle(em, events),
  };
}
