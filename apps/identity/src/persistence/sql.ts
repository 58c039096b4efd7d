/**
 * Helpers for identity's raw SQL. MikroORM inlines `?` parameters itself and renders a JS array as a
 * comma-separated list (not an array), so lists travel as one text parameter: a PostgreSQL array literal
 * (`?::text[]`) or a JSON document (`jsonb_to_recordset(?::jsonb)`, one statement per batch whatever its size).
 */

/** A PostgreSQL array literal of texts, e.g. `{"a","b \"c\""}`, for `?::text[]` / `?::uuid[]`. */
export function pgArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

/** Rows as one JSON parameter for `jsonb_to_recordset(?::jsonb) as r(...)`. */
export function jsonRows(rows: readonly object[]): string {
  return JSON.stringify(rows);
}

/** A timestamp from a raw query (a string or a Date) as ISO 8601, or null. */
export function isoTime(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return new Date(value as string | Date).toISOString();
}

/** `undefined` → `null`, for nullable columns. */
export function orNull<T>(value: T | undefined | null): T | null {
  return value ?? null;
}

/** Escapes `%`, `_` and `\` for a LIKE pattern. */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
