import { Migration } from '@roster/persistence';

/**
 * A district missing from token discovery (issue 14): `token_missing_since` is when discovery first read a
 * token list without the district. After the grace (CLEVER_TOKEN_MISSING_GRACE_MS) the district is
 * disconnected with reason `token_missing`; the column is cleared when the token is listed again. In the
 * database, not in memory, so that replicas and restarts agree on when the grace started.
 */
export class Migration0004TokenMissingSince extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table district_connection add column if not exists token_missing_since timestamptz`);
  }
}
