import { Migration } from '@roster/persistence';

/**
 * The GIN index of `account.strong_keys` (migration 0006) without its pending list (`fastupdate = off`): the
 * roster consumer looks up every changed account's keys in it right after inserting them, and with the
 * pending list each look-up scanned all recently inserted entries (bench:identity, 20,000 users: the
 * duplicate look-up took 1–15 s per batch of 1,000, the consumer fell from ≈ 3,700 to ≈ 130 accounts/s).
 * Inserts now update the index in place, which costs less than those searches.
 */
export class Migration0008StrongKeysIndexImmediate extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter index account_strong_keys_idx set (fastupdate = off)`);
  }
}
