import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { Topics, isEvent, type Envelope } from '@roster/contracts';
import { ConsumerGroup, InboxContext } from '@roster/messaging';
import { PurgeDistrictHandler } from '../../commands/purge-district/purge-district.handler';

export const DISTRICT_PURGE_GROUP = 'clever-ingestion.district-purge';

/**
 * `clever-ingestion.district-purge`: `roster.district.purge-requested` → PurgeDistrictHandler, one purge at
 * a time in the inbox's transaction. The topic's confirmations (`roster.district.purged`) are not for us.
 */
@Controller()
export class DistrictPurgeConsumer {
  constructor(@Inject(PurgeDistrictHandler) private readonly handler: PurgeDistrictHandler) {}

  @ConsumerGroup(DISTRICT_PURGE_GROUP, { topics: [Topics.rosterDistrictPurges.name], maxBatchSize: 1 })
  async apply(@Payload() events: Envelope[], @Ctx() ctx: InboxContext): Promise<void> {
    for (const event of events) if (isEvent(event, 'districtPurgeRequested')) await this.handler.execute(ctx.em, event);
  }
}
