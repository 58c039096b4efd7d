import { createTestDatabase, dropTestDatabase } from '@roster/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import { openDatabase } from './orm';
import { executeStatement, selectRow, sql } from './sql';

/**
 * A transaction whose connection dies (PostgreSQL restarted, the backend terminated) gives its pooled connection
 * back. Without the safe rollback, kysely's ROLLBACK on the dead connection throws before the release, and after
 * `poolSize` such transactions the service waits for a connection forever (found by the issue 14 fault work).
 */
describe('a transaction on a connection that died (real PostgreSQL)', () => {
  let url: string;
  let orm: MikroORM;

  beforeAll(async () => {
    url = await createTestDatabase('safe_rollback');
    orm = await openDatabase({ url, migrations: [], poolSize: 2, connectTimeoutMs: 3_000 });
  });

  afterAll(async () => {
    await orm?.close(true);
    if (url) await dropTestDatabase(url);
  });

  it('returns its pool slot: more dead transactions than the pool holds, then the database answers', async () => {
    for (let i = 0; i < 5; i++) {
      await expect(
        orm.em.fork().transactional(async (em) => {
          await executeStatement(em, sql`select pg_terminate_backend(pg_backend_pid())`);
        }),
      ).rejects.toThrow();
    }
    const row = await orm.em.fork().transactional((em) => selectRow<{ ok: number }>(em, sql`select 1 as ok`));
    expect(row).toEqual({ ok: 1 });
  });

  it('still throws a rollback failure that is not a dead connection (and a failed statement still rolls back)', async () => {
    await expect(
      orm.em.fork().transactional(async (em) => {
        await executeStatement(em, sql`create temporary table t (x int)`);
        await executeStatement(em, sql`select 1/0`);
      }),
    ).rejects.toThrow(/division by zero/);
    expect(await selectRow<{ n: number }>(orm.em.fork(), sql`select count(*)::int as n from pg_tables where tablename = 't'`)).toEqual({ n: 0 });
  });
});
