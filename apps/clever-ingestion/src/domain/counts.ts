import type { SyncRunCounts } from '@roster/contracts';

export type Counts = SyncRunCounts;
export type CountKey = keyof Counts;

export const COUNT_KEYS: readonly CountKey[] = ['created', 'updated', 'unchanged', 'archived', 'restored', 'ignored', 'rejected'];

export function zeroCounts(): Counts {
  return { created: 0, updated: 0, unchanged: 0, archived: 0, restored: 0, ignored: 0, rejected: 0 };
}

export function addCounts(into: Counts, more: Partial<Counts>): Counts {
  for (const k of COUNT_KEYS) into[k] += more[k] ?? 0;
  return into;
}
