import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** `district`: districts named by identity events, with the district's settings (placementRequired defaults on). */
export const DistrictEntity = defineEntity({
  name: 'District',
  tableName: 'district',
  properties: {
    id: p.uuid().primary(),
    cleverDistrictId: p.text().nullable(),
    placementRequired: p.boolean().default(true),
    placementValidity: p.enum(['any', 'current_school_year'] as const).default('any'),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
});
export type DistrictRecord = InferEntity<typeof DistrictEntity>;

/** The district's settings (`DistrictSettings` of docs/internal-api.md). */
export interface DistrictSettings {
  districtId: string;
  placementRequired: boolean;
}

/** A district classes has not heard of yet has the defaults. */
export function toDistrictSettings(districtId: string, record: Pick<DistrictRecord, 'placementRequired'> | null | undefined): DistrictSettings {
  return { districtId, placementRequired: record?.placementRequired ?? true };
}
