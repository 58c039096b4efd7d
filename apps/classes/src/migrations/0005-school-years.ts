import { Migration } from '@roster/persistence';

/**
 * Issue 15: school years. A district has one current year; every class belongs to the year in which it was
 * created (`class.school_year_id`). Classes that exist already, and every district classes knows, get a
 * default current year derived from the date the migration runs (July 1 starts a year: December 2026 is in
 * `2026–2027`, 2026-07-01..2027-06-30): nothing earlier is known, and US school years turn over in summer.
 *
 * New classes take their district's current year from the `class_school_year` trigger, so every writer of
 * classes (create-class, carried-forward classes, tests) gets it without knowing about years. The trigger
 * reads the current year FOR SHARE: a class created while a rollover of its district runs waits for it, then
 * finds that row ended (and the new year, inserted after its statement began, not visible) and stays
 * unassigned (`school_year_id` null) — as does a class of a district with no stored year. An unassigned class
 * belongs to the district's current year, which is then the new one: reads show it there and the district's
 * next rollover stamps it before archiving (reads store nothing). It is never left active in an ended year.
 *
 * A rollover is recorded per idempotency key with its result, so a repeat returns the first answer.
 */
export class Migration0005SchoolYears extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table school_year (
      id uuid primary key,
      district_id uuid not null,
      name text not null,
      starts_on date not null,
      ends_on date not null,
      status text not null check (status in ('current', 'ended')),
      created_at timestamptz not null default now(),
      ended_at timestamptz
    )`);
    this.addSql(`create unique index school_year_name_key on school_year (district_id, name)`);
    this.addSql(`create unique index school_year_current_key on school_year (district_id) where status = 'current'`);

    this.addSql(`create table school_year_rollover (
      district_id uuid not null,
      idempotency_key text not null,
      request jsonb not null,
      result jsonb not null,
      created_at timestamptz not null default now(),
      primary key (district_id, idempotency_key)
    )`);

    this.addSql(`alter table class add column school_year_id uuid references school_year (id)`);
    this.addSql(`alter table class add column archive_reason text`);
    this.addSql(`create index class_school_year_idx on class (district_id, school_year_id, status)`);

    this.addSql(`alter table district add column placement_validity text not null default 'any'
      check (placement_validity in ('any', 'current_school_year'))`);

    this.addSql(`alter table enrollment drop constraint enrollment_end_reason_check`);
    this.addSql(`alter table enrollment add constraint enrollment_end_reason_check
      check (end_reason in ('unenrolled', 'student_archived', 'left_school', 'class_archived', 'school_year_ended'))`);

    this.addSql(`insert into school_year (id, district_id, name, starts_on, ends_on, status)
      select gen_random_uuid(), d.district_id, y.first || '–' || (y.first + 1), make_date(y.first, 7, 1), make_date(y.first + 1, 6, 30), 'current'
      from (select district_id from class union select id from district) d
      cross join (select case when extract(month from current_date) >= 7 then extract(year from current_date)::int
                              else extract(year from current_date)::int - 1 end as first) y`);
    this.addSql(`update class c set school_year_id = y.id from school_year y where y.district_id = c.district_id and y.status = 'current'`);

    this.addSql(`create or replace function class_school_year_assign() returns trigger language plpgsql as $$
      begin
        if new.school_year_id is null then
          select y.id into new.school_year_id from school_year y
            where y.district_id = new.district_id and y.status = 'current' for share;
        end if;
        return new;
      end $$`);
    this.addSql(`create trigger class_school_year before insert on class for each row execute function class_school_year_assign()`);
  }
}
