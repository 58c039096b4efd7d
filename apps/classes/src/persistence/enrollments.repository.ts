import { Injectable } from '@nestjs/common';
import type { Actor } from '@roster/contracts';
import { allOf, jsonDocument, selectRows, sql, type EntityManager, type SqlFragment } from '@roster/persistence';
import type { EnrollmentCandidate } from '../domain/enrollment-rules';
import type { SchoolClass } from '../domain/class-rules';
import { EnrollmentEntity, enrollmentFromRow, toEnrollment, type Enrollment, type EnrollmentRow } from './enrollment.entity';
import type { EnrollmentBody } from '@roster/internal-api';

/** `Enrollment` of docs/internal-api.md (the contract). */
export type EnrollmentView = EnrollmentBody;

export interface EnrollmentPosition {
  l: string;
  f: string;
  id: string;
}

type ClassKeys = Pick<SchoolClass, 'id' | 'districtId' | 'schoolId' | 'courseId'>;

/** Reads and writes enrollments (table `enrollment`); the bulk paths are set-based SQL. */
@Injectable()
export class EnrollmentsRepository {
  /**
   * Everything the enrollment rules need about every requested student, in ONE query (a few index
   * lookups per student inside PostgreSQL, no round trip per student), in request order.
   */
  async candidates(em: EntityManager, cls: Pick<SchoolClass, 'id' | 'districtId' | 'schoolId'>, studentIds: readonly string[]): Promise<EnrollmentCandidate[]> {
    // The lateral subqueries (`offset 0` keeps them from being flattened) make PostgreSQL look each
    // requested student up by key, so the cost follows the request, not the size of the district.
    const rows = await selectRows<{ student_id: string; found: boolean; active: boolean; in_school: boolean; already_enrolled: boolean; recommended_course_id: string | null }>(
      em,
      sql`select i.id as student_id,
                 a.id is not null as found,
                 coalesce(a.status = 'active', false) as active,
                 m.account_id is not null as in_school,
                 e.id is not null as already_enrolled,
                 pl.recommended_course_id
          from unnest(${[...studentIds]}::uuid[]) with ordinality as i(id, n)
          left join lateral (select a.id, a.status from account a
                             where a.id = i.id and a.district_id = ${cls.districtId} and 'student' = any(a.roles) offset 0) a on true
          left join lateral (select m.account_id from account_school m
                             where m.account_id = i.id and m.school_id = ${cls.schoolId} and m.is_student offset 0) m on true
          left join lateral (select e.id from enrollment e
                             where e.class_id = ${cls.id} and e.student_id = i.id and e.status = 'active' offset 0) e on true
          left join lateral (select pl.recommended_course_id from placement_latest pl where pl.student_id = i.id offset 0) pl on true
          order by i.n`,
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
   * the same class hits the partial unique index and is skipped (the caller reports it as ALREADY_ENROLLED).
   */
  async insertMany(em: EntityManager, cls: ClassKeys, rows: { id: string; studentId: string }[], actor: Actor): Promise<Enrollment[]> {
    if (rows.length === 0) return [];
    const inserted = await selectRows<EnrollmentRow>(
      em,
      sql`insert into enrollment (id, district_id, class_id, school_id, student_id, course_id, status, started_by_type, started_by_id)
          select v.id, ${cls.districtId}::uuid, ${cls.id}::uuid, ${cls.schoolId}::uuid, v.student_id, ${cls.courseId}::text, 'active', ${actor.type}, ${actor.id}
          from json_to_recordset(${jsonDocument(rows.map((r) => ({ id: r.id, student_id: r.studentId })))}::json) as v(id uuid, student_id uuid)
          on conflict (class_id, student_id) where status = 'active' do nothing
          returning *`,
    );
    return inserted.map(enrollmentFromRow);
  }

  /** Ends the student's active enrollment in the class (`unenrolled`); the row stays as history. */
  async endOne(em: EntityManager, classId: string, studentId: string, actor: Actor): Promise<Enrollment | undefined> {
    const record = await em.findOne(EnrollmentEntity, { classId, studentId, status: 'active' });
    if (!record) return undefined;
    Object.assign(record, { status: 'ended', endedAt: new Date(), endReason: 'unenrolled', endedByType: actor.type, endedById: actor.id, version: record.version + 1 });
    await em.flush();
    return toEnrollment(record);
  }

  /** Ends every active enrollment of the class (`class_archived`) in one statement; history rows stay. */
  async endAllOfClass(em: EntityManager, classId: string, actor: Actor): Promise<Enrollment[]> {
    const rows = await selectRows<EnrollmentRow>(
      em,
      sql`update enrollment set status = 'ended', ended_at = now(), end_reason = 'class_archived', ended_by_type = ${actor.type}, ended_by_id = ${actor.id},
                 version = version + 1
          where class_id = ${classId} and status = 'active' returning *`,
    );
    return rows.map(enrollmentFromRow);
  }

  /** A class's enrollments sorted by student last name, first name, then enrollment id (keyset-paged, `limit + 1` rows). */
  async list(
    em: EntityManager,
    classId: string,
    status: 'active' | 'ended' | 'all',
    after: EnrollmentPosition | undefined,
    limit: number,
  ): Promise<{ view: EnrollmentView; position: EnrollmentPosition }[]> {
    const where: SqlFragment[] = [sql`s.class_id = ${classId}`];
    if (status !== 'all') where.push(sql`s.status = ${status}`);
    if (after) where.push(sql`(s.k_last, s.k_first, s.id) > (${after.l}, ${after.f}, ${after.id}::uuid)`);
    type Row = EnrollmentRow & { first_name: string | null; middle_name: string | null; last_name: string | null; grade: string | null; k_last: string; k_first: string };
    const rows = await selectRows<Row>(
      em,
      sql`select * from (
            select e.*, a.first_name, a.middle_name, a.last_name, a.grade,
                   lower(coalesce(a.last_name, '')) as k_last, lower(coalesce(a.first_name, '')) as k_first
            from enrollment e left join account a on a.id = e.student_id
          ) s
          where ${allOf(where)}
          order by s.k_last, s.k_first, s.id limit ${limit + 1}`,
    );
    return rows.map((r) => {
      const e = enrollmentFromRow(r);
      const name =
        r.first_name !== null && r.last_name !== null
          ? { first: r.first_name, ...(r.middle_name !== null ? { middle: r.middle_name } : {}), last: r.last_name }
          : undefined;
      return {
        view: {
          id: e.id,
          classId: e.classId,
          studentId: e.studentId,
          student: { ...(name ? { name } : {}), ...(r.grade !== null ? { grade: r.grade } : {}) },
          status: e.status,
          startedAt: e.startedAt,
          ...(e.endedAt ? { endedAt: e.endedAt } : {}),
          ...(e.endReason ? { endReason: e.endReason } : {}),
          startedBy: e.startedBy,
          ...(e.endedBy ? { endedBy: e.endedBy } : {}),
        },
        position: { l: r.k_last, f: r.k_first, id: r.id },
      };
    });
  }
}
