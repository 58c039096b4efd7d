/**
 * The tables every service keeps for reliable messaging, created by the service's first migration.
 * - outbox_message: events written in the same transaction as the state change; `seq` gives the relay
 *   its publishing order (writers of one key serialise on that key's row, so seq order is commit order per key).
 * - inbox_message: message ids a consumer group has applied (or dead-lettered): a redelivery is a no-op.
 * - inbox_attempt: failed attempts per message position, updated in their own transaction so that a
 *   rollback of the effect does not roll back the count (poison-message accounting survives restarts).
 */
export const MESSAGING_TABLES_SQL: readonly string[] = [
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
];
