import { query, type EntityManager } from '@roster/persistence';
import type { EnrollmentRow } from '../../common/enrollment-events';
import type { PersonName } from '../../common/classes.repository';
import { compact, Conditions, iso, isoOrUndefined } from '../../common/sql';

/** `Enrollment` of docs/internal-api.md. */
export interface EnrollmentView {
  id: string;
  classId: string;
  studentId: string;
  student: { name?: PersonName; grade?: string };
  status: 'active' | 'ended';
  startedAt: string;
  endedAt?: string;
  endReason?: string;
  startedBy: { type: string; id: string };
  endedBy?: { type: string; id: string };
}

type Row = EnrollmentRow & { first_name: string | null; middle_name: string | null; last_name: string | null; grade: string | null; k_last: string; k_first: string };

export interface EnrollmentPosition {
  l: string;
  f: string;
  id: string;
}

/** A class's enrollments sorted by student last name, first name, then enrollment id (keyset-paged). */
export async function listEnrollments(
  em: EntityManager,
  classId: string,
  status: 'active' | 'ended' | 'all',
  after: EnrollmentPosition | undefined,
  limit: number,
): Promise<{ view: EnrollmentView; position: EnrollmentPosition }[]> {
  const where = new Conditions('s.class_id = ?', classId);
  if (status !== 'all') where.add('s.status = ?', status);
  if (after) where.add('(s.k_last, s.k_first, s.id) > (?, ?, ?::uuid)', after.l, after.f, after.id);
  const rows = await query<Row>(
    em,
    `select * from (
       select e.*, a.first_name, a.middle_name, a.last_name, a.grade,
              lower(coalesce(a.last_name, '')) as k_last, lower(coalesce(a.first_name, '')) as k_first
       from enrollment e left join account a on a.id = e.student_id
     ) s
     where ${where.sql}
     order by s.k_last, s.k_first, s.id limit ?`,
    [...where.params, limit + 1],
  );
  return rows.map((r) => ({
    view: compact({
      id: r.id,
      classId: r.class_id,
      studentId: r.student_id,
      student: compact({
        name: r.first_name !== null && r.last_name !== null ? compact({ first: r.first_name, middle: r.middle_name ?? undefined, last: r.last_name }) : undefined,
        grade: r.grade ?? undefined,
      }),
      status: r.status,
      startedAt: iso(r.started_at),
      endedAt: isoOrUndefined(r.ended_at),
      endReason: r.end_reason ?? undefined,
      startedBy: { type: r.started_by_type, id: r.started_by_id },
      endedBy: r.ended_by_type && r.ended_by_id ? { type: r.ended_by_type, id: r.ended_by_id } : undefined,
    }) as EnrollmentView,
    position: { l: r.k_last, f: r.k_first, id: r.id },
  }));
}
