import type { Actor } from '@roster/contracts';
import { query, valuesPlaceholders, type EntityManager } from '@roster/persistence';
import type { EnrollmentCandidate } from '../../domain/enrollment-rules';
import type { ClassRow } from '../../common/classes.repository';
import type { EnrollmentRow } from '../../common/enrollment-events';
import { uuidArray } from '../../common/sql';

/** The class (locked: enrollments into one class serialise) with its district's placement setting. */
export async function lockClassForEnrollment(
  em: EntityManager,
  classId: string,
): Promise<(Pick<ClassRow, 'id' | 'district_id' | 'school_id' | 'course_id' | 'status' | 'teacher_ids'> & { placement_required: boolean }) | undefined> {
  const rows = await query<Pick<ClassRow, 'id' | 'district_id' | 'school_id' | 'course_id' | 'status' | 'teacher_ids'> & { placement_required: boolean }>(
    em,
    `select c.id, c.district_id, c.school_id, c.course_id, c.status,
            coalesce(array(select ct.teacher_id from class_teacher ct where ct.class_id = c.id order by ct.teacher_id), '{}') as teacher_ids,
            coalesce(d.placement_required, true) as placement_required
     from class c left join district d on d.id = c.district_id
     where c.id = ? for update of c`,
    [classId],
  );
  return rows[0];
}

/**
 * Everything the enrollment rules need about every requested student, in ONE query (a few index
 * lookups per student inside PostgreSQL, no round trip per student), in request order.
 */
export async function enrollmentCandidates(
  em: EntityManager,
  cls: { id: string; district_id: string; school_id: string },
  studentIds: readonly string[],
): Promise<EnrollmentCandidate[]> {
  const rows = await query<{ student_id: string; found: boolean; active: boolean; in_school: boolean; already_enrolled: boolean; recommended_course_id: string | null }>(
    em,
    // The lateral subqueries (`offset 0` keeps them from being flattened) make PostgreSQL look each
    // requested student up by key, so the cost follows the request, not the size of the district.
    `select i.id as student_id,
            a.id is not null as found,
            coalesce(a.status = 'active', false) as active,
            m.account_id is not null as in_school,
            e.id is not null as already_enrolled,
            pl.recommended_course_id
     from unnest(?::uuid[]) with ordinality as i(id, n)
     left join lateral (select a.id, a.status from account a
                        where a.id = i.id and a.district_id = ? and 'student' = any(a.roles) offset 0) a on true
     left join lateral (select m.account_id from account_school m
                        where m.account_id = i.id and m.school_id = ? and m.is_student offset 0) m on true
     left join lateral (select e.id from enrollment e
                        where e.class_id = ? and e.student_id = i.id and e.status = 'active' offset 0) e on true
     left join lateral (select pl.recommended_course_id from placement_latest pl where pl.student_id = i.id offset 0) pl on true
     order by i.n`,
    [uuidArray(studentIds), cls.district_id, cls.school_id, cls.id],
  );
  return rows.map((r) => ({
    studentId: r.student_id,
    found: r.found,
    active: r.active,
    inSchool: r.in_school,
    alreadyEnrolled: r.already_enrolled,
    recommendedCourseId: r.recommended_course_id,
  }));
}

/**
 * Inserts the accepted enrollments in one statement. A concurrent enrollment of the same student into
 * the same class hits the partial unique index and is skipped (reported as ALREADY_ENROLLED).
 */
export async function insertEnrollments(
  em: EntityManager,
  cls: { id: string; district_id: string; school_id: string; course_id: string | null },
  rows: { id: string; studentId: string }[],
  actor: Actor,
): Promise<EnrollmentRow[]> {
  if (rows.length === 0) return [];
  return query<EnrollmentRow>(
    em,
    `insert into enrollment (id, district_id, class_id, school_id, student_id, course_id, status, started_by_type, started_by_id)
     select v.id, ?::uuid, ?::uuid, ?::uuid, v.student_id, ?, 'active', ?, ?
     from (values ${valuesPlaceholders(rows.length, 2, ['uuid', 'uuid'])}) as v(id, student_id)
     on conflict (class_id, student_id) where status = 'active' do nothing
     returning *`,
    [cls.district_id, cls.id, cls.school_id, cls.course_id, actor.type, actor.id, ...rows.flatMap((r) => [r.id, r.studentId])],
  );
}
