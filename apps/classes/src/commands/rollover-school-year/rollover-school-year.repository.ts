import { Injectable } from '@nestjs/common';
import type { Actor } from '@roster/contracts';
import { jsonDocument, selectRows, sql, type EntityManager } from '@roster/persistence';
import type { SchoolClass } from '../../domain/class-rules';
import { enrollmentFromRow, type Enrollment, type EnrollmentRow } from '../../persistence/enrollment.entity';

interface ClassRow {
  id: string;
  district_id: string;
  school_id: string;
  name: string;
  course_id: string | null;
  status: 'active' | 'archived';
  needs_teacher: boolean;
  version: number;
}

export type ClassState = Omit<SchoolClass, 'createdAt' | 'updatedAt'>;

/** The writes of a rollover, each one statement for the whole district (set-based; ADR 0006). */
@Injectable()
export class RolloverSchoolYearRepository {
  /** Locks the classes the rollover ends (lock order: class rows, then enrollments) and returns their ids. */
  async lockEndingClasses(em: EntityManager, districtId: string, yearId: string): Promise<string[]> {
    const rows = await selectRows<{ id: string }>(
      em,
      sql`select id from class where district_id = ${districtId} and status = 'active' and (school_year_id = ${yearId} or school_year_id is null)
          order by id for update`,
    );
    return rows.map((r) => r.id);
  }

  /** Archives the classes (`school_year_ended`), kept in the ending year, each at its next version. */
  async archive(em: EntityManager, ids: readonly string[], yearId: string): Promise<ClassState[]> {
    if (ids.length === 0) return [];
    const rows = await selectRows<ClassRow>(
      em,
      sql`update class set status = 'archived', archived_at = now(), updated_at = now(), archive_reason = 'school_year_ended',
                 school_year_id = ${yearId}, version = version + 1
          where id = any(${[...ids]}::uuid[])
          returning id, district_id, school_id, name, course_id, status, needs_teacher, version`,
    );
    return this.withTeachers(em, rows);
  }

  /** Ends every active enrollment of the classes (`school_year_ended`); the rows stay as history. */
  async endEnrollments(em: EntityManager, classIds: readonly string[], actor: Actor): Promise<Enrollment[]> {
    if (classIds.length === 0) return [];
    const rows = await selectRows<EnrollmentRow>(
      em,
      sql`update enrollment set status = 'ended', ended_at = now(), end_reason = 'school_year_ended', ended_by_type = ${actor.type}, ended_by_id = ${actor.id},
                 version = version + 1
          where class_id = any(${[...classIds]}::uuid[]) and status = 'active' returning *`,
    );
    return rows.map(enrollmentFromRow);
  }

  /**
   * Of the ended enrollments, the distinct students per school who are active students there and now have no
   * active enrollment in the school: those the available list shows again.
   */
  async returningStudents(em: EntityManager, ended: readonly Enrollment[]): Promise<Map<string, number>> {
    if (ended.length === 0) return new Map();
    const pairs = ended.map((e) => ({ school_id: e.schoolId, student_id: e.studentId }));
    const rows = await selectRows<{ school_id: string; n: number }>(
      em,
      sql`select p.school_id, count(distinct p.student_id)::int as n
          from json_to_recordset(${jsonDocument(pairs)}::json) as p(school_id uuid, student_id uuid)
          join account_school m on m.account_id = p.student_id and m.school_id = p.school_id and m.is_student and m.status = 'active'
          where not exists (select 1 from enrollment e where e.school_id = p.school_id and e.student_id = p.student_id and e.status = 'active')
          group by p.school_id`,
    );
    return new Map(rows.map((r) => [r.school_id, r.n]));
  }

  /** Creates each carried-forward class in the new year: same school, name, course and teachers, no students. */
  async carryForward(em: EntityManager, pairs: readonly { fromClassId: string; classId: string }[], yearId: string, actor: Actor): Promise<ClassState[]> {
    if (pairs.length === 0) return [];
    const doc = jsonDocument(pairs.map((p) => ({ id: p.classId, from_id: p.fromClassId })));
    const rows = await selectRows<ClassRow>(
      em,
      sql`insert into class (id, district_id, school_id, name, course_id, status, needs_teacher, version, created_by_type, created_by_id, school_year_id)
          select m.id, c.district_id, c.school_id, c.name, c.course_id, 'active', c.needs_teacher, 1, ${actor.type}, ${actor.id}, ${yearId}
          from json_to_recordset(${doc}::json) as m(id uuid, from_id uuid) join class c on c.id = m.from_id
          returning id, district_id, school_id, name, course_id, status, needs_teacher, version`,
    );
    await selectRows(
      em,
      sql`insert into class_teacher (class_id, teacher_id)
          select m.id, t.teacher_id from json_to_recordset(${doc}::json) as m(id uuid, from_id uuid) join class_teacher t on t.class_id = m.from_id
          returning class_id`,
    );
    return this.withTeachers(em, rows);
  }

  private async withTeachers(em: EntityManager, rows: ClassRow[]): Promise<ClassState[]> {
    const ids = rows.map((r) => r.id);
    const teachers = await selectRows<{ class_id: string; teacher_id: string }>(
      em,
      sql`select class_id, teacher_id from class_teacher where class_id = any(${ids}::uuid[]) order by class_id, teacher_id`,
    );
    const byClass = new Map<string, string[]>();
    for (const t of teachers) byClass.set(t.class_id, [...(byClass.get(t.class_id) ?? []), t.teacher_id]);
    return rows
      .map((r) => ({
        id: r.id,
        districtId: r.district_id,
        schoolId: r.school_id,
        name: r.name,
        courseId: r.course_id,
        status: r.status,
        needsTeacher: r.needs_teacher,
        version: r.version,
        teacherIds: byClass.get(r.id) ?? [],
      }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}
