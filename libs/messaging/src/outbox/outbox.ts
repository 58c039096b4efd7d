import type { EntityManager } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import { buildEnvelope, envelopeHeaders, type EventDefinition, type NewEvent } from '@roster/contracts';
import { execute, valuesPlaceholders } from '@roster/persistence';

export type OutboxEvent<S extends z.ZodType = z.ZodType> = Omit<NewEvent<S>, 'source'>;

export interface OutboxItem<S extends z.ZodType = z.ZodType> {
  def: EventDefinition<S>;
  event: OutboxEvent<S>;
}

const COLUMNS = 6;
const CHUNK = 1000;

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

  /** Bulk form for batch consumers and syncs: one multi-row insert per thousand events. */
  async addMany(em: EntityManager, items: OutboxItem[]): Promise<number> {
    let written = 0;
    const ctx = this.context();
    for (let i = 0; i < items.length; i += CHUNK) {
      const chunk = items.slice(i, i + CHUNK);
      const params: unknown[] = [];
      for (const { def, event } of chunk) {
        const envelope = buildEnvelope(def, {
          ...event,
          source: this.source,
          correlationId: event.correlationId ?? ctx.correlationId,
          traceparent: event.traceparent ?? ctx.traceparent,
        });
        params.push(
          envelope.id,
          def.topic.name,
          envelope.subject,
          envelope.type,
          JSON.stringify(envelopeHeaders(envelope)),
          JSON.stringify(envelope),
        );
      }
      written += await execute(
        em,
        `insert into outbox_message (id, topic, message_key, event_type, headers, payload)
         values ${valuesPlaceholders(chunk.length, COLUMNS, [undefined, undefined, undefined, undefined, 'jsonb', 'jsonb'])}
         on conflict (id) do nothing`,
        params,
      );
    }
    return written;
  }
}
