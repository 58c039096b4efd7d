/**
 * SQL for a version-guarded bulk upsert: a row is inserted, or updated only when the incoming version is
 * newer than the stored one, so an older event never overwrites newer state (ARCHITECTURE.md §3).
 * Placeholders are `?` (MikroORM); pass the parameters row by row in `columns` order.
 */
export function versionGuardedUpsertSql(options: {
  table: string;
  columns: string[];
  conflict: string[];
  rows: number;
  versionColumn?: string;
  casts?: Record<string, string>;
  /** Columns that are set on insert only (e.g. ids minted by this service, created_at). */
  insertOnly?: string[];
  returning?: string;
}): string {
  const version = options.versionColumn ?? 'version';
  const insertOnly = new Set([...(options.insertOnly ?? []), ...options.conflict]);
  const casts = options.casts ?? {};
  const row = `(${options.columns.map((c) => (casts[c] ? `?::${casts[c]}` : '?')).join(',')})`;
  const updates = options.columns.filter((c) => !insertOnly.has(c)).map((c) => `"${c}" = excluded."${c}"`);
  return (
    `insert into ${options.table} (${options.columns.map((c) => `"${c}"`).join(',')}) values ` +
    Array.from({ length: options.rows }, () => row).join(',') +
    ` on conflict (${options.conflict.map((c) => `"${c}"`).join(',')}) do update set ${updates.join(', ')}` +
    ` where ${options.table}."${version}" < excluded."${version}"` +
    (options.returning ? ` returning ${options.returning}` : '')
  );
}

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
