import type { EntityManager } from '@mikro-orm/postgresql';
import { executeStatement, sql } from '@roster/persistence';

/**
 * TEST-ONLY: the messaging tables (outbox_message, inbox_message, inbox_attempt) as the library expects
 * them today, for tests and benches of libs/messaging that have no service migration. Services never use
 * this: each service's first migration holds its own frozen copy, and a later change of these tables is a
 * new migration in every service.
 */
export const MESSAGING_TABLES_FOR_TESTS: readonly string[] = [
  `create table if not exists outbox_message (
    seq bigserial primary key,
    id text not null,
    topic text not null,
    message_key text not null,
    event_type text not null,
    headers jsonb not null default '{}'::jsonb,
    payload jsonb not null,
    created_at timestamptz not null default clock_timestamp(),
    published_at timestamptz,
    attempts int not null default 0,
    last_error text,
    constraint outbox_message_id_key unique (id)
  )`,
  `create index if not exists outbox_message_unpublished_idx on outbox_message (seq) where published_at is null`,
  `create index if not exists outbox_message_published_idx on outbox_message (published_at) where published_at is not null`,
  `create table if not exists inbox_message (
    consumer_group text not null,
    message_id text not null,
    topic text not null,
    partition int not null,
    "offset" bigint not null,
    received_at timestamptz not null default now(),
    dead_lettered_at timestamptz,
    primary key (consumer_group, message_id)
  )`,
  `create table if not exists inbox_attempt (
    consumer_group text not null,
    topic text not null,
    partition int not null,
    "offset" bigint not null,
    attempts int not null default 0,
    last_error_code text,
    last_error text,
    dead_lettered_at timestamptz,
    updated_at timestamptz not null default now(),
    primary key (consumer_group, topic, partition, "offset")
  )`,
  // Each service's second messaging migration (classes 0002, clever-ingestion 0003, identity 0004): parked
  // outbox rows (ADR 0007) and the inbox purge's index.
  `alter table outbox_message add column if not exists parked_at timestamptz, add column if not exists parked_reason text`,
  `create index if not exists outbox_message_pending_idx on outbox_message (seq) where published_at is null and parked_at is null`,
  `create index if not exists outbox_message_parked_idx on outbox_message (seq) where parked_at is not null`,
  `create index if not exists inbox_message_received_idx on inbox_message (received_at)`,
];

/** TEST-ONLY: creates the messaging tables in the database of `em` (see MESSAGING_TABLES_FOR_TESTS). */
export async function createMessagingTablesForTests(em: EntityManager): Promise<void> {
  for (const statement of MESSAGING_TABLES_FOR_TESTS) await executeStatement(em, sql.raw(statement));
}
