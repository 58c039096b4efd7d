import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { Topics, type Envelope } from '@roster/contracts';
import { ConsumerGroup, type InboxContext } from '@roster/messaging';
import { ApplyIdentityEventsHandler, IDENTITY_GROUP_ID } from './apply-identity-events.handler';

export { IDENTITY_GROUP_ID };

/** `classes.identity`: projections of districts, schools and accounts, and the leaver/mover reactions. */
@Controller()
export class IdentityEventsConsumer {
  constructor(@Inject(ApplyIdentityEventsHandler) private readonly handler: ApplyIdentityEventsHandler) {}

  @ConsumerGroup(IDENTITY_GROUP_ID, { topics: [Topics.identityAccounts.name, Topics.identitySchools.name] })
  apply(@Payload() events: Envelope[], @Ctx() ctx: InboxContext): Promise<void> {
    return this.handler.execute(ctx.em, events);
  }
}
