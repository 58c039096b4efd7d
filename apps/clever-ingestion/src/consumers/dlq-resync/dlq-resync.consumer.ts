import { createHash } from 'node:crypto';
import { Topics, dlqTopicName, type Envelope } from '@roster/contracts';
import type { ConsumerDefinition, InboxHandler } from '@roster/messaging';
import { execute } from '@roster/persistence';
import type { RecordType } from '../../domain/normalize';
import type { IngestionContext } from '../../runtime/context';

export const DLQ_RESYNC_GROUP = 'clever-ingestion.dlq-resync';
export const DLQ_RESYNC_TOPICS = [dlqTopicName(Topics.rosterUsers.name), dlqTopicName(Topics.rosterSchools.name), dlqTopicName(Topics.rosterDistricts.name)];

const TYPE_OF_TOPIC: Record<string, RecordType> = {
  [dlqTopicName(Topics.rosterUsers.name)]: 'user',
  [dlqTopicName(Topics.rosterSchools.name)]: 'school',
  [dlqTopicName(Topics.rosterDistricts.name)]: 'district',
};

/** A dead-lettered event is republished at most this many times (a message that always fails stops looping). */
export const MAX_REPUBLISH = 3;

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
 * `clever-ingestion.dlq-resync`: a roster event dead-lettered by a consumer (identity) leaves that
 * consumer's state stale for the record. The record's shadow entry is flagged so that the next full sync
 * publishes it again (a new version, even though Clever's data did not change), and a full resync of the
 * district is queued — after a short debounce, so a burst of dead letters makes one run. At most
 * MAX_REPUBLISH times per record: a message that can never be applied does not loop forever.
 */
export function dlqResyncConsumer(ctx: IngestionContext): ConsumerDefinition {
  const handle: InboxHandler = async (em, events, meta) => {
    const districts = new Set<string>();
    const flags: { t: RecordType; i: string; d: string }[] = [];
    events.forEach((e, i) => {
      const type = TYPE_OF_TOPIC[meta[i].topic];
      if (!type || !e.districtId || !e.subject) return;
      districts.add(e.districtId);
      flags.push({ t: type, i: e.subject, d: e.districtId });
    });
    if (flags.length > 0) {
      await execute(
        em,
        `update shadow_record s set force_republish = true, republish_count = s.republish_count + 1
         from jsonb_to_recordset(?::jsonb) as k(t text, i text, d text)
         where s.record_type = k.t and s.clever_id = k.i and s.clever_district_id = k.d and s.republish_count < ?`,
        [JSON.stringify(flags), MAX_REPUBLISH],
      );
    }
    for (const districtId of districts) {
      const known = await ctx.connections.get(em, districtId);
      if (!known || known.state !== 'connected') continue;
      const queued = await ctx.runs.queueFull(em, districtId, 'resync_request', ctx.settings.dlqResyncDebounceMs);
      ctx.logger.warn({ districtId, runId: queued.runId, coalesced: !queued.created }, 'dead-lettered roster event: district resync queued');
    }
  };
  return { groupId: DLQ_RESYNC_GROUP, topics: DLQ_RESYNC_TOPICS, handle, parse: parseDeadLetter, maxBatchSize: 500 };
}
