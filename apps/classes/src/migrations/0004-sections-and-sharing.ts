import { Migration } from '@roster/persistence';

/**
 * Issue 17: the projection of Clever sections (roster.sections.v1) — filters and suggestions only, never
 * classes or enrollments — and when classes first saw each account (the sharing-health report's
 * "shared longer than N days").
 *
 * Sections keep Clever ids, not account ids: a section naming users whose accounts have not arrived yet
 * resolves by itself when they do, through the account projection's (district, clever_id). A removed
 * section keeps its row as a tombstone (`removed_at`, members deleted) so an older upsert delivered late
 * cannot bring it back; a newer upsert (reshare) clears it.
 */
export class Migration0004SectionsAndSharing extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table section (
      id uuid primary key,
      clever_district_id text not null,
      clever_id text not null,
      clever_school_id text not null,
      name text not null,
      subject text,
      grade text,
      period text,
      term_name text,
      version bigint not null,
      removed_at timestamptz,
      updated_at timestamptz not null default now()
    )`);
    this.addSql(`create unique index section_clever_key on section (clever_district_id, clever_id)`);
    this.addSql(`create index section_school_idx on section (clever_district_id, clever_school_id, name, id) where removed_at is null`);
    this.addSql(`create table section_member (
      section_id uuid not null,
      role text not null,
      clever_user_id text not null,
      primary key (section_id, role, clever_user_id)
    )`);
    this.addSql(`create index section_member_user_idx on section_member (clever_user_id, role)`);

    // The time classes first projected an account: a trigger, so the identity consumer stays unaware of a
    // report it does not serve. Accounts that exist already count from their last change (the best known).
    this.addSql(`create table account_first_seen (
      account_id uuid primary key,
      first_seen_at timestamptz not null default now()
    )`);
    this.addSql(`insert into account_first_seen (account_id, first_seen_at) select id, updated_at from account on conflict do nothing`);
    this.addSql(`create or replace function account_first_seen_record() returns trigger language plpgsql as $$
      begin
        insert into account_first_seen (account_id, first_seen_at) values (new.id, now()) on conflict (account_id) do nothing;
        return new;
      end $$`);
    this.addSql(`create trigger account_first_seen_on_insert after insert on account for each row execute function account_first_seen_record()`);
  }
}
