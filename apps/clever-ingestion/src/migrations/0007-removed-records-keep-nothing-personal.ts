import { Migration } from '@roster/persistence';

/**
 * Retention reaches the shadow index (issue 16): a record Clever stopped sharing keeps nothing personal.
 *
 * - shadow_record rows already removed lose their display name (0006 cleared it at removal; rows removed
 *   before 0006 never had one) and their content hash: a hash of the person's normalized record would
 *   confirm a guess of their name and email, and a removed record does not need it (a record shared again is
 *   `restored` from its status and published whole from Clever's fresh record).
 * - sync_run_change (preview change lists) forgets the display names of users the index has since removed.
 *   From now on both happen when a removal is applied (shadow.repository.ts `write`); the partial index keeps
 *   that update a lookup while the table holds a large preview.
 * - purged_token: the SHA-256 of the Clever token of each purged district, with the purge id (no district id).
 *   Token discovery skips these tokens, so a purged district stays purged across restarts and replicas.
 */
export class Migration0007RemovedRecordsKeepNothingPersonal extends Migration {
  override async up(): Promise<void> {
    this.addSql(`update shadow_record set content_hash = null, label = null where status = 'removed' and (content_hash is not null or label is not null)`);
    this.addSql(`create index if not exists sync_run_change_named_user on sync_run_change (clever_district_id, clever_id) where record_type = 'user' and display_name is not null`);
    this.addSql(`update sync_run_change c set display_name = null
      from shadow_record s
      where s.record_type = 'user' and s.clever_id = c.clever_id and s.clever_district_id = c.clever_district_id and s.status = 'removed'
        and c.record_type = 'user' and c.display_name is not null`);
    this.addSql(`create table if not exists purged_token (
      token_sha256 text primary key,
      purge_id uuid not null,
      purged_at timestamptz not null default now()
    )`);
  }
}
