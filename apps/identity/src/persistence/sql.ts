import { raw, type RawQueryFragment } from '@mikro-orm/core';
import { dollarQuoted } from '@roster/persistence';

/**
 * Helpers for identity's raw SQL. MikroORM inlines `?` parameters itself and renders a JS array as a
 * comma-separated list (not an array), so lists travel as one text parameter: a PostgreSQL array literal
 * (`?::text[]`) or a JSON document (`json_to_recordset(?::json)`, see jsonRows).
 */

/** A PostgreSQL array literal of texts, e.g. `{"a","b \"c\""}`, for `?::text[]` / `?::uuid[]`. */
export function pgArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

/**
 * Rows as one JSON parameter for `json_to_recordset(?::json) as r(...)`: a batch is one statement
 * whatever its size. The text goes in a dollar-quoted literal (nothing to escape or rewrite) handed over
 * as a raw fragment, because MikroORM's own escaping walks large values character by character (it was a
 * third of the consumer's statement time on 1,000-row batches).
 */
export function jsonRows(rows: readonly object[]): RawQueryFragment {
  return raw(dollarQuoted(JSON.stringify(rows)));
}


/** A PostgreSQL string literal that is safe whatever `standard_conforming_strings` says (E'' form). */
export function sqlLiteral(text: string): string {
  return `E'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
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
