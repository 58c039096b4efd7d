import { Migration } from '@roster/persistence';

/**
 * clever-ingestion's tables (its own database), plus the messaging tables (outbox, inbox).
 *
 * - district_connection: one row per Clever district the app is connected to. Tokens are NOT stored
 *   (memory only, re-discovered at start). The events cursor lives here and is written in the same
 *   transaction as the outbox rows its events produced. `next_*_at` columns are claimed with a
 *   conditional update, so several consumer replicas schedule each poll / nightly run once.
 * - sync_run: full and events runs with their counts; at most one queued-or-running full run per district
 *   (partial unique index), which also coalesces "sync now", nightly and DLQ resync requests. A full run
 *   records its phase and the last Clever id committed in it, so a run interrupted by a crash resumes.
 * - sync_rejection: malformed records of a run (record type, Clever id when there is one, reason code;
 *   never names).
 * - shadow_record: what Clever shares, per record: content hash of the normalized payload, our monotonic
 *   version, active/removed, the run that last saw it (removals = ids not seen in a full run) and the
 *   newest Clever event applied (a replayed or older event is skipped). Fillfactor leaves room for the
 *   nightly `last_seen_*` updates to stay HOT.
 */
export class Migration0001Initial extends Migration {
  override async up(): Promise<void> {
    // Reliable-messaging tables (outbox, inbox, attempts), frozen here as libs/messaging expected them when
    // this migration was written. A later change of these tables is a NEW migration in every service.
    this.addSql(`create table if not exists outbox_message (
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
    )`);
    this.addSql(`create index if not exists outbox_message_unpublished_idx on outbox_message (seq) where published_at is null`);
    this.addSql(`create index if not exists outbox_message_published_idx on outbox_message (published_at) where published_at is not null`);
    this.addSql(`create table if not exists inbox_message (
      consumer_group text not null,
      message_id text not null,
      topic text not null,
      partition int not null,
      "offset" bigint not null,
      received_at timestamptz not null default now(),
      dead_lettered_at timestamptz,
      primary key (consumer_group, message_id)
    )`);
    this.addSql(`create table if not exists inbox_attempt (
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
    )`);

    this.addSql(`create table district_connection (
      clever_district_id text primary key,
      state text not null default 'connected' check (state in ('connected', 'disconnected')),
      state_since timestamptz not null default now(),
      disconnected_reason text,
      safeguard_threshold_percent numeric(5, 2) check (safeguard_threshold_percent between 0 and 100),
      events_cursor text,
      events_cursor_at timestamptz,
      cursor_initialized boolean not null default false,
      last_events_poll_at timestamptz,
      next_events_poll_at timestamptz not null default now(),
      next_full_sync_at timestamptz,
      last_full_sync_at timestamptz,
      last_successful_full_sync_at timestamptz,
      run_events_version bigint not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);

    this.addSql(`create table sync_run (
      id uuid primary key,
      clever_district_id text not null references district_connection (clever_district_id),
      kind text not null check (kind in ('full', 'events')),
      trigger text not null check (trigger in ('initial', 'schedule', 'manual', 'cursor_expired', 'resync_request', 'events')),
      status text not null check (status in ('queued', 'running', 'completed', 'held', 'failed', 'rejected')),
      not_before timestamptz not null default now(),
      queued_at timestamptz not null default clock_timestamp(),
      started_at timestamptz,
      finished_at timestamptz,
      phase text,
      phase_after text,
      cursor_fetched boolean not null default false,
      cursor_at_start text,
      removal_decision text check (removal_decision in ('apply', 'hold')),
      created int not null default 0,
      updated int not null default 0,
      unchanged int not null default 0,
      archived int not null default 0,
      restored int not null default 0,
      ignored int not null default 0,
      rejected int not null default 0,
      held_removals int,
      active_users int,
      threshold_percent numeric(5, 2),
      error_code text,
      error_message text,
      note text,
      decided_by text,
      decided_at timestamptz
    )`);
    this.addSql(`create unique index sync_run_one_active_full on sync_run (clever_district_id) where kind = 'full' and status in ('queued', 'running')`);
    this.addSql(`create index sync_run_district_recent on sync_run (clever_district_id, queued_at desc)`);
    this.addSql(`create index sync_run_pending on sync_run (not_before) where status in ('queued', 'running')`);

    this.addSql(`create table sync_rejection (
      id bigserial primary key,
      run_id uuid not null references sync_run (id),
      clever_district_id text not null,
      record_type text not null,
      clever_id text,
      reason text not null,
      created_at timestamptz not null default now()
    )`);
    this.addSql(`create index sync_rejection_run on sync_rejection (run_id, id)`);

    this.addSql(`create table shadow_record (
      record_type text not null check (record_type in ('district', 'school', 'user', 'section')),
      clever_id text not null,
      clever_district_id text not null,
      content_hash text,
      version bigint not null,
      status text not null check (status in ('active', 'removed')),
      last_seen_run uuid,
      last_seen_at timestamptz not null default now(),
      source_event_id text,
      force_republish boolean not null default false,
      republish_count int not null default 0,
      updated_at timestamptz not null default now(),
      primary key (record_type, clever_id)
    ) with (fillfactor = 85)`);
    // Removal candidates (keyset by clever id within a district and type) and active-user counts.
    this.addSql(`create index shadow_record_district on shadow_record (clever_district_id, record_type, clever_id)`);
    this.addSql(`create index shadow_record_republish on shadow_record (clever_district_id) where force_republish`);
  }
}
