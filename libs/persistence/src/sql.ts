import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Raw SQL helpers. MikroORM binds `?` placeholders, so SQL here must not use the jsonb `?` operator
 * (use jsonb_exists instead). An array parameter expands into a list (`?` → `$1,$2,...`), so write
 * `array[?]::text[]` (or `in (?)`) for arrays, never `?::text[]`.
 */

/** Runs raw SQL in the entity manager's current transaction (if any) and returns the rows. */
export async function query<T = Record<string, unknown>>(em: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  return em.execute<T[]>(sql, params as unknown[], 'all');
}

/** Runs a statement and returns the number of affected rows. */
export async function execute(em: EntityManager, sql: string, params: unknown[] = []): Promise<number> {
  const result = await em.execute<{ affectedRows: number }>(sql, params as unknown[], 'run');
  return result.affectedRows ?? 0;
}

/**
 * Builds `(?,?,..),(?,..)` VALUES placeholders (MikroORM binds `?`) for a multi-row insert of `rows` rows of
 * `columns` columns, with optional casts per column. Bulk statements keep a sync to one round trip per batch.
 */
export function valuesPlaceholders(rows: number, columns: number, casts: (string | undefined)[] = []): string {
  const row = `(${Array.from({ length: columns }, (_, c) => (casts[c] ? `?::${casts[c]}` : '?')).join(',')})`;
  return Array.from({ length: rows }, () => row).join(',');
}

/**
 * A PostgreSQL dollar-quoted literal of any text, with a tag that does not occur in it: no escaping pass
 * over multi-megabyte JSON documents (MikroORM would otherwise escape them character by character).
 */
export function dollarQuoted(text: string): string {
  let tag = '$j$';
  for (let i = 0; text.includes(tag); i++) tag = `$j${i.toString(36)}$`;
  return `${tag}${text}${tag}`;
}
