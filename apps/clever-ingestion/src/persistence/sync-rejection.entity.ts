import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** `sync_rejection`: a malformed record of a run — record type, Clever id when there is one, reason code; never names. */
export const SyncRejection = defineEntity({
  name: 'SyncRejection',
  tableName: 'sync_rejection',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    runId: p.uuid(),
    cleverDistrictId: p.string(),
    recordType: p.string(),
    cleverId: p.string().strictNullable(),
    reason: p.string(),
    createdAt: p.datetime().defaultRaw('now()'),
  },
});

export type SyncRejection = InferEntity<typeof SyncRejection>;
