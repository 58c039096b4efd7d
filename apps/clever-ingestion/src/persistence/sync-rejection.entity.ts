import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { SyncRun } from './sync-run.entity';

/** `sync_rejection`: a malformed record of a run — record type, Clever id when there is one, reason code; never names. */
export const SyncRejection = defineEntity({
  name: 'SyncRejection',
  tableName: 'sync_rejection',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    /** The run's id (a foreign key to `sync_run`, mapped to the id: rejections are written set-based, never loaded with their run). */
    runId: p.manyToOne(SyncRun).mapToPk().fieldName('run_id').foreignKeyName('sync_rejection_run_id_fkey'),
    cleverDistrictId: p.text(),
    recordType: p.text(),
    cleverId: p.text().strictNullable(),
    reason: p.text(),
    createdAt: p.datetime().defaultRaw('now()'),
  },
  // Declared structurally, not as raw `expression`s: MikroORM compares an expression index by name only.
  indexes: [
    { name: 'sync_rejection_run', properties: ['runId', 'id'] },
    // A district's rejected records, newest first (migration 0002).
    { name: 'sync_rejection_district', columns: [{ name: 'cleverDistrictId' }, { name: 'id', sort: 'desc' }] },
  ],
});

export type SyncRejection = InferEntity<typeof SyncRejection>;
