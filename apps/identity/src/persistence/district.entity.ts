import { isoTime } from '@roster/contracts';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { ConnectionStatus, District } from '../domain/district';

/**
 * `district`: one row per Clever district (our own uuid id). A district referenced by a school or user
 * before its own event is a placeholder (`name` null). `source_version` is the envelope version of the
 * last roster event applied (-1 for a placeholder).
 */
export const DistrictEntity = defineEntity({
  name: 'District',
  tableName: 'district',
  properties: {
    id: p.uuid().primary(),
    cleverId: p.text().unique('district_clever_id_key'),
    name: p.text().nullable(),
    cleverState: p.text().nullable(),
    connectionStatus: p.enum(['connected', 'disconnected'] as const).columnType('text').default('connected'),
    disconnectedReason: p.text().nullable(),
    connectionChangedAt: p.datetime().nullable(),
    sourceVersion: p.bigint('number').defaultRaw('-1'),
    /** Retention of archived accounts in days (migration 0007); null keeps them. */
    archivedRetentionDays: p.integer().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
  checks: [{ name: 'district_archived_retention_days_check', expression: 'archived_retention_days >= 30' }],
});
export type DistrictRecord = InferEntity<typeof DistrictEntity>;

/** The row as the domain's district. */
export function districtFromRecord(r: DistrictRecord): District {
  return {
    districtId: r.id,
    cleverDistrictId: r.cleverId,
    name: r.name ?? null,
    cleverState: r.cleverState ?? null,
    connection: r.connectionStatus as ConnectionStatus,
    disconnectedReason: r.disconnectedReason ?? null,
    connectionChangedAt: isoTime(r.connectionChangedAt),
    sourceVersion: Number(r.sourceVersion),
  };
}

/** The domain's district as the columns the roster consumer writes (bulk JSON rows, see roster.repository.ts). */
export function districtColumns(d: District) {
  return {
    id: d.districtId,
    clever_id: d.cleverDistrictId,
    name: d.name,
    clever_state: d.cleverState,
    connection_status: d.connection,
    disconnected_reason: d.disconnectedReason,
    connection_changed_at: d.connectionChangedAt,
    source_version: d.sourceVersion,
  };
}
