import { query, type EntityManager } from '@roster/persistence';
import type { AccountReaction } from '../../domain/identity-reactions';
import type { ClassRow } from '../../common/classes.repository';
import type { EnrollmentRow } from '../../common/enrollment-events';
import { IDENTITY_SYNC_ACTOR } from '../../common/context';
import { uuidArray } from '../../common/sql';

/** The plan as one jsonb parameter, read by jsonb_to_recordset: one statement for the whole batch. */
function planParam(plan: AccountReaction[], schools: (r: AccountReaction) => string[]): string {
  return JSON.stringify(plan.map((r) => ({ id: r.accountId, archived: r.archived, schools: schools(r) })));
}

export interface RemovedTeacher {
  class_id: string;
  teacher_id: string;
  school_id: string;
  district_id: string;
  archived: boolean;
}

export type UpdatedClass = Omit<ClassRow, 'created_at' | 'updated_at'> & { was_needs_teacher: boolean };

/**
 * Removes archived teachers, and teachers no longer teaching in a class's school, from its ACTIVE
 * classes; re-flags those classes (`needs_teacher` when none is left) and moves their version on.
 * Classes are locked first, in id order, like the HTTP commands lock them, so the two never deadlock.
 */
export async function removeDepartedTeachers(em: EntityManager, plan: AccountReaction[]): Promise<{ removed: RemovedTeacher[]; classes: UpdatedClass[] }> {
  const param = planParam(plan, (r) => r.teacherSchools);
  const departed = `from class_teacher ct
     join class c on c.id = ct.class_id and c.status = 'active'
     join jsonb_to_recordset(?::jsonb) as r(id uuid, archived boolean, schools jsonb) on r.id = ct.teacher_id
     where r.archived or not jsonb_exists(r.schools, c.school_id::text)`;
  const locked = await query<{ id: string }>(
    em,
    `select id from class where id in (select ct.class_id ${departed}) order by id for update`,
    [param],
  );
  if (locked.length === 0) return { removed: [], classes: [] };
  const removed = await query<RemovedTeacher>(
    em,
    `with gone as (select ct.class_id, ct.teacher_id, c.school_id, c.district_id, r.archived ${departed})
     delete from class_teacher d using gone
     where d.class_id = gone.class_id and d.teacher_id = gone.teacher_id
     returning gone.class_id, gone.teacher_id, gone.school_id, gone.district_id, gone.archived`,
    [param],
  );
  const classes = await query<UpdatedClass>(
    em,
    `update class c set needs_teacher = not exists (select 1 from class_teacher t where t.class_id = c.id),
            version = c.version + 1, updated_at = now()
     from class old
     where old.id = c.id and c.id = any(?::uuid[])
     returning c.id, c.district_id, c.school_id, c.name, c.course_id, c.status, c.needs_teacher, c.version,
               coalesce(array(select t.teacher_id from class_teacher t where t.class_id = c.id order by t.teacher_id), '{}') as teacher_ids,
               old.needs_teacher as was_needs_teacher`,
    [uuidArray(new Set(removed.map((r) => r.class_id)))],
  );
  return { removed, classes };
}

/**
 * Ends the active enrollments of archived students (`student_archived`) and of students no longer in the
 * class's school (`left_school`), in one statement for the whole batch.
 */
export async function endDepartedEnrollments(em: EntityManager, plan: AccountReaction[]): Promise<EnrollmentRow[]> {
  return query<EnrollmentRow>(
    em,
    `update enrollment e set status = 'ended', ended_at = now(),
            end_reason = case when r.archived then 'student_archived' else 'left_school' end,
            ended_by_type = ?, ended_by_id = ?, version = e.version + 1
     from jsonb_to_recordset(?::jsonb) as r(id uuid, archived boolean, schools jsonb)
     where e.student_id = r.id and e.status = 'active' and (r.archived or not jsonb_exists(r.schools, e.school_id::text))
     returning e.*`,
    [IDENTITY_SYNC_ACTOR.type, IDENTITY_SYNC_ACTOR.id, planParam(plan, (r) => r.studentSchools)],
  );
}
