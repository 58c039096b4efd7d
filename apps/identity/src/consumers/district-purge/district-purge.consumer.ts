import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { Topics, isEvent, type Envelope } from '@roster/contracts';
import { ConsumerGroup, InboxContext } from '@roster/messaging';
import { PurgeDistrictHandler } from '../../commands/purge-district/purge-district.handler';

export const DISTRICT_PURGE_GROUP = 'identity.district-purge';

/** `identity.district-purge`: `roster.district.purge-requested` → PurgeDistrictHandler, one at a time in the inbox's transaction. */
@Controller()
export class DistrictPurgeConsumer {
  constructor(@Inject(PurgeDistrictHandler) private readonly handler: PurgeDistrictHandler) {}

  @ConsumerGroup(DISTRICT_PURGE_GROUP, { topics: [Topics.rosterDistrictPurges.name], maxBatchSize: 1 })
  async apply(@Payload() events: Envelope[], @Ctx() ctx: InboxContext): Promise<void> {
    for (const event of events) if (isEvent(event, 'districtPurgeRequested')) await this.handler.execute(ctx.em, event);
  }
}
