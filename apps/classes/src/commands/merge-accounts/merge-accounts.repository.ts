import { executeStatement, jsonDocument, selectRows, sql, type EntityManager } from '@roster/persistence';
import type { Actor } from '@roster/contracts';
import type { UpdatedClass } from '../../consumers/identity/identity-reactions.repository';
import { enrollmentFromRow, type Enrollment, type EnrollmentRow } from '../../persistence/enrollment.entity';

/** A class the source was enrolled in when it was archived, where the target is re-enrolled. */
interface Reopen {
  class_id: string;
  school_id: string;
  district_id: string;
  course_id: string | null;
}

/** A class whose teachers a staff merge changed: the target added, the source removed (either may be empty). */
export interface RestaffedClass extends UpdatedClass {
  addedTeacherIds: string[];
  removedTeacherIds: string[];
}

/**
 * The merge's writes in classes (tables `enrollment`, `placement`, `placement_latest`, `class`,
 * `class_teacher`): every statement is keyed by the source account, so a repeat finds nothing left to move.
 */
export class MergeAccountsRepository {
  /**
   * The classes to re-open for the target: those whose latest enrollment of the source ended only because
   * the source was archived (`student_archived`), still active, in a school where the target is an active
   * student, and where the target is not already enrolled. The classes are locked (in id order, as the
   * enrollment commands lock them) until the merge commits.
   */
  async classesToReopen(em: EntityManager, sourceId: string, targetId: string): Promise<Reopen[]> {
    const candidates = await selectRows<Reopen>(
      em,
      sql`with latest as (
            select distinct on (e.class_id) e.class_id, e.school_id, e.district_id, e.status, e.end_reason
            from enrollment e where e.student_id = ${sourceId}
            order by e.class_id, e.started_at desc, e.id desc)
          select l.class_id, l.school_id, l.district_id, c.course_id
          from latest l join class c on c.id = l.class_id and c.status = 'active'
          where l.status = 'ended' and l.end_reason = 'student_archived'
            and exists (select 1 from account_school m where m.account_id = ${targetId} and m.school_id = l.school_id and m.is_student and m.status = 'active')
          order by l.class_id`,
    );
    if (candidates.length === 0) return [];
    await selectRows(em, sql`select id from class where id = any(${candidates.map((c) => c.class_id)}::uuid[]) order by id for update`);
    const enrolled = await selectRows<{ class_id: string }>(
      em,
      sql`select class_id from enrollment where student_id = ${targetId} and status = 'active' and class_id = any(${candidates.map((c) => c.class_id)}::uuid[])`,
    );
    const taken = new Set(enrolled.map((r) => r.class_id));
    return candidates.filter((c) => !taken.has(c.class_id));
  }

  /**
   * Moves the source's enrollments (history, and any still active where the target is not) to the target.
   * An active enrollment of the source in a class the target is active in already would be a duplicate:
   * it ends (`student_archived`, which is why it should have ended) and moves as history.
   */
  async moveEnrollments(em: EntityManager, sourceId: string, targetId: string, actor: Actor): Promise<{ moved: number; ended: Enrollment[] }> {
    const ended = await selectRows<EnrollmentRow>(
      em,
      sql`update enrollment e set status = 'ended', ended_at = now(), end_reason = 'student_archived', ended_by_type = ${actor.type}, ended_by_id = ${actor.id},
                 version = e.version + 1
          where e.student_id = ${sourceId} and e.status = 'active'
            and exists (select 1 from enrollment t where t.class_id = e.class_id and t.student_id = ${targetId} and t.status = 'active')
          returning e.*`,
    );
    const moved = await executeStatement(em, sql`update enrollment set student_id = ${targetId} where student_id = ${sourceId}`);
    return { moved, ended: ended.map(enrollmentFromRow) };
  }

  /** New active enrollments of the target in these classes, started by the admin who merged. */
  async reopen(em: EntityManager, targetId: string, classes: Reopen[], actor: Actor, newId: () => string): Promise<Enrollment[]> {
    if (classes.length === 0) return [];
    const rows = await selectRows<EnrollmentRow>(
      em,
      sql`insert into enrollment (id, district_id, class_id, school_id, student_id, course_id, status, started_by_type, started_by_id)
          select r.id, r.district_id, r.class_id, r.school_id, ${targetId}::uuid, r.course_id, 'active', ${actor.type}, ${actor.id}
          from json_to_recordset(${jsonDocument(classes.map((c) => ({ ...c, id: newId() })))}::json)
            as r(id uuid, district_id uuid, class_id uuid, school_id uuid, course_id text)
          order by r.class_id
          on conflict do nothing
          returning *`,
    );
    return rows.map(enrollmentFromRow);
  }

  /** Moves the source's placement results to the target; the target's latest placement is recomputed over both. */
  async movePlacements(em: EntityManager, sourceId: string, targetId: string): Promise<number> {
    const moved = await executeStatement(em, sql`update placement set student_id = ${targetId} where student_id = ${sourceId}`);
    if (moved === 0) return 0;
    await executeStatement(em, sql`delete from placement_latest where student_id = ${sourceId}`);
    await executeStatement(
      em,
      sql`insert into placement_latest (student_id, placement_id, recommended_course_id, tested_on, recorded_at, seq)
          select p.student_id, p.id, p.recommended_course_id, p.tested_on, p.recorded_at, p.seq
          from placement p where p.student_id = ${targetId}
          order by p.tested_on desc, p.recorded_at desc, p.seq desc limit 1
          on conflict (student_id) do update set placement_id = excluded.placement_id, recommended_course_id = excluded.recommended_course_id,
            tested_on = excluded.tested_on, recorded_at = excluded.recorded_at, seq = excluded.seq`,
    );
    return moved;
  }

  /**
   * A staff merge: the target becomes teacher of the source's classes. That is every class the source still
   * teaches (archived classes keep their teachers as history), and every active class the source was removed
   * from only because it was archived (its latest `class.teacher_removed` entry there says `teacher_archived`:
   * classes has no other record of it) where the target is an active teacher of the class's school. The
   * source leaves every class; each class whose teachers changed is re-flagged (`needs_teacher`) and moves
   * its version on, as the teacher paths of update-class and the identity reactions do. The classes are
   * locked in id order first, like those paths lock them.
   */
  async moveTeaching(em: EntityManager, districtId: string, sourceId: string, targetId: string): Promise<RestaffedClass[]> {
    const candidates = await selectRows<{ id: string; rejoin: boolean }>(
      em,
      sql`with removed as (
            select distinct on (a.target_id) a.target_id, a.details->>'reason' as reason
            from audit_log a
            where a.district_id = ${districtId} and a.action = 'class.teacher_removed' and a.target_type = 'class'
              and a.details->>'teacherId' = ${sourceId}
            order by a.target_id, a.seq desc)
          select ct.class_id as id, false as rejoin from class_teacher ct where ct.teacher_id = ${sourceId}
          union
          select c.id, true from removed r join class c on c.id::text = r.target_id and c.status = 'active'
          where r.reason = 'teacher_archived'
            and exists (select 1 from account_school m where m.account_id = ${targetId} and m.school_id = c.school_id and m.is_teacher and m.status = 'active')`,
    );
    if (candidates.length === 0) return [];
    const ids = [...new Set(candidates.map((c) => c.id))];
    await selectRows(em, sql`select id from class where id = any(${ids}::uuid[]) order by id for update`);
    const rejoin = candidates.filter((c) => c.rejoin).map((c) => c.id);
    // Under the locks: the source's classes as they are now, plus the classes it rejoins through the target.
    const added = await selectRows<{ classId: string }>(
      em,
      sql`insert into class_teacher (class_id, teacher_id)
          select x.class_id, ${targetId}::uuid from (
            select class_id from class_teacher where teacher_id = ${sourceId}
            union select unnest(${rejoin}::uuid[])) x
          order by x.class_id
          on conflict do nothing
          returning class_id as "classId"`,
    );
    const removed = await selectRows<{ classId: string }>(
      em,
      sql`delete from class_teacher where teacher_id = ${sourceId} returning class_id as "classId"`,
    );
    const changedIds = [...new Set([...added, ...removed].map((r) => r.classId))];
    if (changedIds.length === 0) return [];
    const classes = await selectRows<UpdatedClass>(
      em,
      sql`update class c set needs_teacher = not exists (select 1 from class_teacher t where t.class_id = c.id),
                 version = c.version + 1, updated_at = now()
          from class old
          where old.id = c.id and c.id = any(${changedIds}::uuid[])
          returning c.id, c.district_id as "districtId", c.school_id as "schoolId", c.name, c.course_id as "courseId", c.status,
                    c.needs_teacher as "needsTeacher", c.version,
                    coalesce(array(select t.teacher_id from class_teacher t where t.class_id = c.id order by t.teacher_id), '{}') as "teacherIds",
                    old.needs_teacher as "wasNeedsTeacher"`,
    );
    const addedTo = new Set(added.map((r) => r.classId));
    const removedFrom = new Set(removed.map((r) => r.classId));
    return classes
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((c) => ({ ...c, addedTeacherIds: addedTo.has(c.id) ? [targetId] : [], removedTeacherIds: removedFrom.has(c.id) ? [sourceId] : [] }));
  }
}
