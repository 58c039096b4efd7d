import { createTestDatabase, dropTestDatabase } from '@roster/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import { openDatabase } from './orm';
import { isForeignKeyViolation, runPurge } from './purge-engine';
import { executeStatement, selectRow, sql } from './sql';

describe('runPurge (the district purge engine)', () => {
  let url: string;
  let orm: MikroORM;
  const d1 = '00000000-0000-4000-8000-0000000000d1';
  const d2 = '00000000-0000-4000-8000-0000000000d2';

  beforeAll(async () => {
    url = await createTestDatabase('persistence_purge_engine');
    orm = await openDatabase({ url, migrations: [] });
    const em = orm.em.fork();
    // `term` is named by the plan; `grade_band` and `band_note` are "later" tables found by their
    // district_id column, and `band_note` references `grade_band`, which sorts first: the engine's first
    // delete of grade_band hits the foreign key and must be tried again after band_note.
    await executeStatement(em, sql`create table term (id uuid primary key, district_id uuid not null)`);
    await executeStatement(em, sql`create table grade_band (id uuid primary key, district_id uuid not null)`);
    await executeStatement(em, sql`create table band_note (id uuid primary key, band_id uuid not null references grade_band (id), district_id uuid not null)`);
    await executeStatement(em, sql`create table guarded (id uuid primary key, district_id uuid not null)`);
  });

  afterAll(async () => {
    await orm?.close(true);
    if (url) await dropTestDatabase(url);
  });

  const seed = async () => {
    const em = orm.em.fork();
    for (const t of ['band_note', 'grade_band', 'term', 'guarded']) await executeStatement(em, sql`delete from ${sql.table(t)}`);
    await executeStatement(em, sql`insert into term select gen_random_uuid(), d from unnest(${[d1, d1, d2]}::uuid[]) as d`);
    await executeStatement(em, sql`insert into grade_band values ('00000000-0000-4000-8000-0000000000b1', ${d1}), ('00000000-0000-4000-8000-0000000000b2', ${d2})`);
    await executeStatement(em, sql`insert into band_note values (gen_random_uuid(), '00000000-0000-4000-8000-0000000000b1', ${d1}), (gen_random_uuid(), '00000000-0000-4000-8000-0000000000b1', ${d1}), (gen_random_uuid(), '00000000-0000-4000-8000-0000000000b2', ${d2})`);
  };
  const count = async (table: string, d: string) => Number((await selectRow<{ n: string }>(orm.em.fork(), sql`select count(*) as n from ${sql.table(table)} where district_id = ${d}::uuid`))!.n);
  const purge = (dryRun: boolean) =>
    orm.em.fork().transactional((em) => runPurge(em, [{ table: 'term', where: sql`district_id = ${d1}::uuid` }], { district_id: [d1] }, dryRun));

  it('deletes the plan\'s and the later tables\' rows, retrying a table still referenced (foreign key), and counts them', async () => {
    await seed();
    expect(await purge(false)).toEqual([
      { table: 'band_note', rows: 2 },
      { table: 'grade_band', rows: 1 },
      { table: 'guarded', rows: 0 },
      { table: 'term', rows: 2 },
    ]);
    for (const t of ['term', 'grade_band', 'band_note']) expect({ t, d1: await count(t, d1), d2: await count(t, d2) }).toEqual({ t, d1: 0, d2: 1 });
  });

  it('a dry run gives the same counts and changes nothing', async () => {
    await seed();
    expect(await purge(true)).toEqual([
      { table: 'band_note', rows: 2 },
      { table: 'grade_band', rows: 1 },
      { table: 'guarded', rows: 0 },
      { table: 'term', rows: 2 },
    ]);
    for (const t of ['term', 'grade_band', 'band_note']) expect(await count(t, d1)).toBeGreaterThan(0);
  });

  it('an error other than a foreign key violation is not retried: it fails the purge with its own cause, nothing deleted', async () => {
    await seed();
    const em = orm.em.fork();
    await executeStatement(em, sql`insert into guarded values (gen_random_uuid(), ${d1})`);
    await executeStatement(em, sql`create function refuse_delete() returns trigger language plpgsql as $$ begin raise exception 'guarded rows stay' using errcode = '55006'; end $$`);
    await executeStatement(em, sql`create trigger guarded_refuse before delete on guarded for each row execute function refuse_delete()`);
    try {
      const failure = await purge(false).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(String((failure as Error)?.message)).toContain('guarded rows stay');
      expect(isForeignKeyViolation(failure)).toBe(false);
      expect(await count('term', d1)).toBe(2);
      expect(await count('band_note', d1)).toBe(2);
    } finally {
      await executeStatement(em, sql`drop trigger guarded_refuse on guarded`);
      await executeStatement(em, sql`delete from guarded`);
    }
  });
});
