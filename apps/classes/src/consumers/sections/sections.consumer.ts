import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { Topics, type Envelope } from '@roster/contracts';
import { ConsumerGroup, type InboxContext } from '@roster/messaging';
import { ApplySectionEventsHandler, SECTIONS_GROUP_ID } from './apply-section-events.handler';

export { SECTIONS_GROUP_ID };

/** `classes.sections`: the projection of Clever sections, for filters and suggestions only. */
@Controller()
export class SectionEventsConsumer {
  constructor(@Inject(ApplySectionEventsHandler) private readonly handler: ApplySectionEventsHandler) {}

  @ConsumerGroup(SECTIONS_GROUP_ID, { topics: [Topics.rosterSections.name] })
  apply(@Payload() events: Envelope[], @Ctx() ctx: InboxContext): Promise<void> {
    return this.handler.execute(ctx.em, events);
  }
}
