import { selectRows, sql, type EntityManager } from '@roster/persistence';
import type { Account } from '../../domain/account';
import { AccountEntity, accountFromRecord, type AccountRow } from '../../persistence/account.entity';
import { entityColumns } from '../../persistence/columns';

/** The merge's reads and writes (table `account`). */
export class MergeAccountsRepository {
  /** Both accounts, locked in id order (as every writer of two accounts locks them) until the merge commits. */
  async lockPair(em: EntityManager, ids: string[]): Promise<Map<string, Account & { mergedAt: string | null }>> {
    const rows = await selectRows<AccountRow>(
      em,
      sql`select ${entityColumns(em, AccountEntity, 'a')}, json_build_object('id', d.id, 'cleverId', d.clever_id) as district
          from account a join district d on d.id = a.district_id
          where a.id = any(${ids}::uuid[]) order by a.id for update of a`,
    );
    return new Map(rows.map((r) => [r.id, { ...accountFromRecord(r), mergedAt: r.mergedAt ? new Date(r.mergedAt).toISOString() : null }]));
  }

  /** Makes the source an alias of the target; its version moves on (the `merged` event carries it). */
  async markMerged(em: EntityManager, source: Account, intoAccountId: string, mergedBy: string): Promise<{ version: number; mergedAt: string }> {
    const [row] = await selectRows<{ version: number; mergedAt: Date }>(
      em,
      sql`update account set merged_into_id = ${intoAccountId}, merged_at = now(), merged_by = ${mergedBy}, version = version + 1, updated_at = now()
          where id = ${source.accountId} and merged_into_id is null and status = 'archived'
          returning version, merged_at as "mergedAt"`,
    );
    return { version: row.version, mergedAt: new Date(row.mergedAt).toISOString() };
  }
}
