import type { Plan } from './plan';
import type { RecordType } from './normalize';
import type { ShadowEntry } from './shadow';

export type ChangeKind = 'created' | 'updated' | 'archived' | 'restored' | 'rejected';

/** One record a preview would change, as a change list shows it (rejected records: id and reason only). */
export interface RunChange {
  kind: ChangeKind;
  recordType: RecordType;
  cleverId?: string;
  accountRole?: string | null;
  schoolCleverId?: string | null;
  displayName?: string | null;
  reason?: string;
}

/**
 * The changes of one planned full-sync page (planned against the shadow index, never applied): each record
 * the plan would publish is created (unknown to the index), restored (removed before) or updated; each
 * rejected record is listed by id and reason. `known` is the page's shadow lookup (by Clever id).
 */
export function pageChanges(plan: Plan, known: ReadonlyMap<string, ShadowEntry>): RunChange[] {
  const written = new Map(plan.writes.map((w) => [w.cleverId, w.entry]));
  const out: RunChange[] = [];
  for (const e of plan.events) {
    if (e.kind !== 'upserted') continue;
    const before = known.get(e.cleverId);
    const kind: ChangeKind = !before ? 'created' : before.status === 'removed' ? 'restored' : 'updated';
    const d = written.get(e.cleverId)?.describe;
    out.push({ kind, recordType: e.recordType, cleverId: e.cleverId, accountRole: d?.accountRole, schoolCleverId: d?.schoolCleverId, displayName: d?.label });
  }
  for (const r of plan.rejections) out.push({ kind: 'rejected', recordType: r.recordType, cleverId: r.cleverId, reason: r.reason });
  return out;
}

/** The ids a page counts as read (what a real run would mark as seen: its removals are the others). */
export function seenIds(plan: Plan): string[] {
  return plan.writes.map((w) => w.cleverId);
}
