import { Injectable } from '@nestjs/common';
import { executeStatement, jsonDocument, sql, type EntityManager } from '@roster/persistence';
import { AuditLogEntity, type AuditEntry, type AuditLogRecord } from './audit-log.entity';

export interface AuditFilter {
  districtId: string;
  /** Only entries of these schools ('all': the whole district). */
  schoolIds: 'all' | string[];
  /** Entries older than this sequence number (keyset cursor). */
  beforeSeq?: string;
  limit: number;
}

/** Writes and reads the audit log (table `audit_log`). */
@Injectable()
export class AuditRepository {
  /** Writes audit rows in the caller's transaction (one statement for any number): the entry exists exactly when the change does. */
  async write(em: EntityManager, entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const rows = entries.map((e) => ({
      district_id: e.districtId,
      school_id: e.schoolId ?? null,
      actor_type: e.actor.type,
      actor_id: e.actor.id,
      action: e.action,
      target_type: e.targetType,
      target_id: e.targetId,
      details: e.details ?? {},
    }));
    await executeStatement(
      em,
      sql`insert into audit_log (district_id, school_id, actor_type, actor_id, action, target_type, target_id, details)
          select r.district_id, r.school_id, r.actor_type, r.actor_id, r.action, r.target_type, r.target_id, r.details
          from json_to_recordset(${jsonDocument(rows)}::json)
            as r(district_id uuid, school_id uuid, actor_type text, actor_id text, action text, target_type text, target_id text, details jsonb)`,
    );
  }

  /** Newest first, keyset-paged by sequence; `limit + 1` rows are read to know whether more exist. */
  async list(em: EntityManager, f: AuditFilter): Promise<AuditLogRecord[]> {
    return em.find(
      AuditLogEntity,
      {
        districtId: f.districtId,
        ...(f.schoolIds === 'all' ? {} : { schoolId: { $in: f.schoolIds } }),
        ...(f.beforeSeq ? { seq: { $lt: f.beforeSeq } } : {}),
      },
      { orderBy: { seq: 'desc' }, limit: f.limit + 1 },
    );
  }
}
