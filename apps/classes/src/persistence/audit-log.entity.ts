import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { Actor } from '@roster/contracts';
import type { AuditEntryBody } from '@roster/internal-api';

/** `audit_log`: who changed what, when, in which school (ids and codes only, never names). */
export const AuditLogEntity = defineEntity({
  name: 'AuditLog',
  tableName: 'audit_log',
  properties: {
    seq: p.bigint('string').primary().autoincrement().generated('identity'),
    id: p.uuid().defaultRaw('gen_random_uuid()').unique('audit_log_id_key'),
    districtId: p.uuid(),
    schoolId: p.uuid().nullable(),
    at: p.datetime().defaultRaw('now()'),
    actorType: p.text(),
    actorId: p.text(),
    action: p.text(),
    targetType: p.text(),
    targetId: p.text(),
    details: p.json<Record<string, unknown>>().defaultRaw("'{}'::jsonb"),
  },
  indexes: [
    { name: 'audit_log_district_idx', expression: 'create index audit_log_district_idx on audit_log (district_id, seq desc)' },
    { name: 'audit_log_school_idx', expression: 'create index audit_log_school_idx on audit_log (district_id, school_id, seq desc)' },
  ],
});
export type AuditLogRecord = InferEntity<typeof AuditLogEntity>;

/** One audited change: who, what, on which target, in which school (ARCHITECTURE.md §6). */
export interface AuditEntry {
  districtId: string;
  schoolId?: string | null;
  actor: Actor;
  action: string;
  targetType: 'class' | 'enrollment' | 'placement' | 'district' | 'account';
  targetId: string;
  /** Ids and codes only — never names. */
  details?: Record<string, unknown>;
}

/** `AuditEntry` of docs/internal-api.md, the read side (the contract). */
export type AuditView = AuditEntryBody;

export function toAuditView(r: AuditLogRecord): AuditView {
  return {
    id: r.id,
    at: r.at.toISOString(),
    actor: { type: r.actorType, id: r.actorId },
    action: r.action,
    targetType: r.targetType,
    targetId: r.targetId,
    ...(r.schoolId ? { schoolId: r.schoolId } : {}),
    details: r.details,
  };
}
