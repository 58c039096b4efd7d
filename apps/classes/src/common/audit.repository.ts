import type { Actor } from '@roster/contracts';
import { execute, valuesPlaceholders, type EntityManager } from '@roster/persistence';

/** One audited change: who, what, on which target, in which school (ARCHITECTURE.md §6). */
export interface AuditEntry {
  districtId: string;
  schoolId?: string | null;
  actor: Actor;
  action: string;
  targetType: 'class' | 'enrollment' | 'placement' | 'district';
  targetId: string;
  /** Ids and codes only — never names. */
  details?: Record<string, unknown>;
}

const CHUNK = 2000;

/** Writes audit rows in the caller's transaction: the entry exists exactly when the change does. */
export async function writeAudit(em: EntityManager, entries: readonly AuditEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += CHUNK) {
    const chunk = entries.slice(i, i + CHUNK);
    const params: unknown[] = [];
    for (const e of chunk) {
      params.push(e.districtId, e.schoolId ?? null, e.actor.type, e.actor.id, e.action, e.targetType, e.targetId, JSON.stringify(e.details ?? {}));
    }
    await execute(
      em,
      `insert into audit_log (district_id, school_id, actor_type, actor_id, action, target_type, target_id, details)
       values ${valuesPlaceholders(chunk.length, 8, ['uuid', 'uuid', undefined, undefined, undefined, undefined, undefined, 'jsonb'])}`,
      params,
    );
  }
}
