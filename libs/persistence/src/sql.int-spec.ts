import { createTestDatabase, dropTestDatabase } from '@roster/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import { openDatabase } from './orm';
import { allOf, executeStatement, jsonDocument, likeContains, selectRow, selectRows, sql } from './sql';

describe('sql (the one set-based SQL helper)', () => {
  let url: string;
  let orm: MikroORM;

  beforeAll(async () => {
    url = await createTestDatabase('persistence_sql');
    orm = await openDatabase({ url, migrations: [] });
    await executeStatement(orm.em.fork(), sql`create table item (id uuid primary key, name text not null, tags text[] not null default '{}')`);
  });

  afterAll(async () => {
    await orm?.close(true);
    if (url) await dropTestDatabase(url);
  });

  const a = '00000000-0000-4000-8000-00000000000a';
  const b = '00000000-0000-4000-8000-00000000000b';

  it('binds values server-side, arrays as one array and rows as one JSON document', async () => {
    const em = orm.em.fork();
    const awkward = `it's "quoted" \\ $j$ and ? and $1`;
    const inserted = await executeStatement(
      em,
      sql`insert into item (id, name, tags)
          select r.id, r.name, r.tags from json_to_recordset(${jsonDocument([
            { id: a, name: awkward, tags: ['x', 'y,z'] },
            { id: b, name: 'plain', tags: [] },
          ])}::json) as r(id uuid, name text, tags text[])`,
    );
    expect(inserted).toBe(2);
    const found = await selectRows<{ id: string; name: string; tags: string[] }>(em, sql`select id, name, tags from item where id = any(${[a, b]}::uuid[]) order by id`);
    expect(found).toEqual([
      { id: a, name: awkward, tags: ['x', 'y,z'] },
      { id: b, name: 'plain', tags: [] },
    ]);
  });

  it('composes fragments and escapes LIKE patterns', async () => {
    const em = orm.em.fork();
    const conditions = [sql`name like ${likeContains('QUOTED')} escape '\\'`, sql`id = ${a}`];
    expect(await selectRow<{ id: string }>(em, sql`select id from item where ${allOf(conditions)}`)).toEqual({ id: a });
    expect(await selectRows(em, sql`select id from item where ${allOf([sql`name like ${likeContains('%')} escape '\\'`])}`)).toEqual([]);
    expect((await selectRows(em, sql`select id from item where ${allOf([])}`)).length).toBe(2);
  });

  it('joins the entity manager transaction and rolls back with it', async () => {
    const em = orm.em.fork();
    await expect(
      em.transactional(async (tem: typeof em) => {
        await executeStatement(tem, sql`update item set name = 'changed' where id = ${b}`);
        expect(await selectRow<{ name: string }>(tem, sql`select name from item where id = ${b}`)).toEqual({ name: 'changed' });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await selectRow<{ name: string }>(orm.em.fork(), sql`select name from item where id = ${b}`)).toEqual({ name: 'plain' });
  });
});
