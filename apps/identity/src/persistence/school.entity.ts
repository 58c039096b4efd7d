import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { School, SchoolStatus } from '../domain/school';
import { compact, isoTime } from '@roster/contracts';
import { DistrictEntity, type DistrictRecord } from './district.entity';

/**
 * `school`: one row per Clever school. A school a user refers to before its own event is a placeholder
 * (`name` null, never published or shown). `version` is our own version (+1 per published change).
 */
export const SchoolEntity = defineEntity({
  name: 'School',
  tableName: 'school',
  properties: {
    id: p.uuid().primary(),
    cleverId: p.text().unique('school_clever_id_key'),
    district: p.manyToOne(DistrictEntity).foreignKeyName('school_district_id_fkey'),
    name: p.text().nullable(),
    sisId: p.text().nullable(),
    schoolNumber: p.text().nullable(),
    stateId: p.text().nullable(),
    lowGrade: p.text().nullable(),
    highGrade: p.text().nullable(),
    status: p.enum(['active', 'removed'] as const).columnType('text').default('active'),
    removedAt: p.datetime().nullable(),
    sourceVersion: p.bigint('number').defaultRaw('-1'),
    version: p.integer().default(0),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
  indexes: [{ name: 'school_district_name_idx', expression: 'create index school_district_name_idx on school (district_id, lower(name), id)' }],
});
export type SchoolRecord = InferEntity<typeof SchoolEntity>;
/** What the mapping reads: the entity with its district, or a raw row (entityColumns + the district's ids). */
export type SchoolRow = Omit<SchoolRecord, 'district'> & { district: Pick<DistrictRecord, 'id' | 'cleverId'> };

const opt = (v: string | null | undefined) => v ?? undefined;

/** The row (with its district) as the domain's school. */
export function schoolFromRecord(r: SchoolRow): School {
  return compact<School>({
    schoolId: r.id,
    cleverSchoolId: r.cleverId,
    districtId: r.district.id,
    cleverDistrictId: r.district.cleverId,
    name: r.name ?? null,
    sisId: opt(r.sisId),
    schoolNumber: opt(r.schoolNumber),
    stateId: opt(r.stateId),
    lowGrade: opt(r.lowGrade),
    highGrade: opt(r.highGrade),
    status: r.status as SchoolStatus,
    removedAt: isoTime(r.removedAt),
    sourceVersion: Number(r.sourceVersion),
    version: r.version,
  });
}

/** The domain's school as the columns the roster consumer writes (bulk JSON rows, see roster.repository.ts). */
export function schoolColumns(s: School) {
  return {
    id: s.schoolId,
    clever_id: s.cleverSchoolId,
    district_id: s.districtId,
    name: s.name,
    sis_id: s.sisId ?? null,
    school_number: s.schoolNumber ?? null,
    state_id: s.stateId ?? null,
    low_grade: s.lowGrade ?? null,
    high_grade: s.highGrade ?? null,
    status: s.status,
    removed_at: s.removedAt,
    source_version: s.sourceVersion,
    version: s.version,
  };
}
