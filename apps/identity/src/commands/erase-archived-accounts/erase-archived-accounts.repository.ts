import { selectRows, sql, type EntityManager } from '@roster/persistence';
import { erasedName } from '../../domain/retention';

export interface ErasedAccount {
  id: string;
  districtId: string;
  version: number;
  archivedAt: Date | string;
  retentionDays: number;
}

/** The retention job's reads and writes (tables `account`, `district`). */
export class EraseArchivedAccountsRepository {
  /**
   * Erases the personal fields of up to `limit` accounts due at `now` (archived longer than their district's
   * retention, not erased since they were last archived), in one statement. Rows another replica's job holds
   * are skipped (`skip locked`), so two jobs never erase one account twice.
   */
  async eraseDue(em: EntityManager, now: Date, limit: number): Promise<ErasedAccount[]> {
    const student = erasedName(['student']);
    const staff = erasedName(['teacher']);
    return selectRows<ErasedAccount>(
      em,
      sql`with due as (
            select a.id, d.archived_retention_days as days from account a join district d on d.id = a.district_id
            where d.archived_retention_days is not null and a.status = 'archived'
              and a.archived_at < ${now.toISOString()}::timestamptz - make_interval(days => d.archived_retention_days)
              and (a.erased_at is null or a.erased_at < a.archived_at)
            order by a.id limit ${limit}
            for update of a skip locked)
          update account a set
            first_name = ${student.first},
            last_name = case when 'student' = any(a.roles) then ${student.last} else ${staff.last} end,
            middle_name = null, preferred_first_name = null, preferred_middle_name = null, preferred_last_name = null,
            email = null, grade = null, sis_id = null, student_number = null, state_id = null, teacher_number = null, staff_id = null,
            title = null, erased_at = ${now.toISOString()}::timestamptz, version = a.version + 1, updated_at = now()
          from due where a.id = due.id
          returning a.id, a.district_id as "districtId", a.version, a.archived_at as "archivedAt", due.days as "retentionDays"`,
    );
  }
}
