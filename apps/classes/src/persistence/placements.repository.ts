import { Injectable } from '@nestjs/common';
import { jsonDocument, selectRows, sql, type EntityManager } from '@roster/persistence';
import { PlacementEntity, type PlacementFields } from './placement.entity';

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

/** An inserted placement (`PlacementFields` plus its district). */
export type InsertedPlacement = PlacementFields & { districtId: string };

/** Reads and writes placement results (tables `placement`, `placement_latest`). */
@Injectable()
export class PlacementsRepository {
  /**
   * Records placement results (all kept as history) and moves each student's `placement_latest` to the
   * one that counts: newest test date, then newest recorded. A result already recorded under the same
   * assessment id is skipped. Returns the rows inserted. Set-based: two statements for any batch size.
   */
  async insert(em: EntityManager, placements: readonly NewPlacement[]): Promise<InsertedPlacement[]> {
    if (placements.length === 0) return [];
    const rows = placements.map((p) => ({
      id: p.id,
      district_id: p.districtId,
      student_id: p.studentId,
      recommended_course_id: p.recommendedCourseId,
      score: p.score ?? null,
      tested_on: p.testedOn,
      source: p.source,
      assessment_id: p.assessmentId ?? null,
      recorded_by: p.recordedBy ?? null,
    }));
    const inserted = await selectRows<InsertedPlacement>(
      em,
      sql`insert into placement (id, district_id, student_id, recommended_course_id, score, tested_on, source, assessment_id, recorded_by)
          select r.id, r.district_id, r.student_id, r.recommended_course_id, r.score, r.tested_on, r.source, r.assessment_id, r.recorded_by
          from json_to_recordset(${jsonDocument(rows)}::json)
            as r(id uuid, district_id uuid, student_id uuid, recommended_course_id text, score float8, tested_on date, source text, assessment_id text, recorded_by uuid)
          on conflict (assessment_id) do nothing
          returning id, district_id as "districtId", student_id as "studentId", recommended_course_id as "recommendedCourseId", score,
                    to_char(tested_on, 'YYYY-MM-DD') as "testedOn", source, recorded_by as "recordedBy", recorded_at as "recordedAt"`,
    );
    if (inserted.length > 0) {
      await selectRows(
        em,
        sql`insert into placement_latest (student_id, placement_id, recommended_course_id, tested_on, recorded_at, seq)
            select distinct on (p.student_id) p.student_id, p.id, p.recommended_course_id, p.tested_on, p.recorded_at, p.seq
            from placement p where p.id = any(${inserted.map((r) => r.id)}::uuid[])
            order by p.student_id, p.tested_on desc, p.recorded_at desc, p.seq desc
            on conflict (student_id) do update set placement_id = excluded.placement_id, recommended_course_id = excluded.recommended_course_id,
              tested_on = excluded.tested_on, recorded_at = excluded.recorded_at, seq = excluded.seq
            where (placement_latest.tested_on, placement_latest.recorded_at, placement_latest.seq)
                < (excluded.tested_on, excluded.recorded_at, excluded.seq)`,
      );
    }
    return inserted;
  }

  /** A student's placement results, newest first (the first is the one that counts). */
  async listOfStudent(em: EntityManager, studentId: string, limit = 1000): Promise<PlacementFields[]> {
    return em.find(PlacementEntity, { studentId }, { orderBy: [{ testedOn: 'desc' }, { recordedAt: 'desc' }, { seq: 'desc' }], limit });
  }
}
