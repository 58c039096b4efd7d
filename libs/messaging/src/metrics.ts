import { Counter, Gauge, type Registry } from 'prom-client';
import { metricsRegistry } from '@roster/observability';

function getOrCreate<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

/** Messaging metrics, labelled by service so that the embedded mode's single process can expose them all. */
export function messagingMetrics(registry: Registry = metricsRegistry) {
  const registers = [registry];
  return {
    outboxBacklog: getOrCreate(registry, 'roster_outbox_backlog_messages', () =>
      new Gauge({ name: 'roster_outbox_backlog_messages', help: 'Outbox rows not yet published', labelNames: ['service'], registers })),
    outboxOldestAge: getOrCreate(registry, 'roster_outbox_oldest_unpublished_age_seconds', () =>
      new Gauge({ name: 'roster_outbox_oldest_unpublished_age_seconds', help: 'Age of the oldest unpublished outbox row', labelNames: ['service'], registers })),
    outboxPublished: getOrCreate(registry, 'roster_outbox_published_total', () =>
      new Counter({ name: 'roster_outbox_published_total', help: 'Outbox messages published', labelNames: ['service'], registers })),
    outboxFailures: getOrCreate(registry, 'roster_outbox_publish_failures_total', () =>
      new Counter({ name: 'roster_outbox_publish_failures_total', help: 'Failed outbox publish attempts', labelNames: ['service'], registers })),
    outboxParked: getOrCreate(registry, 'roster_outbox_parked_messages', () =>
      new Gauge({ name: 'roster_outbox_parked_messages', help: 'Outbox rows parked because the broker can never accept them (kept in the database, not published)', labelNames: ['service'], registers })),
    outboxParkedTotal: getOrCreate(registry, 'roster_outbox_parked_total', () =>
      new Counter({ name: 'roster_outbox_parked_total', help: 'Outbox rows parked by this process', labelNames: ['service'], registers })),
    outboxSplits: getOrCreate(registry, 'roster_outbox_batch_splits_total', () =>
      new Counter({ name: 'roster_outbox_batch_splits_total', help: 'Outbox batches split in halves after the broker refused them as too large', labelNames: ['service'], registers })),
    inboxPurged: getOrCreate(registry, 'roster_inbox_purged_total', () =>
      new Counter({ name: 'roster_inbox_purged_total', help: 'inbox_message rows deleted after the retention', labelNames: ['service'], registers })),
    consumed: getOrCreate(registry, 'roster_messages_consumed_total', () =>
      new Counter({ name: 'roster_messages_consumed_total', help: 'Messages processed by consumers', labelNames: ['group', 'topic', 'outcome'], registers })),
    deadLettered: getOrCreate(registry, 'roster_messages_dead_lettered_total', () =>
      new Counter({ name: 'roster_messages_dead_lettered_total', help: 'Messages sent to a dead-letter topic', labelNames: ['group', 'topic'], registers })),
  };
}
export type MessagingMetrics = ReturnType<typeof messagingMetrics>;
