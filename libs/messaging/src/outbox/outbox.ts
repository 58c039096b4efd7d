import type { EntityManager } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import { buildEnvelope, envelopeHeaders, type EventDefinition, type NewEvent } from '@roster/contracts';
import { executeStatement, jsonDocument, sql } from '@roster/persistence';

export type OutboxEvent<S extends z.ZodType = z.ZodType> = Omit<NewEvent<S>, 'source'>;

export interface OutboxItem<S extends z.ZodType = z.ZodType> {
  def: EventDefinition<S>;
  event: OutboxEvent<S>;
}

/** Rows per statement: one JSON document per chunk (a few MB at most for the largest envelopes). */
const CHUNK = 5000;

/**
 * Writes events into the outbox inside the caller's transaction: the event exists exactly when the
 * state change does. An event id written twice (a replayed source event) is stored once.
 */
export class Outbox {
  constructor(
    /** The producing service, the envelope's `source`. */
    readonly source: string,
    private readonly context: () => { correlationId?: string; traceparent?: string } = () => ({}),
  ) {}

  async add<S extends z.ZodType>(em: EntityManager, def: EventDefinition<S>, event: OutboxEvent<S>): Promise<void> {
    await this.addMany(em, [{ def, event } as OutboxItem]);
  }

  /**
   * Bulk form for batch consumers and syncs: one insert per 5,000 events. The rows travel as ONE
   * server-side bound JSON parameter read with `json_to_recordset` (no client-side escaping at all).
   * `n` keeps the items' order, so `seq` (the relay's publishing order) follows it.
   */
  async addMany(em: EntityManager, items: OutboxItem[]): Promise<number> {
    let written = 0;
    const ctx = this.context();
    for (let i = 0; i < items.length; i += CHUNK) {
      const chunk = items.slice(i, i + CHUNK);
      const rows = chunk.map(({ def, event }, n) => {
        const envelope = buildEnvelope(def, {
          ...event,
          source: this.source,
          correlationId: event.correlationId ?? ctx.correlationId,
          traceparent: event.traceparent ?? ctx.traceparent,
        });
        return { n, id: envelope.id, topic: def.topic.name, key: envelope.subject, type: envelope.type, headers: envelopeHeaders(envelope), payload: envelope };
      });
      written += await executeStatement(
        em,
        sql`insert into outbox_message (id, topic, message_key, event_type, headers, payload)
            select r.id, r.topic, r.key, r.type, r.headers, r.payload
            from json_to_recordset(${jsonDocument(rows)}::json) as r(n int, id text, topic text, key text, type text, headers jsonb, payload jsonb)
            order by r.n
            on conflict (id) do nothing`,
      );
    }
    return written;
  }
}
