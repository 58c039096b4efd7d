import {
  executeStatement,
  selectRows,
  sql,
  type EntityManager,
} from "@roster/persistence";

export interface DuplicatePairRow {
  archivedAccountId: string;
  activeAccountId: string;
  foundAt: Date | string;
  /** The strong keys both accounts share now (`<district>/<role group>/<field>/<value>`). */
  sharedKeys: string[];
}

/**
 * Possible duplicates (issue 16): found as records arrive, one statement per roster batch, on the GIN index of
 * `account.strong_keys` (migration 0006, whose keys carry the district and the role group).
 */
export class DuplicatesRepository {
  /**
   * Records the pairs these accounts (changed in this batch) now form: an archived and an active account of
   * one district and role group sharing a strong key, neither merged. Returns how many pairs are new.
   */
  async detect(em: EntityManager, accountIds: string[]): Promise<number> {
    if (accountIds.length === 0) return 0;
    // Two batches of one district committing at the same time (partitions are consumed concurrently) would
    // each miss the other's change (the old id archived in one, the new id created in the other: each sees
    // both accounts active, or one of them missing). Detection is therefore serialized per district: the
    // lock is held to the batch's commit, and the next batch's look-up (a new statement, read committed)
    // sees what the previous one wrote. Locks are taken in district order; the batch already holds its row
    // locks, and the lock holder needs none of another batch's rows after this point, so this cannot deadlock.
    await selectRows(
      em,
      sql`select pg_advisory_xact_lock(hashtextextended('identity.duplicate-detection/' || d.district_id::text, 0))
          from (select distinct district_id from account where id = any(${accountIds}::uuid[]) order by district_id) d`,
    );
    // The planner must not pick a sequential scan for the per-account look-up: early in a first sync the
    // table's statistics say it is tiny while it already holds thousands of rows (measured: seconds per batch).
    // (SET LOCAL: a failure rolls it back with the transaction.)
    await executeStatement(em, sql`set local enable_seqscan = off`);
    const found = await executeStatement(
      em,
      sql`insert into duplicate_pair (archived_account_id, active_account_id, district_id, found_at)
          select distinct case when b.status = 'archived' then b.id else o.id end, case when b.status = 'archived' then o.id else b.id end, b.district_id,
            -- milliseconds: the list's keyset cursor carries found_at as a JS time
            date_trunc('milliseconds', now())
          from account b
          -- lateral: one GIN look-up per changed account (a plain join let the planner hash-join on the district
          -- and test every pair: 25 s for a batch of 1,000 among 20,000 accounts, 37 ms this way). The look-up is
          -- the strong-keys index ALONE: \`offset 0\` keeps the district and status tests out of the subquery, or the
          -- planner ANDs the GIN look-up with a scan of the district's every row in account_district_name_idx
          -- (measured: 2.4 ms per account at 11,000 accounts, growing with the district, i.e. quadratic over a first
          -- sync; 0.02 ms this way). The keys carry the district, so the test after it removes almost nothing.
          cross join lateral (
            select o.id, o.district_id, o.status, o.merged_into_id from account o
            where o.strong_keys && b.strong_keys offset 0) o
          where b.id = any(${accountIds}::uuid[]) and b.merged_into_id is null and cardinality(b.strong_keys) > 0
            and o.district_id = b.district_id and o.status <> b.status and o.merged_into_id is null
          order by 1, 2
          on conflict do nothing`,
    );
    await executeStatement(em, sql`reset enable_seqscan`);
    return found;
  }

  /**
   * A keyset page of a district's pairs that still hold (the archived one archived and not merged, the active
   * one active, a key still shared), oldest first, with the keys they share.
   */
  async page(
    em: EntityManager,
    districtId: string,
    after: [string, string, string] | undefined,
    limit: number,
  ): Promise<DuplicatePairRow[]> {
    const from = after
      ? sql`and (p.found_at, p.archived_account_id, p.active_account_id) > (${after[0]}::timestamptz, ${after[1]}::uuid, ${after[2]}::uuid)`
      : sql``;
    return selectRows<DuplicatePairRow>(
      em,
      sql`select p.archived_account_id as "archivedAccountId", p.active_account_id as "activeAccountId", p.found_at as "foundAt",
                 array(select unnest(s.strong_keys) intersect select unnest(t.strong_keys) order by 1) as "sharedKeys"
          from duplicate_pair p
          join account s on s.id = p.archived_account_id and s.status = 'archived' and s.merged_into_id is null
          join account t on t.id = p.active_account_id and t.status = 'active' and t.merged_into_id is null
          where p.district_id = ${districtId} and s.strong_keys && t.strong_keys ${from}
          order by p.found_at, p.archived_account_id, p.active_account_id
          limit ${limit + 1}`,
    );
  }

  /** A merged account's pairs are settled. */
  async forget(em: EntityManager, accountId: string): Promise<void> {
    await executeStatement(
      em,
      sql`delete from duplicate_pair where archived_account_id = ${accountId} or active_account_id = ${accountId}`,
    );
  }
}
