import { Migration } from '@roster/persistence';

/**
 * Sync preview and the safeguard per role (issue 15):
 *
 * - shadow_record keeps, per record, what a change list shows and what the safeguard counts by: the account
 *   role of a user (`account_role`, its highest: district_admin > staff > teacher > student), its school (or a
 *   section's school) and a display name (`label`). A removal clears the label (nothing personal stays about a
 *   record nobody shares any more). Rows written before this migration get them at their next full sync.
 * - sync_run.mode: `apply` (every run until now) or `preview` (a dry-run full read: computes the diff, changes
 *   and publishes nothing). At most one queued-or-running run of each mode per district; the two are serialized
 *   by the district's lock. `hold_reasons`: which roles (or the whole district) crossed their threshold.
 * - district_connection: the per-role thresholds (students, teachers, staff = staff and district admins) and the
 *   minimum number of archives below which a role never holds a run; null = the service defaults.
 * - sync_run_change: the records a preview run would change (kind, type, Clever id, role, school, display name;
 *   rejected records by id and reason only). A district keeps the change rows of its latest preview only.
 * - sync_preview_seen: the ids a running preview has read (its removals are the active ids it has not),
 *   emptied when the preview ends.
 */
export class Migration0006SyncPreviewAndRoleSafeguard extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table shadow_record add column if not exists account_role text, add column if not exists school_clever_id text, add column if not exists label text`);
    this.addSql(`alter table sync_run add column if not exists mode text not null default 'apply' check (mode in ('apply', 'preview')), add column if not exists hold_reasons jsonb`);
    this.addSql(`drop index if exists sync_run_one_active_full`);
    this.addSql(`create unique index sync_run_one_active_full on sync_run (clever_district_id) where kind = 'full' and mode = 'apply' and status in ('queued', 'running')`);
    this.addSql(`create unique index sync_run_one_active_preview on sync_run (clever_district_id) where mode = 'preview' and status in ('queued', 'running')`);
    this.addSql(`alter table district_connection
      add column if not exists safeguard_students_percent numeric(5, 2) check (safeguard_students_percent between 0 and 100),
      add column if not exists safeguard_teachers_percent numeric(5, 2) check (safeguard_teachers_percent between 0 and 100),
      add column if not exists safeguard_staff_percent numeric(5, 2) check (safeguard_staff_percent between 0 and 100),
      add column if not exists safeguard_minimum_count int check (safeguard_minimum_count >= 0)`);
    this.addSql(`create table if not exists sync_run_change (
      id bigserial primary key,
      run_id uuid not null references sync_run (id) on delete cascade,
      clever_district_id text not null,
      kind text not null check (kind in ('created', 'updated', 'archived', 'restored', 'rejected')),
      record_type text not null,
      clever_id text,
      account_role text,
      school_clever_id text,
      display_name text,
      reason text
    )`);
    this.addSql(`create index if not exists sync_run_change_run on sync_run_change (run_id, kind, id)`);
    this.addSql(`create table if not exists sync_preview_seen (
      run_id uuid not null references sync_run (id) on delete cascade,
      record_type text not null,
      clever_id text not null,
      primary key (run_id, record_type, clever_id)
    )`);
  }
}
