import { selectRows, sql, type EntityManager } from '@roster/persistence';

/** The district's retention setting (table `district`). */
export class RetentionSettingsRepository {
  async read(em: EntityManager, districtId: string): Promise<{ archivedRetentionDays: number | null } | undefined> {
    const [row] = await selectRows<{ archivedRetentionDays: number | null }>(em, sql`select archived_retention_days as "archivedRetentionDays" from district where id = ${districtId}`);
    return row;
  }

  async write(em: EntityManager, districtId: string, days: number | null): Promise<{ archivedRetentionDays: number | null } | undefined> {
    const [row] = await selectRows<{ archivedRetentionDays: number | null }>(
      em,
      sql`update district set archived_retention_days = ${days}, updated_at = now() where id = ${districtId} returning archived_retention_days as "archivedRetentionDays"`,
    );
    return row;
  }
}
