import { Migration } from '@roster/persistence';

/**
 * A placeholder school is not a claim (issue 13, "pre-claim"): a school a user refers to before any
 * district shared the school itself is created in the referring user's district as a placeholder
 * (`name` null, `source_version` -1). Letting that placeholder own the Clever id meant a second
 * district could take a school of the first by referring to it before the first district's school
 * record arrived. The first district whose own school event arrives now owns it, so the database lets
 * exactly that move through: a school row that never had an event of its own may change district; a
 * school that did, and every account, still never moves (migration 0002).
 */
export class Migration0005UnclaimedPlaceholderSchools extends Migration {
  override async up(): Promise<void> {
    this.addSql(`drop trigger school_district_is_owner on school`);
    this.addSql(`create trigger school_district_is_owner before update of district_id on school
      for each row when (old.district_id is distinct from new.district_id and not (old.name is null and old.source_version < 0))
      execute function refuse_district_move()`);
  }
}
