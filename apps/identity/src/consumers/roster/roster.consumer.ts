import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { Topics, type Envelope } from '@roster/contracts';
import { ConsumerGroup, type InboxContext } from '@roster/messaging';
import { RosterHandler } from './roster.handler';

export const ROSTER_CONSUMER_GROUP = 'identity.roster';
export const ROSTER_TOPICS = [Topics.rosterDistricts.name, Topics.rosterSchools.name, Topics.rosterUsers.name];

/**
 * `identity.roster` (Kafka adapter): roster districts, schools and users, in batches of one partition.
 * The inbox transport dedupes and opens the transaction; RosterHandler applies the batch in it. Tuning
 * (IDENTITY_CONSUMER_BATCH_SIZE / _CONCURRENCY) overrides these defaults through hostService's consumerTuning.
 */
@Controller()
export class RosterConsumer {
  constructor(private readonly handler: RosterHandler) {}

  @ConsumerGroup(ROSTER_CONSUMER_GROUP, { topics: ROSTER_TOPICS, maxBatchSize: 1000, partitionsConsumedConcurrently: 3 })
  apply(@Payload() events: Envelope[], @Ctx() ctx: InboxContext): Promise<void> {
    return this.handler.execute(ctx.em, events);
  }
}
