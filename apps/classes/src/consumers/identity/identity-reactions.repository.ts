import { Injectable } from '@nestjs/common';
import type { Actor } from '@roster/contracts';
import { jsonDocument, selectRows, sql, type EntityManager } from '@roster/persistence';
import type { AccountReaction } from '../../domain/identity-reactions';
import type { SchoolClass } from '../../domain/class-rules';
import { enrollmentFromRow, type Enrollment, type EnrollmentRow } from '../../persistence/enrollment.entity';

/** The plan as one JSON document, read by json_to_recordset: one statement for the whole batch. */
function planDocument(plan: AccountReaction[], schools: (r: AccountReaction) => string[]): string {
  return jsonDocument(plan.map((r) => ({ id: r.accountId, archived: r.archived, schools: schools(r) })));
}

export interface RemovedTeacher {
  classId: string;
  teacherId: string;
  schoolId: string;
  districtId: string;
  archived: boolean;
}

export type UpdatedClass = Omit<SchoolClass, 'createdAt' | 'updatedAt'> & { wasNeedsTeacher: boolean };

/** The leaver/mover reactions to identity events, set-based over the whole batch (tables `class`, `class_teacher`, `enrollment`). */
@Injectable()
export class IdentityReactionsRepository {
  /**
   * Removes archived teachers, and teachers no longer teaching in a class's school, from its ACTIVE
   * classes; re-flags those classes (`needs_teacher` when none is left) and moves their version on.
   * Classes are locked first, in id order, like the HTTP commands lock them, so the two never deadlock.
   */
  async removeDepartedTeachers(em: EntityManager, plan: AccountReaction[]): Promise<{ removed: RemovedTeacher[]; classes: UpdatedClass[] }> {
    const doc = planDocument(plan, (r) => r.teacherSchools);
    const departed = sql`from class_teacher ct
       join class c on c.id = ct.class_id and c.status = 'active'
       join jsonb_to_recordset(${doc}::jsonb) as r(id uuid, archived boolean, schools jsonb) on r.id = ct.teacher_id
       where r.archived or not jsonb_exists(r.schools, c.school_id::text)`;
    const locked = await selectRows<{ id: string }>(em, sql`select id from class where id in (select ct.class_id ${departed}) order by id for update`);
    if (locked.length === 0) return { removed: [], classes: [] };
    const removed = await selectRows<RemovedTeacher>(
      em,
      sql`with gone as (select ct.class_id, ct.teacher_id, c.school_id, c.district_id, r.archived ${departed})
          delete from class_teacher d using gone
          where d.class_id = gone.class_id and d.teacher_id = gone.teacher_id
          returning gone.class_id as "classId", gone.teacher_id as "teacherId", gone.school_id as "schoolId", gone.district_id as "districtId",
                    gone.archived`,
    );
    const classes = await selectRows<UpdatedClass>(
      em,
      sql`update class c set needs_teacher = not exists (select 1 from class_teacher t where t.class_id = c.id),
                 version = c.version + 1, updated_at = now()
          from class old
          where old.id = c.id and c.id = any(${[...new Set(removed.map((r) => r.classId))]}::uuid[])
          returning c.id, c.district_id as "districtId", c.school_id as "schoolId", c.name, c.course_id as "courseId", c.status,
                    c.needs_teacher as "needsTeacher", c.version,
                    coalesce(array(select t.teacher_id from class_teacher t where t.class_id = c.id order by t.teacher_id), '{}') as "teacherIds",
                    old.needs_teacher as "wasNeedsTeacher"`,
    );
    return { removed, classes };
  }

  /**
   * Ends the active enrollments of archived students (`student_archived`) and of students no longer in the
   * class's school (`left_school`), in one statement for the whole batch.
   */
  async endDepartedEnrollments(em: EntityManager, plan: AccountReaction[], actor: Actor): Promise<Enrollment[]> {
    const rows = await selectRows<EnrollmentRow>(
      em,
      sql`update enrollment e set status = 'ended', ended_at = now(),
                 end_reason = case when r.archived then 'student_archived' else 'left_school' end,
                 ended_by_type = ${actor.type}, ended_by_id = ${actor.id}, version = e.version + 1
          from jsonb_to_recordset(${planDocument(plan, (r) => r.studentSchools)}::jsonb) as r(id uuid, archived boolean, schools jsonb)
          where e.student_id = r.id and e.status = 'active' and (r.archived or not jsonb_exists(r.schools, e.school_id::text))
          returning e.*`,
    );
    return rows.map(enrollmentFromRow);
  }
}
