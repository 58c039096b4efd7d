import type { Actor } from '@roster/contracts';
import { query, type EntityManager } from '@roster/persistence';
import type { EnrollmentRow } from '../../common/enrollment-events';

/** Ends the student's active enrollment in the class (`unenrolled`); the row stays as history. */
export async function endEnrollment(em: EntityManager, classId: string, studentId: string, actor: Actor): Promise<EnrollmentRow | undefined> {
  const rows = await query<EnrollmentRow>(
    em,
    `update enrollment set status = 'ended', ended_at = now(), end_reason = 'unenrolled', ended_by_type = ?, ended_by_id = ?,
            version = version + 1
     where class_id = ? and student_id = ? and status = 'active' returning *`,
    [actor.type, actor.id, classId, studentId],
  );
  return rows[0];
}
