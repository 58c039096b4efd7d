import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { RecordType } from '../domain/normalize';
import type { ShadowEntry } from '../domain/shadow';

/**
 * `shadow_record`: what Clever shares, per record (migration 0001) — content hash of the normalized
 * payload, our monotonic version, active/removed, the run that last saw it and the newest Clever event
 * applied. One row per (type, Clever id) across all districts: `clever_district_id` is the record's
 * OWNER, the first district that shared the id (ARCHITECTURE.md §6 "Tenancy of Clever ids"); a write
 * never changes it. Read and written set-based, one statement per page (shadow.repository.ts, through the SQL
 * helper); the entity is its row type and mapping.
 */
export const ShadowRecord = defineEntity({
  name: 'ShadowRecord',
  tableName: 'shadow_record',
  properties: {
    recordType: p.enum(['district', 'school', 'user', 'section'] as const).primary(),
    cleverId: p.text().primary(),
    cleverDistrictId: p.text().comment('Owner of the Clever id: the first district that shared it; never changed by a sync'),
    contentHash: p.text().strictNullable(),
    version: p.bigint('number'),
    status: p.enum(['active', 'removed'] as const),
    lastSeenRun: p.uuid().strictNullable(),
    lastSeenAt: p.datetime().defaultRaw('now()'),
    sourceEventId: p.text().strictNullable(),
    forceRepublish: p.boolean().default(false),
    republishCount: p.integer().default(0),
    updatedAt: p.datetime().defaultRaw('now()'),
    /** A user's highest account role (migration 0006): what the safeguard counts by. */
    accountRole: p.text().strictNullable(),
    /** A user's (first) school, a section's school, a school itself: what a change list shows. */
    schoolCleverId: p.text().strictNullable(),
    /** The display name a change list shows; cleared when the record is removed. */
    label: p.text().strictNullable(),
  },
  // Declared structurally (columns, `where`), not as raw `expression`s: MikroORM compares an expression index by name only.
  indexes: [
    // Removal candidates (keyset by clever id within a district and type) and active-user counts.
    { name: 'shadow_record_district', properties: ['cleverDistrictId', 'recordType', 'cleverId'] },
    { name: 'shadow_record_republish', properties: ['cleverDistrictId'], where: 'force_republish' },
  ],
});

export type ShadowRecord = InferEntity<typeof ShadowRecord>;

/** The row's columns as the set-based statements select them (snake_case, as PostgreSQL returns them). */
export interface ShadowRow {
  record_type: RecordType;
  clever_id: string;
  clever_district_id: string;
  content_hash: string | null;
  version: string | number;
  status: 'active' | 'removed';
  last_seen_run: string | null;
  source_event_id: string | null;
  force_republish: boolean;
  republish_count: number;
  account_role: string | null;
  school_clever_id: string | null;
  label: string | null;
}

/** Row → domain type. */
export function shadowEntryOf(r: ShadowRow): ShadowEntry {
  return {
    hash: r.content_hash,
    version: Number(r.version),
    status: r.status,
    lastSeenRun: r.last_seen_run,
    sourceEventId: r.source_event_id,
    forceRepublish: r.force_republish,
    republishCount: r.republish_count,
    owner: r.clever_district_id,
    describe: { accountRole: r.account_role, schoolCleverId: r.school_clever_id, label: r.label },
  };
}

