import { Migration } from '@roster/persistence';

/**
 * Tenancy of Clever ids (ARCHITECTURE.md §6, issue 13): every Clever-keyed record is owned by the district
 * that first shared it.
 *
 * - shadow_record keeps ONE row per (record type, Clever id) across all districts: its primary key is the
 *   ownership registry, and `clever_district_id` the owner. Nothing is re-keyed and no row changes: an
 *   existing row keeps its district. What changed is the code: a page's lookup returns each id's owner,
 *   an id owned by another district is rejected (`FOREIGN_DISTRICT_RECORD`), and the upsert never moves
 *   a row to another district (guarded by the owner). Reads of one district (removals, counts,
 *   republication) already use `shadow_record_district (clever_district_id, record_type, clever_id)`.
 * - Rejected records are read per district (the sync status' rejected-records view): an index on the
 *   district, newest first, instead of scanning every district's rejections.
 */
export class Migration0002TenancyOfCleverIds extends Migration {
  override async up(): Promise<void> {
    this.addSql(`comment on column shadow_record.clever_district_id is 'Owner of the Clever id: the first district that shared it; never changed by a sync'`);
    this.addSql(`create index if not exists sync_rejection_district on sync_rejection (clever_district_id, id desc)`);
  }
}
