import { Migration } from '@roster/persistence';

/**
 * The classes service's schema: reliable-messaging tables, the identity projections it decides with
 * (districts, schools, accounts and their school memberships), and what it owns (classes, their teachers,
 * placements, enrollments, the audit log). Every list and rule query has its index here.
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

    // Districts seen in identity events, with the district's settings (placementRequired defaults on).
    this.addSql(`create table district (
      id uuid primary key,
      clever_district_id text,
      placement_required boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);

    // Projection of identity.schools.v1, version-guarded by the identity event version.
    this.addSql(`create table school (
      id uuid primary key,
      district_id uuid not null,
      clever_id text not null,
      name text not null,
      status text not null check (status in ('active', 'removed')),
      version bigint not null,
      updated_at timestamptz not null default now()
    )`);
    this.addSql(`create index school_district_idx on school (district_id)`);

    // Projection of identity.accounts.v1: only what classes needs (no email, no demographics).
    this.addSql(`create table account (
      id uuid primary key,
      district_id uuid not null,
      clever_id text not null,
      status text not null check (status in ('active', 'archived')),
      roles text[] not null,
      first_name text not null,
      middle_name text,
      last_name text not null,
      preferred_name jsonb,
      grade text,
      sis_id text,
      student_number text,
      version bigint not null,
      updated_at timestamptz not null default now()
    )`);
    this.addSql(`create index account_district_idx on account (district_id)`);

    // School memberships of the projected accounts, rewritten with each applied account event. Status,
    // grade, the sort keys and the search text are copied here so the available-students list of a school
    // walks one index in order and filters only that school's rows.
    this.addSql(`create table account_school (
      account_id uuid not null,
      school_id uuid not null,
      district_id uuid not null,
      roles text[] not null,
      is_student boolean not null,
      is_teacher boolean not null,
      status text not null,
      grade text,
      sort_last text not null,
      sort_first text not null,
      search_text text not null,
      primary key (account_id, school_id)
    )`);
    this.addSql(`create index account_school_available_idx on account_school (school_id, sort_last, sort_first, account_id)
      where is_student and status = 'active'`);
    this.addSql(`create index account_school_teacher_idx on account_school (school_id, account_id) where is_teacher`);

    this.addSql(`create table class (
      id uuid primary key,
      district_id uuid not null,
      school_id uuid not null,
      name text not null,
      course_id text,
      status text not null default 'active' check (status in ('active', 'archived')),
      needs_teacher boolean not null,
      version int not null,
      created_by_type text not null,
      created_by_id text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      archived_at timestamptz
    )`);
    this.addSql(`create index class_list_idx on class (district_id, name, id)`);
    this.addSql(`create index class_school_idx on class (school_id, name, id)`);

    this.addSql(`create table class_teacher (
      class_id uuid not null references class (id),
      teacher_id uuid not null,
      added_at timestamptz not null default now(),
      primary key (class_id, teacher_id)
    )`);
    this.addSql(`create index class_teacher_teacher_idx on class_teacher (teacher_id)`);

    // Placement results: all of them kept; placement_latest holds the one that counts per student
    // (newest test date, then newest recorded), maintained with a guarded upsert.
    this.addSql(`create table placement (
      id uuid primary key,
      seq bigint generated always as identity,
      district_id uuid not null,
      student_id uuid not null,
      recommended_course_id text not null,
      score double precision,
      tested_on date not null,
      source text not null check (source in ('manual', 'assessment')),
      assessment_id text unique,
      recorded_by uuid,
      recorded_at timestamptz not null default clock_timestamp()
    )`);
    this.addSql(`create index placement_student_idx on placement (student_id, tested_on desc, recorded_at desc, seq desc)`);
    this.addSql(`create table placement_latest (
      student_id uuid primary key,
      placement_id uuid not null references placement (id),
      recommended_course_id text not null,
      tested_on date not null,
      recorded_at timestamptz not null,
      seq bigint not null
    )`);
    this.addSql(`create index placement_latest_course_idx on placement_latest (recommended_course_id, student_id)`);

    this.addSql(`create table enrollment (
      id uuid primary key,
      district_id uuid not null,
      class_id uuid not null references class (id),
      school_id uuid not null,
      student_id uuid not null,
      course_id text,
      status text not null check (status in ('active', 'ended')),
      started_at timestamptz not null default now(),
      started_by_type text not null,
      started_by_id text not null,
      ended_at timestamptz,
      end_reason text check (end_reason in ('unenrolled', 'student_archived', 'left_school', 'class_archived')),
      ended_by_type text,
      ended_by_id text,
      version int not null default 1
    )`);
    // At most one active enrollment of a student in a class (history rows are 'ended').
    this.addSql(`create unique index enrollment_active_key on enrollment (class_id, student_id) where status = 'active'`);
    this.addSql(`create index enrollment_active_school_idx on enrollment (school_id, student_id) where status = 'active'`);
    this.addSql(`create index enrollment_active_student_idx on enrollment (student_id) where status = 'active'`);
    this.addSql(`create index enrollment_class_idx on enrollment (class_id, status)`);

    this.addSql(`create table audit_log (
      seq bigint generated always as identity primary key,
      id uuid not null default gen_random_uuid() unique,
      district_id uuid not null,
      school_id uuid,
      at timestamptz not null default now(),
      actor_type text not null,
      actor_id text not null,
      action text not null,
      target_type text not null,
      target_id text not null,
      details jsonb not null default '{}'::jsonb
    )`);
    this.addSql(`create index audit_log_district_idx on audit_log (district_id, seq desc)`);
    this.addSql(`create index audit_log_school_idx on audit_log (district_id, school_id, seq desc)`);
  }
}
