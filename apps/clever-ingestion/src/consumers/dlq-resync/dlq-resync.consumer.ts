import { createHash } from 'node:crypto';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { Topics, dlqTopicName, type Envelope } from '@roster/contracts';
import { ConsumerGroup, InboxContext } from '@roster/messaging';
import type { RecordType } from '../../domain/normalize';
import { DlqResyncHandler } from './dlq-resync.handler';

export const DLQ_RESYNC_GROUP = 'clever-ingestion.dlq-resync';
export const DLQ_RESYNC_TOPICS = [dlqTopicName(Topics.rosterUsers.name), dlqTopicName(Topics.rosterSchools.name), dlqTopicName(Topics.rosterDistricts.name)];

const TYPE_OF_TOPIC: Record<string, RecordType> = {
  [dlqTopicName(Topics.rosterUsers.name)]: 'user',
  [dlqTopicName(Topics.rosterSchools.name)]: 'school',
  [dlqTopicName(Topics.rosterDistricts.name)]: 'district',
};

/**
 * Reads a dead-lettered message without ever failing: a message this consumer cannot read would
 * otherwise go to a `.dlq.dlq`. Unreadable ones get a synthetic id and no district (ignored).
 */
export function parseDeadLetter(value: string): Envelope {
  try {
    const raw = JSON.parse(value) as Partial<Envelope>;
    if (raw && typeof raw.id === 'string' && raw.id) {
      return {
        id: raw.id,
        type: typeof raw.type === 'string' ? raw.type : 'unknown',
        source: typeof raw.source === 'string' ? raw.source : 'unknown',
        subject: typeof raw.subject === 'string' ? raw.subject : '',
        time: typeof raw.time === 'string' ? raw.time : new Date().toISOString(),
        districtId: typeof raw.districtId === 'string' ? raw.districtId : '',
        version: typeof raw.version === 'number' ? raw.version : 0,
        data: raw.data,
      };
    }
  } catch {
    // not JSON
  }
  return { id: `unreadable:${createHash('sha256').update(value).digest('hex').slice(0, 32)}`, type: 'unknown', source: 'unknown', subject: '', time: new Date().toISOString(), districtId: '', version: 0, data: null };
}

/**
 * `clever-ingestion.dlq-resync`: roster events dead-lettered by a consumer (identity) → DlqResyncHandler
 * (flag the records for republication, queue a debounced resync of their districts), in the inbox's
 * transaction. Runs on the inbox transport in the `consumer` role.
 */
@Controller()
export class DlqResyncConsumer {
  constructor(@Inject(DlqResyncHandler) private readonly handler: DlqResyncHandler) {}

  @ConsumerGroup(DLQ_RESYNC_GROUP, { topics: DLQ_RESYNC_TOPICS, parse: parseDeadLetter, maxBatchSize: 500 })
  apply(@Payload() events: Envelope[], @Ctx() ctx: InboxContext): Promise<void> {
    return this.handler.execute(
      ctx.em,
      events.map((envelope, i) => ({ envelope, recordType: TYPE_OF_TOPIC[ctx.meta[i].topic] })),
    );
  }
}
