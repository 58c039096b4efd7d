import { Migration } from '@roster/persistence';

/**
 * Retention of archived accounts (issue 16):
 *
 * - `district.archived_retention_days`: the district's setting, null (the default) keeps archived accounts;
 *   at least 30 days.
 * - `account.erased_at`: when the retention job erased the account's personal fields (names, email,
 *   numbers, title, grade). Ids, Clever id, memberships and status stay, so history rows elsewhere keep
 *   their link. An account restored later gets a new profile; it is erased again only after it was
 *   archived again for the retention period (`erased_at < archived_at`).
 * - The job's look-up walks archived accounts of a district by archive time.
 */
export class Migration0007ArchivedRetention extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table district add column archived_retention_days int
      constraint district_archived_retention_days_check check (archived_retention_days >= 30)`);
    this.addSql(`alter table account add column erased_at timestamptz`);
    this.addSql(`create index account_archived_idx on account (district_id, archived_at) where status = 'archived'`);
  }
}
