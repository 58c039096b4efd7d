import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { Topics, type Envelope } from '@roster/contracts';
import { ConsumerGroup, type InboxContext } from '@roster/messaging';
import { ASSESSMENT_GROUP_ID, RecordAssessmentPlacementsHandler } from './record-assessment-placements.handler';

export { ASSESSMENT_GROUP_ID };

/** `classes.assessment`: placement results from the assessment service. */
@Controller()
export class AssessmentPlacementsConsumer {
  constructor(@Inject(RecordAssessmentPlacementsHandler) private readonly handler: RecordAssessmentPlacementsHandler) {}

  @ConsumerGroup(ASSESSMENT_GROUP_ID, { topics: [Topics.assessmentPlacements.name] })
  record(@Payload() events: Envelope[], @Ctx() ctx: InboxContext): Promise<void> {
    return this.handler.execute(ctx.em, events);
  }
}
