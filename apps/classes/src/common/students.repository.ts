import { canWorkInSchool, isDistrictAdmin, type Principal } from '@roster/authz';
import { forbidden, ProblemError } from '@roster/problems';
import { query, type EntityManager } from '@roster/persistence';

export interface StudentScopeRow {
  id: string;
  district_id: string;
  is_student: boolean;
  school_ids: string[];
}

/** The account with the schools it is a student of (for the scope check). */
export async function findStudent(em: EntityManager, id: string): Promise<StudentScopeRow | undefined> {
  const rows = await query<StudentScopeRow>(
    em,
    `select a.id, a.district_id, 'student' = any(a.roles) as is_student,
            coalesce(array(select m.school_id from account_school m where m.account_id = a.id and m.is_student order by m.school_id), '{}') as school_ids
     from account a where a.id = ?`,
    [id],
  );
  return rows[0];
}

export const studentNotFound = () => new ProblemError(404, 'STUDENT_NOT_FOUND', 'Student not found');

/** Staff of one of the student's schools (district admins: any student of the district). */
export function requireStudentAccess(p: Principal, student: StudentScopeRow | undefined): StudentScopeRow {
  if (!student || !student.is_student || student.district_id !== p.districtId) throw studentNotFound();
  if (!isDistrictAdmin(p) && !student.school_ids.some((s) => canWorkInSchool(p, student.district_id, s))) {
    throw forbidden("only staff of the student's school");
  }
  return student;
}
