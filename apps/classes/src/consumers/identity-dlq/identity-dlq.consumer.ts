import { createHash } from 'node:crypto';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { Envelope } from '@roster/contracts';
import { ConsumerGroup, type InboxContext } from '@roster/messaging';
import { ACCOUNTS_DLQ, ResyncFromIdentityHandler, SCHOOLS_DLQ } from './resync-from-identity.handler';

export const IDENTITY_DLQ_GROUP_ID = 'classes.identity-dlq';

/**
 * Reads a dead-lettered message without ever failing (a message this consumer cannot read would otherwise
 * go to a `.dlq.dlq`): unreadable ones get a synthetic id and name nothing (logged by the handler).
 */
export function parseDeadLetter(value: string): Envelope {
  try {
    const raw = JSON.parse(value) as Partial<Envelope>;
    if (raw && typeof raw === 'object' && typeof raw.id === 'string' && raw.id) {
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
 * `classes.identity-dlq`: identity events that `classes.identity` dead-lettered → ResyncFromIdentityHandler
 * (re-read the entity's current state from identity, apply it version-guarded), in the inbox transaction.
 */
@Controller()
export class IdentityDeadLettersConsumer {
  constructor(@Inject(ResyncFromIdentityHandler) private readonly handler: ResyncFromIdentityHandler) {}

  @ConsumerGroup(IDENTITY_DLQ_GROUP_ID, { topics: [ACCOUNTS_DLQ, SCHOOLS_DLQ], parse: parseDeadLetter, maxBatchSize: 200 })
  async apply(@Payload() events: Envelope[], @Ctx() ctx: InboxContext): Promise<void> {
    await this.handler.execute(
      ctx.em,
      events.map((envelope, i) => ({ envelope, topic: ctx.meta[i].topic })),
    );
  }
}
