import { query, valuesPlaceholders, type EntityManager } from '@roster/persistence';
import { compact, iso, uuidArray } from './sql';

export interface NewPlacement {
  id: string;
  districtId: string;
  studentId: string;
  recommendedCourseId: string;
  score?: number;
  testedOn: string;
  source: 'manual' | 'assessment';
  assessmentId?: string;
  recordedBy?: string;
}

export interface PlacementRow {
  id: string;
  district_id: string;
  student_id: string;
  recommended_course_id: string;
  score: number | null;
  tested_on: string;
  source: 'manual' | 'assessment';
  assessment_id: string | null;
  recorded_by: string | null;
  recorded_at: string;
}

/** `Placement` of docs/internal-api.md. */
export interface PlacementView {
  id: string;
  studentId: string;
  recommendedCourseId: string;
  score?: number;
  testedOn: string;
  source: 'manual' | 'assessment';
  recordedBy?: string;
  recordedAt: string;
}

export const PLACEMENT_COLUMNS = `id, district_id, student_id, recommended_course_id, score, to_char(tested_on, 'YYYY-MM-DD') as tested_on,
  source, assessment_id, recorded_by, recorded_at`;

export function toPlacementView(r: Omit<PlacementRow, 'district_id' | 'assessment_id'>): PlacementView {
  return compact({
    id: r.id,
    studentId: r.student_id,
    recommendedCourseId: r.recommended_course_id,
    score: r.score ?? undefined,
    testedOn: r.tested_on,
    source: r.source,
    recordedBy: r.recorded_by ?? undefined,
    recordedAt: iso(r.recorded_at),
  });
}

/**
 * Records placement results (all kept as history) and moves each student's `placement_latest` to the
 * one that counts: newest test date, then newest recorded. A result already recorded under the same
 * assessment id is skipped. Returns the rows inserted.
 */
export async function insertPlacements(em: EntityManager, placements: readonly NewPlacement[]): Promise<PlacementRow[]> {
  if (placements.length === 0) return [];
  const inserted = await query<PlacementRow>(
    em,
    `insert into placement (id, district_id, student_id, recommended_course_id, score, tested_on, source, assessment_id, recorded_by)
     values ${valuesPlaceholders(placements.length, 9, ['uuid', 'uuid', 'uuid', undefined, 'float8', 'date', undefined, undefined, 'uuid'])}
     on conflict (assessment_id) do nothing
     returning ${PLACEMENT_COLUMNS}`,
    placements.flatMap((p) => [p.id, p.districtId, p.studentId, p.recommendedCourseId, p.score ?? null, p.testedOn, p.source, p.assessmentId ?? null, p.recordedBy ?? null]),
  );
  if (inserted.length > 0) {
    await query(
      em,
      `insert into placement_latest (student_id, placement_id, recommended_course_id, tested_on, recorded_at, seq)
       select distinct on (p.student_id) p.student_id, p.id, p.recommended_course_id, p.tested_on, p.recorded_at, p.seq
       from placement p where p.id = any(?::uuid[])
       order by p.student_id, p.tested_on desc, p.recorded_at desc, p.seq desc
       on conflict (student_id) do update set placement_id = excluded.placement_id, recommended_course_id = excluded.recommended_course_id,
         tested_on = excluded.tested_on, recorded_at = excluded.recorded_at, seq = excluded.seq
       where (placement_latest.tested_on, placement_latest.recorded_at, placement_latest.seq)
           < (excluded.tested_on, excluded.recorded_at, excluded.seq)`,
      [uuidArray(inserted.map((r) => r.id))],
    );
  }
  return inserted;
}

/** A student school per student (their first school as a student), to file audit entries under. */
export async function studentSchools(em: EntityManager, studentIds: readonly string[]): Promise<Map<string, string>> {
  if (studentIds.length === 0) return new Map();
  const rows = await query<{ account_id: string; school_id: string }>(
    em,
    `select distinct on (account_id) account_id, school_id from account_school
     where account_id = any(?::uuid[]) and is_student order by account_id, school_id`,
    [uuidArray(studentIds)],
  );
  return new Map(rows.map((r) => [r.account_id, r.school_id]));
}
