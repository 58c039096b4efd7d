import { executeStatement, selectRows, sql, type EntityManager } from '@roster/persistence';

/** Erases an account's personal fields from classes' projections (tables `account`, `account_school`). */
export class EraseAccountRepository {
  /**
   * The projection keeps the ids, roles, status and memberships; names become the erased name, the numbers
   * and grade go. Version-guarded by identity's version, so a replay or an older event changes nothing.
   * Returns the account's district when the projection moved.
   */
  async erase(em: EntityManager, accountId: string, version: number, name: { first: string; last: string }): Promise<{ districtId: string } | undefined> {
    const [row] = await selectRows<{ districtId: string }>(
      em,
      sql`update account set first_name = ${name.first}, middle_name = null, last_name = ${name.last}, preferred_name = null, grade = null,
                 sis_id = null, student_number = null, version = ${version}, updated_at = now()
          where id = ${accountId} and version < ${version}
          returning district_id as "districtId"`,
    );
    if (!row) return undefined;
    await executeStatement(
      em,
      sql`update account_school set sort_last = ${name.last.toLowerCase()}, sort_first = ${name.first.toLowerCase()}, grade = null,
                 search_text = ${`${name.first} ${name.last}`.toLowerCase()}
          where account_id = ${accountId}`,
    );
    return row;
  }

  /** Whether the account holds the student role in classes' projection (the erased name says which). */
  async isStudent(em: EntityManager, accountId: string): Promise<boolean> {
    const [row] = await selectRows<{ student: boolean }>(em, sql`select 'student' = any(roles) as student from account where id = ${accountId}`);
    return row?.student ?? false;
  }
}
