import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, type RawBuilder } from 'kysely';

/**
 * The one way to run set-based SQL (ADR 0006): Kysely's `sql` tagged template, executed on the entity
 * manager's Kysely instance, so it joins the current transaction when there is one.
 *
 * - Every `${value}` is a server-side bound parameter (`$1`, `$2`, ...): no client-side escaping, whatever
 *   the size of the value.
 * - A JS array is bound as ONE PostgreSQL array: write `= any(${ids}::uuid[])`, never `in (${ids})`.
 * - Rows for a bulk statement travel as one JSON document: `json_to_recordset(${jsonDocument(rows)}::json)`.
 * - Fragments compose: `${sql`and school_id = ${id}`}`, `sql.join(fragments, sql` and `)`, `sql.ref('col')`;
 *   `sql.raw(text)` only for trusted text written in the code (never input).
 *
 * Ordinary reads and writes of one aggregate go through the EntityManager and entities instead.
 */
export { sql };
export type SqlFragment<T = unknown> = RawBuilder<T>;

/** Runs a statement and returns its rows. */
export async function selectRows<T>(em: EntityManager, query: RawBuilder<T> | RawBuilder<unknown>): Promise<T[]> {
  const result = await (query as RawBuilder<T>).execute(em.getKysely());
  return result.rows;
}

/** Runs a statement and returns its first row, if any. */
export async function selectRow<T>(em: EntityManager, query: RawBuilder<T> | RawBuilder<unknown>): Promise<T | undefined> {
  return (await selectRows<T>(em, query))[0];
}

/** Runs an insert, update or delete and returns the number of rows it affected. */
export async function executeStatement(em: EntityManager, query: RawBuilder<unknown>): Promise<number> {
  const result = await query.execute(em.getKysely());
  return Number(result.numAffectedRows ?? 0n);
}

/** A value bound as one JSON text parameter (cast it: `${jsonDocument(rows)}::json`). */
export function jsonDocument(value: unknown): string {
  return JSON.stringify(value);
}

/** A LIKE pattern that matches `text` literally anywhere (wildcards escaped, lower-cased). */
export function likeContains(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The conditions joined with `and` (`true` when there are none). */
export function allOf(conditions: readonly RawBuilder<unknown>[]): RawBuilder<unknown> {
  return conditions.length === 0 ? sql`true` : sql.join(conditions, sql` and `);
}
