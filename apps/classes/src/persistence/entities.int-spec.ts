import { migrateDatabase, openDatabase, selectRows, sql, type MikroORM } from '@roster/persistence';
import { createTestDatabase, dropTestDatabase } from '@roster/testing';
import { migrations } from '../migrations';
import { entities } from './entities';

/**
 * The entities are the one description of classes's tables that the code reads and maps: they must
 * say exactly what the migrations create (columns, types, nullability, defaults, keys, indexes), so a
 * schema diff of the entities against the migrated database is empty.
 */
describe('classes entities', () => {
  let url: string;
  let orm: MikroORM;

  beforeAll(async () => {
    url = await createTestDatabase('classes_entities');
    orm = await openDatabase({ url, entities, migrations });
    await migrateDatabase(orm);
  });

  afterAll(async () => {
    await orm?.close(true);
    if (url) await dropTestDatabase(url);
  });

  it('match the tables the migrations create', async () => {
    const trigram = (await selectRows<{ n: number }>(orm.em.fork(), sql`select count(*)::int as n from pg_extension where extname = 'pg_trgm'`))[0].n > 0;
    const diff = (await orm.schema.getUpdateSchemaSQL({ wrap: false, safe: true }))
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      // Without pg_trgm the migration skips the trigram index (search still works, unindexed).
      .filter((line) => trigram || !line.includes('account_search_trgm_idx'));
    expect(diff).toEqual([]);
  });
});
