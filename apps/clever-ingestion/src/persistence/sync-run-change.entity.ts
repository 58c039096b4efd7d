import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { SyncRun } from './sync-run.entity';

/**
 * `sync_run_change` (migration 0006): a record a preview run would change — kind, record type, Clever id,
 * and what a change list shows (role, school, display name); a rejected record by id and reason only.
 * Written set-based per page; a district keeps the rows of its latest preview only.
 */
export const SyncRunChange = defineEntity({
  name: 'SyncRunChange',
  tableName: 'sync_run_change',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    runId: p.manyToOne(SyncRun).mapToPk().fieldName('run_id').foreignKeyName('sync_run_change_run_id_fkey').deleteRule('cascade'),
    cleverDistrictId: p.text(),
    kind: p.enum(['created', 'updated', 'archived', 'restored', 'rejected'] as const),
    recordType: p.text(),
    cleverId: p.text().strictNullable(),
    accountRole: p.text().strictNullable(),
    schoolCleverId: p.text().strictNullable(),
    displayName: p.text().strictNullable(),
    reason: p.text().strictNullable(),
  },
  indexes: [
    { name: 'sync_run_change_run', properties: ['runId', 'kind', 'id'] },
    // Migration 0007: a removal forgets the user's name in these lists (shadow.repository.ts `write`).
    { name: 'sync_run_change_named_user', properties: ['cleverDistrictId', 'cleverId'], where: "record_type = 'user' and display_name is not null" },
  ],
});

export type SyncRunChange = InferEntity<typeof SyncRunChange>;

/** `sync_preview_seen` (migration 0006): the ids a running preview has read; emptied when it ends. */
export const SyncPreviewSeen = defineEntity({
  name: 'SyncPreviewSeen',
  tableName: 'sync_preview_seen',
  properties: {
    runId: p.manyToOne(SyncRun).mapToPk().fieldName('run_id').foreignKeyName('sync_preview_seen_run_id_fkey').deleteRule('cascade').primary(),
    recordType: p.text().primary(),
    cleverId: p.text().primary(),
  },
});

export type SyncPreviewSeen = InferEntity<typeof SyncPreviewSeen>;
