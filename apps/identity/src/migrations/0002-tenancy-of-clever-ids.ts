import { Migration } from '@roster/persistence';

/**
 * Tenancy of Clever ids (ARCHITECTURE.md §6, issue 13): a school or account belongs to the district that
 * first shared its Clever id, and nothing moves it to another district.
 *
 * - The unique indexes on `clever_id` (school, account) stay: they are the ownership registry (one owner
 *   per Clever id). Nothing is re-keyed and no row changes: existing rows keep their district.
 * - Look-ups of one district's schools and accounts already lead with `district_id`
 *   (`school_district_name_idx`, `account_district_name_idx`).
 * - Defence in depth below the consumer's rules (domain/tenancy.ts) and guarded writes: the database
 *   refuses any update that changes `district_id` of a school or an account (SQLSTATE 23514, check
 *   violation). The trigger fires only for statements that list `district_id` in their SET, which the
 *   roster consumer's writes no longer do, so it costs nothing on the hot path.
 */
export class Migration0002TenancyOfCleverIds extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function refuse_district_move() returns trigger language plpgsql as $$
      begin
        raise exception '% % belongs to another district: its district never changes', tg_table_name, old.clever_id
          using errcode = 'check_violation';
      end $$`);
    for (const table of ['school', 'account']) {
      this.addSql(`create trigger ${table}_district_is_owner before update of district_id on ${table}
        for each row when (old.district_id is distinct from new.district_id) execute function refuse_district_move()`);
    }
  }
}
