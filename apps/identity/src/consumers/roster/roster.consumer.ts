import { Topics } from '@roster/contracts';
import type { ConsumerDefinition, InboxHandler } from '@roster/messaging';
import type { RosterHandler } from './roster.handler';

export const ROSTER_CONSUMER_GROUP = 'identity.roster';
export const ROSTER_TOPICS = [Topics.rosterDistricts.name, Topics.rosterSchools.name, Topics.rosterUsers.name];

export interface RosterConsumerOptions {
  /** Largest batch applied in one transaction (default 1000). */
  maxBatchSize?: number;
  /** Partitions applied at the same time (default 3). */
  partitionsConsumedConcurrently?: number;
  /** Attempts before a failing message goes to its .dlq (default 5). */
  maxAttempts?: number;
}

/**
 * `identity.roster` (Kafka adapter): roster districts, schools and users, in batches of one partition;
 * the inbox dedupes and opens the transaction, RosterHandler applies the batch in it.
 */
export class RosterConsumer {
  constructor(
    private readonly handler: RosterHandler,
    private readonly options: RosterConsumerOptions = {},
  ) {}

  readonly handle: InboxHandler = (em, events) => this.handler.apply(em, events);

  definition(): ConsumerDefinition {
    return {
      groupId: ROSTER_CONSUMER_GROUP,
      topics: ROSTER_TOPICS,
      handle: this.handle,
      maxBatchSize: this.options.maxBatchSize ?? 1000,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
      maxAttempts: this.options.maxAttempts,
    };
  }
}
