import type { EntityManager } from '@roster/persistence';

interface RawExecutor {
  executeQuery(query: { sql: string; parameters: readonly unknown[]; query: unknown; queryId: unknown }): Promise<{ rows: unknown[] }>;
}

/**
 * Runs SQL with server-side bound parameters (`$1`, `$2`, ...) on the entity manager's connection — in its
 * transaction when there is one. MikroORM's `execute` interpolates parameters into the SQL text on the
 * client, which costs several times more for the megabyte-sized JSON parameters of a 10,000-record
 * page (measured: ~800 ms vs ~180 ms for 10,000 rows). Used for the shadow index's bulk statements.
 */
export async function boundQuery<T = Record<string, unknown>>(em: EntityManager, sql: string, params: readonly unknown[]): Promise<T[]> {
  const executor = (em.getTransactionContext() ?? (em.getConnection() as unknown as { getClient(): unknown }).getClient()) as RawExecutor;
  const result = await executor.executeQuery({
    sql,
    parameters: params,
    query: { kind: 'RawNode', sqlFragments: [sql], parameters: [] },
    queryId: { queryId: 'clever-ingestion-bound' },
  });
  return result.rows as T[];
}
