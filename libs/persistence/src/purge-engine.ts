import type { EntityManager } from '@mikro-orm/postgresql';
import type { RawBuilder } from 'kysely';
import { executeStatement, selectRows, sql } from './sql';

/**
 * The district purge's engine (issue 16, docs/privacy.md "District purge"), shared by every service's
 * `commands/purge-district`: each service names its own tables and keys, this runs the deletes.
 */

/** One delete of a purge: `delete from <table> where <where>`. */
export interface PurgeStep {
  table: string;
  where: RawBuilder<unknown>;
}

/** Ids of the purged district, by the column names that hold them in tables the plan does not name. */
export type KeyColumns = Record<string, readonly string[]>;

export interface TableCount {
  table: string;
  rows: number;
}

/**
 * Runs a district purge inside the caller's transaction: first every table the service's plan does not
 * name but that holds one of the district's keys (a column named in `keyColumns`: tables added later by
 * other features are purged too, and counted), then the plan's steps in order (children before parents).
 * A dry run executes the same deletes under a savepoint and rolls them back: the counts are exact and
 * nothing changes.
 */
export async function runPurge(em: EntityManager, steps: readonly PurgeStep[], keyColumns: KeyColumns, dryRun: boolean): Promise<TableCount[]> {
  const counts = new Map<string, number>();
  const add = (table: string, rows: number) => counts.set(table, (counts.get(table) ?? 0) + rows);
  await executeStatement(em, sql`savepoint district_purge`);
  try {
    const named = new Set(steps.map((s) => s.table));
    let others = await otherKeyedTables(em, named, keyColumns);
    // Unnamed tables first (they may reference the plan's tables); one that is still referenced by another
    // (a foreign key) is tried again after the others and after the plan's own deletes.
    others = await deleteOthers(em, others, keyColumns, add);
    for (const step of steps) add(step.table, await executeStatement(em, sql`delete from ${sql.table(step.table)} where ${step.where}`));
    others = await deleteOthers(em, others, keyColumns, add);
    if (others.length > 0) throw new Error(`district purge: rows of ${others.map((t) => t.table).join(', ')} could not be deleted (foreign keys)`);
  } finally {
    await executeStatement(em, dryRun ? sql`rollback to savepoint district_purge` : sql`release savepoint district_purge`);
  }
  return [...counts].map(([table, rows]) => ({ table, rows })).sort((a, b) => a.table.localeCompare(b.table));
}

interface KeyedTable {
  table: string;
  columns: string[];
}

async function otherKeyedTables(em: EntityManager, named: ReadonlySet<string>, keyColumns: KeyColumns): Promise<KeyedTable[]> {
  const rows = await selectRows<{ table_name: string; column_name: string }>(
    em,
    sql`select table_name, column_name from information_schema.columns
        where table_schema = current_schema() and column_name = any(${Object.keys(keyColumns)}::text[])
        order by table_name, column_name`,
  );
  const byTable = new Map<string, string[]>();
  for (const r of rows) if (!named.has(r.table_name)) byTable.set(r.table_name, [...(byTable.get(r.table_name) ?? []), r.column_name]);
  return [...byTable].map(([table, columns]) => ({ table, columns }));
}

/** Deletes the district's rows of unnamed tables, pass after pass while some progress; returns the tables left. */
async function deleteOthers(em: EntityManager, tables: KeyedTable[], keyColumns: KeyColumns, add: (table: string, rows: number) => void): Promise<KeyedTable[]> {
  let left = tables;
  for (let progress = true; progress && left.length > 0; ) {
    progress = false;
    const failed: KeyedTable[] = [];
    for (const t of left) {
      await executeStatement(em, sql`savepoint district_purge_table`);
      try {
        add(t.table, await deleteOtherTable(em, t, keyColumns));
        await executeStatement(em, sql`release savepoint district_purge_table`);
        progress = true;
      } catch (error) {
        await executeStatement(em, sql`rollback to savepoint district_purge_table`);
        // Only "still referenced" is worth another pass; anything else (a timeout, a type error) is a real failure.
        if (!isForeignKeyViolation(error)) throw error;
        failed.push(t);
      }
    }
    left = failed;
  }
  return left;
}

/** SQLSTATE 23503, on the driver's error or one it wraps. */
export function isForeignKeyViolation(error: unknown): boolean {
  let e = error as { code?: unknown; sqlState?: unknown; cause?: unknown; previous?: unknown } | undefined;
  for (let depth = 0; e && typeof e === 'object' && depth < 8; depth++) {
    if (e.code === '23503' || e.sqlState === '23503') return true;
    e = (e.cause ?? e.previous) as typeof e;
  }
  return false;
}

async function deleteOtherTable(em: EntityManager, t: KeyedTable, keyColumns: KeyColumns): Promise<number> {
  const conditions = t.columns.map((c) => sql`${sql.ref(c)}::text = any(${[...keyColumns[c]]}::text[])`);
  return executeStatement(em, sql`delete from ${sql.table(t.table)} where ${sql.join(conditions, sql` or `)}`);
}

/**
 * A processed-message id names the entities it was about (`sync:<run>:<clever id>:…`, `<account id>:v3`): any of
 * the tokens. `= any(array)` is hashed by PostgreSQL (14+), so a district of 100,000 users stays one linear pass
 * over the inbox (an array overlap `&&` would compare every part with every token).
 */
export function messageIdNamesAny(tokens: readonly string[]): RawBuilder<unknown> {
  return sql`exists (select 1 from unnest(regexp_split_to_array(message_id, '[:/]')) as p(part) where p.part = any(${[...tokens]}::text[]))`;
}

/** An inbox attempt's last error may quote an id of the district. */
export function lastErrorNamesAny(tokens: readonly string[]): RawBuilder<unknown> {
  return sql`last_error is not null and exists (select 1 from unnest(${[...tokens]}::text[]) as t(token) where strpos(last_error, t.token) > 0)`;
}
