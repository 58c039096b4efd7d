import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * `duplicate_pair` (migration 0006): an archived and an active account of one district and role group that
 * shared a strong identifier when one of them last changed. Written by the roster consumer as records
 * arrive; the list re-checks both accounts, so a stale pair is never shown.
 */
export const DuplicatePairEntity = defineEntity({
  name: 'DuplicatePair',
  tableName: 'duplicate_pair',
  properties: {
    archivedAccountId: p.uuid().primary(),
    activeAccountId: p.uuid().primary(),
    districtId: p.uuid(),
    foundAt: p.datetime().defaultRaw('now()'),
  },
  indexes: [{ name: 'duplicate_pair_district_idx', properties: ['districtId', 'foundAt', 'archivedAccountId', 'activeAccountId'] }],
});
export type DuplicatePairRecord = InferEntity<typeof DuplicatePairEntity>;
