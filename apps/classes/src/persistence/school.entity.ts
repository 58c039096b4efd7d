import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** `school`: projection of identity.schools.v1, version-guarded by the identity event version. */
export const SchoolEntity = defineEntity({
  name: 'School',
  tableName: 'school',
  properties: {
    id: p.uuid().primary(),
    districtId: p.uuid(),
    cleverId: p.text(),
    name: p.text(),
    status: p.enum(['active', 'removed'] as const),
    version: p.bigint('number'),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
  indexes: [{ name: 'school_district_idx', properties: ['districtId'] }],
});
export type SchoolRecord = InferEntity<typeof SchoolEntity>;

/** What the use cases know of a school. */
export interface School {
  id: string;
  districtId: string;
  status: 'active' | 'removed';
}

export function toSchool(r: SchoolRecord): School {
  return { id: r.id, districtId: r.districtId, status: r.status };
}
