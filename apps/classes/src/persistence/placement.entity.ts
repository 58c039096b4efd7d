import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { PlacementBody } from '@roster/internal-api';

/** `placement`: every placement result (history); `seq` orders results recorded in the same instant. */
export const PlacementEntity = defineEntity({
  name: 'Placement',
  tableName: 'placement',
  properties: {
    id: p.uuid().primary(),
    seq: p.bigint('string').autoincrement().generated('identity'),
    districtId: p.uuid(),
    studentId: p.uuid(),
    recommendedCourseId: p.text(),
    score: p.double().nullable(),
    testedOn: p.date(),
    source: p.enum(['manual', 'assessment'] as const),
    assessmentId: p.text().nullable().unique('placement_assessment_id_key'),
    recordedBy: p.uuid().nullable(),
    recordedAt: p.datetime().defaultRaw('clock_timestamp()'),
  },
  indexes: [
    { name: 'placement_student_idx', expression: 'create index placement_student_idx on placement (student_id, tested_on desc, recorded_at desc, seq desc)' },
  ],
});
export type PlacementRecord = InferEntity<typeof PlacementEntity>;

/** `placement_latest`: the placement that counts per student (newest test date, then newest recorded). */
export const PlacementLatestEntity = defineEntity({
  name: 'PlacementLatest',
  tableName: 'placement_latest',
  properties: {
    studentId: p.uuid().primary(),
    placementId: () => p.manyToOne(PlacementEntity).mapToPk().fieldName('placement_id').foreignKeyName('placement_latest_placement_id_fkey'),
    recommendedCourseId: p.text(),
    testedOn: p.date(),
    recordedAt: p.datetime(),
    seq: p.bigint('string'),
  },
  indexes: [{ name: 'placement_latest_course_idx', properties: ['recommendedCourseId', 'studentId'] }],
});
export type PlacementLatestRecord = InferEntity<typeof PlacementLatestEntity>;

/** `Placement` of docs/internal-api.md (the contract). */
export type PlacementView = PlacementBody;

/** The fields of a placement, from an entity or a SQL row mapped to the same names. */
export type PlacementFields = Pick<PlacementRecord, 'id' | 'studentId' | 'recommendedCourseId' | 'testedOn' | 'source'> & {
  score?: number | string | null;
  recordedBy?: string | null;
  recordedAt: Date | string;
};

export function toPlacementView(r: PlacementFields): PlacementView {
  return {
    id: r.id,
    studentId: r.studentId,
    recommendedCourseId: r.recommendedCourseId,
    ...(r.score !== null && r.score !== undefined ? { score: Number(r.score) } : {}),
    testedOn: r.testedOn,
    source: r.source,
    ...(r.recordedBy ? { recordedBy: r.recordedBy } : {}),
    recordedAt: new Date(r.recordedAt).toISOString(),
  };
}
