/*
 * Version guards (ARCHITECTURE.md §3): an older event never overwrites newer state. Services write their
 * guarded upserts with the SQL helper (`... on conflict (id) do update set ... where t.version < excluded.version`,
 * rows as one `json_to_recordset(${jsonDocument(rows)}::json)` document); a batch first keeps the newest
 * event per key.
 */

/** Keeps the newest event per key (by version, then by position) — batches often hold several per entity. */
export function latestPerKey<T>(items: T[], key: (item: T) => string, version: (item: T) => number): T[] {
  const latest = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    const current = latest.get(k);
    if (!current || version(item) >= version(current)) latest.set(k, item);
  }
  return [...latest.values()];
}
