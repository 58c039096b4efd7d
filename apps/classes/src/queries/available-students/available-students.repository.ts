import { Injectable } from '@nestjs/common';
import { allOf, likeContains, selectRows, sql, type EntityManager, type SqlFragment } from '@roster/persistence';
import { toPlacementView } from '../../persistence/placement.entity';
import type { AvailableStudentBody } from '@roster/internal-api';

export interface AvailableStudentsFilter {
  schoolId: string;
  grade?: string;
  /** `none`: students without a placement; else students whose latest placement recommends this course. */
  placement?: string;
  q?: string;
  /**
   * Only the students of one section (already checked to be a live section of the school), or of every live
   * section of the school taught by this Clever user.
   */
  section?: { id: string } | { taughtBy: string };
  after?: AvailablePosition;
  limit: number;
}

export interface AvailablePosition {
  l: string;
  f: string;
  id: string;
}

/** An item of the available-students list (the contract). */
export type AvailableStudent = AvailableStudentBody;

interface Row {
  id: string;
  clever_id: string;
  first_name: string;
  middle_name: string | null;
  last_name: string;
  preferred_name: AvailableStudent['preferredName'] | null;
  grade: string | null;
  sis_id: string | null;
  student_number: string | null;
  sort_last: string;
  sort_first: string;
  p_id: string | null;
  p_course: string | null;
  p_score: number | null;
  p_tested_on: string | null;
  p_source: 'manual' | 'assessment' | null;
  p_recorded_by: string | null;
  p_recorded_at: string | Date | null;
}

const optional = <K extends string, V>(key: K, value: V | null): { [P in K]?: V } => (value === null ? {} : ({ [key]: value } as { [P in K]?: V }));

/** The available-students read model: set-based SQL over the membership index. */
@Injectable()
export class AvailableStudentsRepository {
  /**
   * The school's ACTIVE students with no ACTIVE enrollment in one of its classes, sorted by last name,
   * first name, id. It walks the partial index account_school_available_idx in sort order from the cursor
   * and stops after `limit + 1` matches, so a page costs the same on page 1 and page 100.
   */
  async list(em: EntityManager, f: AvailableStudentsFilter): Promise<{ student: AvailableStudent; position: AvailablePosition }[]> {
    const rows = await selectRows<Row>(em, pageQuery(f));
    return rows.map(toItem);
  }

  /**
   * The same page together with the school's district, in ONE round trip (the handler checks the caller's scope
   * on the district before it answers with the page): undefined when the school is unknown. A school with no
   * available student comes back as one row of nulls (the left join), which is not an item. The page is only
   * read for a school of `callerDistrictId`: another district's school costs one primary-key look-up, as an
   * unknown one does, so neither its data nor the time its page would take can reach another tenant.
   */
  async listOfSchool(em: EntityManager, f: AvailableStudentsFilter, callerDistrictId: string): Promise<{ districtId: string; items: { student: AvailableStudent; position: AvailablePosition }[] } | undefined> {
    const rows = await selectRows<Row & { school_district_id: string }>(
      em,
      sql`select sc.district_id as school_district_id, r.*
          from school sc
          left join lateral (${pageQuery(f)}) r on sc.district_id = ${callerDistrictId}::uuid
          where sc.id = ${f.schoolId}
          order by r.sort_last, r.sort_first, r.id`,
    );
    if (rows.length === 0) return undefined;
    return { districtId: rows[0].school_district_id, items: rows.filter((r) => r.id !== null).map(toItem) };
  }
}

/** One page of the list (`limit + 1` rows, to know whether there is a next one). */
function pageQuery(f: AvailableStudentsFilter): SqlFragment {
  const where: SqlFragment[] = [
    sql`m.school_id = ${f.schoolId} and m.is_student and m.status = 'active'`,
    sql`not exists (select 1 from enrollment e where e.school_id = m.school_id and e.student_id = m.account_id and e.status = 'active')`,
  ];
  if (f.grade !== undefined) where.push(sql`m.grade = ${f.grade}`);
  if (f.placement === 'none') where.push(sql`pl.student_id is null`);
  else if (f.placement !== undefined) where.push(sql`pl.recommended_course_id = ${f.placement}`);
  if (f.q) where.push(sql`m.search_text like ${likeContains(f.q)}`);
  // The section's students through their resolved accounts (section_member.account_id).
  if (f.section && 'id' in f.section) {
    where.push(sql`m.account_id in (select t.account_id from section_member t where t.section_id = ${f.section.id}::uuid and t.role = 'student')`);
  } else if (f.section) {
    where.push(sql`m.account_id in (
      select t.account_id from school sc
        join district d on d.id = sc.district_id
        join section s on s.clever_district_id = d.clever_district_id and s.clever_school_id = sc.clever_id and s.removed_at is null
        join section_member tt on tt.section_id = s.id and tt.role = 'teacher' and tt.clever_user_id = ${f.section.taughtBy}
        join section_member t on t.section_id = s.id and t.role = 'student'
      where sc.id = m.school_id and t.account_id is not null)`);
  }
  if (f.after) where.push(sql`(m.sort_last, m.sort_first, m.account_id) > (${f.after.l}, ${f.after.f}, ${f.after.id}::uuid)`);
  return sql`select a.id, a.clever_id, a.first_name, a.middle_name, a.last_name, a.preferred_name, a.grade, a.sis_id, a.student_number,
                 m.sort_last, m.sort_first,
                 p.id as p_id, p.recommended_course_id as p_course, p.score as p_score, to_char(p.tested_on, 'YYYY-MM-DD') as p_tested_on,
                 p.source as p_source, p.recorded_by as p_recorded_by, p.recorded_at as p_recorded_at
          from account_school m
          join account a on a.id = m.account_id
          left join placement_latest pl on pl.student_id = m.account_id
          left join placement p on p.id = pl.placement_id
          where ${allOf(where)}
          order by m.sort_last, m.sort_first, m.account_id
          limit ${f.limit + 1}`;
}

function toItem(r: Row): { student: AvailableStudent; position: AvailablePosition } {
  return {
    student: {
      id: r.id,
      cleverId: r.clever_id,
      name: { first: r.first_name, ...optional('middle', r.middle_name), last: r.last_name },
      ...optional('preferredName', r.preferred_name),
      ...optional('grade', r.grade),
      ...optional('sisId', r.sis_id),
      ...optional('studentNumber', r.student_number),
      ...(r.p_id === null
        ? {}
        : {
            latestPlacement: toPlacementView({
              id: r.p_id,
              studentId: r.id,
              recommendedCourseId: r.p_course!,
              score: r.p_score,
              testedOn: r.p_tested_on!,
              source: r.p_source!,
              recordedBy: r.p_recorded_by,
              recordedAt: r.p_recorded_at!,
            }),
          }),
    },
    position: { l: r.sort_last, f: r.sort_first, id: r.id },
  };
}
