import { Migration } from '@roster/persistence';

/**
 * Issue 17: the projection of Clever sections (roster.sections.v1) — filters and suggestions only, never
 * classes or enrollments — and when classes first saw each account (the sharing-health report's
 * "shared longer than N days").
 *
 * Members keep their Clever user id and, once known, the account it maps to (`account_id`): written with
 * the section when the account is already projected, else filled when the account arrives (the trigger
 * below), so a section naming users not known yet resolves by itself and reads join by primary key. A removed
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
      account_id uuid,
      primary key (section_id, role, clever_user_id)
    )`);
    this.addSql(`create index section_member_user_idx on section_member (clever_user_id, role)`);

    // When classes first projected each account (the sharing-health report's "shared since"); accounts that
    // exist already count from their last change (the best known). Kept by a statement trigger on `account`
    // (one set-based statement per batch of the identity consumer, which stays unaware of both uses), which
    // also resolves the section members waiting for these accounts.
    this.addSql(`create table account_first_seen (
      account_id uuid primary key,
      first_seen_at timestamptz not null default now()
    )`);
    this.addSql(`insert into account_first_seen (account_id, first_seen_at) select id, updated_at from account on conflict do nothing`);
    this.addSql(`create or replace function account_inserted_record() returns trigger language plpgsql as $$
      begin
        -- The same lock as the section consumer's member writes (SECTION_ACCOUNT_LOCK): without it, a section and
        -- its member's account committed concurrently would each miss the other and the member stay unresolved.
        perform pg_advisory_xact_lock(7361902417);
        insert into account_first_seen (account_id, first_seen_at) select n.id, now() from inserted n on conflict (account_id) do nothing;
        update section_member t set account_id = n.id
          from inserted n
          where t.clever_user_id = n.clever_id and t.account_id is null
            and exists (select 1 from section s join district d on d.clever_district_id = s.clever_district_id
                        where s.id = t.section_id and d.id = n.district_id);
        return null;
      end $$`);
    this.addSql(`create trigger account_inserted after insert on account referencing new table as inserted
      for each statement execute function account_inserted_record()`);
  }
}
