import { Migration } from '@roster/persistence';

/**
 * Identity's tables: districts, schools and accounts (our own uuid ids, one row per Clever id), plus the
 * messaging tables (outbox, inbox). Only the fields of ARCHITECTURE.md §1 are stored: no demographics.
 *
 * - `source_version`: envelope version of the last roster event applied (version guard; -1 for a
 *   placeholder created from a reference before the object's own event).
 * - `version`: our own version of a published school/account, +1 per published change.
 * - account.schools: the memberships `[{schoolId, cleverSchoolId, roles, primary}]` exactly as published;
 *   a GIN (jsonb_path_ops) index answers "accounts of these schools" with `schools @> '[{"schoolId": ..}]'`.
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

    this.addSql(`create table district (
      id uuid primary key,
      clever_id text not null,
      name text,
      clever_state text,
      connection_status text not null default 'connected' check (connection_status in ('connected', 'disconnected')),
      disconnected_reason text,
      connection_changed_at timestamptz,
      source_version bigint not null default -1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint district_clever_id_key unique (clever_id)
    )`);

    this.addSql(`create table school (
      id uuid primary key,
      clever_id text not null,
      district_id uuid not null references district (id),
      name text,
      sis_id text,
      school_number text,
      state_id text,
      low_grade text,
      high_grade text,
      status text not null default 'active' check (status in ('active', 'removed')),
      removed_at timestamptz,
      source_version bigint not null default -1,
      version int not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint school_clever_id_key unique (clever_id)
    )`);
    this.addSql(`create index school_district_name_idx on school (district_id, lower(name), id)`);

    this.addSql(`create table account (
      id uuid primary key,
      clever_id text not null,
      district_id uuid not null references district (id),
      status text not null check (status in ('active', 'archived')),
      roles text[] not null,
      first_name text not null,
      middle_name text,
      last_name text not null,
      preferred_first_name text,
      preferred_middle_name text,
      preferred_last_name text,
      email text,
      grade text,
      sis_id text,
      student_number text,
      state_id text,
      teacher_number text,
      staff_id text,
      title text,
      schools jsonb not null default '[]'::jsonb,
      search_text text generated always as (
        lower(first_name || ' ' || coalesce(middle_name, '') || ' ' || last_name || ' ' ||
              coalesce(preferred_first_name, '') || ' ' || coalesce(preferred_last_name, '') || ' ' ||
              coalesce(email, '') || ' ' || coalesce(sis_id, '') || ' ' || coalesce(student_number, ''))
      ) stored,
      source_version bigint not null,
      version int not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      archived_at timestamptz,
      constraint account_clever_id_key unique (clever_id)
    )`);
    // Keyset paging of a district's accounts by last name, first name, id.
    this.addSql(`create index account_district_name_idx on account (district_id, lower(last_name), lower(first_name), id)`);
    this.addSql(`create index account_schools_idx on account using gin (schools jsonb_path_ops)`);
    this.addSql(`create index account_roles_idx on account using gin (roles)`);
    // Substring search (q) on names, email, sis_id, student_number: trigram index when pg_trgm is
    // available (it is a trusted extension: the database owner may create it); without it the search
    // still works, scanning the district's rows.
    this.addSql(`do $$
      begin
        create extension if not exists pg_trgm;
      exception when others then
        raise notice 'pg_trgm is not available; account search will not use a trigram index';
      end $$`);
    this.addSql(`do $$
      begin
        if exists (select 1 from pg_extension where extname = 'pg_trgm') then
          execute 'create index account_search_trgm_idx on account using gin (search_text gin_trgm_ops)';
        end if;
      end $$`);
  }
}
