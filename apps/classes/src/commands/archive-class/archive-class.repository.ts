import type { Actor } from '@roster/contracts';
import { execute, query, type EntityManager } from '@roster/persistence';
import type { EnrollmentRow } from '../../common/enrollment-events';

export async function archiveClass(em: EntityManager, classId: string, version: number): Promise<void> {
  await execute(em, `update class set status = 'archived', archived_at = now(), updated_at = now(), version = ? where id = ?`, [version, classId]);
}

/** Ends every active enrollment of the class (`class_archived`); history rows stay. */
export async function endClassEnrollments(em: EntityManager, classId: string, actor: Actor): Promise<EnrollmentRow[]> {
  return query<EnrollmentRow>(
    em,
    `update enrollment set status = 'ended', ended_at = now(), end_reason = 'class_archived', ended_by_type = ?, ended_by_id = ?,
            version = version + 1
     where class_id = ? and status = 'active' returning *`,
    [actor.type, actor.id, classId],
  );
}
