import { query, type EntityManager } from '@roster/persistence';
import type { PersonName } from '../../common/classes.repository';
import { compact, Conditions, iso, likeContains } from '../../common/sql';
import type { PlacementView } from '../../common/placements.repository';

export interface AvailableStudentsFilter {
  schoolId: string;
  grade?: string;
  /** `none`: students without a placement; else students whose latest placement recommends this course. */
  placement?: string;
  q?: string;
  after?: AvailablePosition;
  limit: number;
}

export interface AvailablePosition {
  l: string;
  f: string;
  id: string;
}

export interface AvailableStudent {
  id: string;
  cleverId: string;
  name: PersonName;
  preferredName?: { first?: string; middle?: string; last?: string };
  grade?: string;
  sisId?: string;
  studentNumber?: string;
  latestPlacement?: PlacementView;
}

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
  p_recorded_at: string | null;
}

/**
 * The school's ACTIVE students with no ACTIVE enrollment in one of its classes, sorted by last name,
 * first name, id. It walks the partial index account_school_available_idx in sort order from the cursor
 * and stops after `limit + 1` matches, so a page costs the same on page 1 and page 100.
 */
export async function availableStudents(em: EntityManager, f: AvailableStudentsFilter): Promise<{ student: AvailableStudent; position: AvailablePosition }[]> {
  const where = new Conditions(`m.school_id = ? and m.is_student and m.status = 'active'`, f.schoolId).add(
    `not exists (select 1 from enrollment e where e.school_id = m.school_id and e.student_id = m.account_id and e.status = 'active')`,
  );
  if (f.grade !== undefined) where.add('m.grade = ?', f.grade);
  if (f.placement === 'none') where.add('pl.student_id is null');
  else if (f.placement !== undefined) where.add('pl.recommended_course_id = ?', f.placement);
  if (f.q) where.add('m.search_text like ?', likeContains(f.q));
  if (f.after) where.add('(m.sort_last, m.sort_first, m.account_id) > (?, ?, ?::uuid)', f.after.l, f.after.f, f.after.id);
  const rows = await query<Row>(
    em,
    `select a.id, a.clever_id, a.first_name, a.middle_name, a.last_name, a.preferred_name, a.grade, a.sis_id, a.student_number,
            m.sort_last, m.sort_first,
            p.id as p_id, p.recommended_course_id as p_course, p.score as p_score, to_char(p.tested_on, 'YYYY-MM-DD') as p_tested_on,
            p.source as p_source, p.recorded_by as p_recorded_by, p.recorded_at as p_recorded_at
     from account_school m
     join account a on a.id = m.account_id
     left join placement_latest pl on pl.student_id = m.account_id
     left join placement p on p.id = pl.placement_id
     where ${where.sql}
     order by m.sort_last, m.sort_first, m.account_id
     limit ?`,
    [...where.params, f.limit + 1],
  );
  return rows.map((r) => ({
    student: compact({
      id: r.id,
      cleverId: r.clever_id,
      name: compact({ first: r.first_name, middle: r.middle_name ?? undefined, last: r.last_name }),
      preferredName: r.preferred_name ?? undefined,
      grade: r.grade ?? undefined,
      sisId: r.sis_id ?? undefined,
      studentNumber: r.student_number ?? undefined,
      latestPlacement:
        r.p_id === null
          ? undefined
          : compact({
              id: r.p_id,
              studentId: r.id,
              recommendedCourseId: r.p_course!,
              score: r.p_score ?? undefined,
              testedOn: r.p_tested_on!,
              source: r.p_source!,
              recordedBy: r.p_recorded_by ?? undefined,
              recordedAt: iso(r.p_recorded_at!),
            }),
    }) as AvailableStudent,
    position: { l: r.sort_last, f: r.sort_first, id: r.id },
  }));
}
