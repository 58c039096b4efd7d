import type { Envelope } from '@roster/contracts';
import { serviceOutbox } from '@roster/messaging';
import { createLogger } from '@roster/observability';
import { migrateDatabase, openDatabase, selectRows, sql, type MikroORM } from '@roster/persistence';
import { createTestDatabase, dropTestDatabase, eventually } from '@roster/testing';
import { migrations } from '../../migrations';
import { entities } from '../../persistence/entities';
import { DuplicatesRepository } from '../../persistence/duplicates.repository';
import { cleverId, districtUpserted, schoolUpserted, userRemoved, userUpserted } from '../../testing/roster-events';
import { RosterHandler } from './roster.handler';

/**
 * Possible duplicates as records arrive (issue 16), on PostgreSQL: pairs are found within one district and
 * role group only, on strong identifiers only, including when the old id's archive and the new id's creation
 * are applied by two batches committing at the same time (partitions are consumed concurrently).
 */
describe('identity roster consumer: possible duplicates', () => {
  const [D1, D2] = [cleverId('d', 21), cleverId('d', 22)];
  const [S1, S2] = [cleverId('s', 21), cleverId('s', 22)];
  let url: string;
  let orm: MikroORM;
  let n = 100;
  const handler = new RosterHandler({ outbox: serviceOutbox('identity'), logger: createLogger('identity', { level: 'silent' }) });
  const apply = (events: Envelope[]) => orm.em.fork().transactional((em) => handler.execute(em, events));
  const student = (id: string, district: string, school: string, ids: { sisId?: string; studentNumber?: string; stateId?: string }, first = 'Ana') =>
    userUpserted({ cleverUserId: id, cleverDistrictId: district, name: { first, last: 'Lee' }, roles: { student: { school, schools: [school], ...ids } } }, 1);
  const teacher = (id: string, email: string) =>
    userUpserted({ cleverUserId: id, cleverDistrictId: D1, name: { first: 'Tia', last: 'Lee' }, email, roles: { teacher: { school: S1, schools: [S1] } } }, 1);
  const pairs = async () =>
    (await new DuplicatesRepository().page(orm.em.fork(), await districtId(D1), undefined, 100)).map((p) => ({ archived: p.archivedAccountId, active: p.activeAccountId, keys: p.sharedKeys.map((k) => k.split('/').slice(1).join('/')) }));
  const idOf = async (clever: string) => (await selectRows<{ id: string }>(orm.em.fork(), sql`select id from account where clever_id = ${clever}`))[0].id;
  const waitingForAdvisoryLock = async () =>
    (await selectRows<{ n: number }>(orm.em.fork(), sql`select count(*)::int as n from pg_locks l join pg_database db on db.oid = l.database
                                                          where db.datname = current_database() and l.locktype = 'advisory' and not l.granted`))[0].n > 0;
  const districtId = async (clever: string) => (await selectRows<{ id: string }>(orm.em.fork(), sql`select id from district where clever_id = ${clever}`))[0].id;

  beforeAll(async () => {
    url = await createTestDatabase('identity_duplicates');
    orm = await openDatabase({ url, entities, migrations });
    await migrateDatabase(orm);
    await apply([
      districtUpserted({ cleverDistrictId: D1, name: 'One' }, 1),
      districtUpserted({ cleverDistrictId: D2, name: 'Two' }, 1),
      schoolUpserted({ cleverSchoolId: S1, cleverDistrictId: D1, name: 'Lincoln' }, 1),
      schoolUpserted({ cleverSchoolId: S2, cleverDistrictId: D2, name: 'Roosevelt' }, 1),
    ]);
  });

  afterAll(async () => {
    await orm?.close(true);
    if (url) await dropTestDatabase(url);
  });

  it('finds an archived and an active student sharing a strong identifier, with the evidence; nothing else', async () => {
    const [oldId, newId, other, foreign, nameTwin] = [cleverId('u', n++), cleverId('u', n++), cleverId('u', n++), cleverId('u', n++), cleverId('u', n++)];
    await apply([
      student(oldId, D1, S1, { sisId: 'S-1', studentNumber: '1001' }),
      student(other, D1, S1, { sisId: 'S-2' }),
      // another district, same sis_id: never a pair across districts
      student(foreign, D2, S2, { sisId: 'S-1' }),
    ]);
    await apply([userRemoved({ cleverUserId: oldId, cleverDistrictId: D1, reason: 'unshared' }, 2)]);
    // the same name is not an identifier; a new id with the old sis_id and student number is
    await apply([student(nameTwin, D1, S1, {}), student(newId, D1, S1, { sisId: 'S-1', studentNumber: '1001', stateId: 'X' })]);
    expect(await pairs()).toEqual([{ archived: await idOf(oldId), active: await idOf(newId), keys: ['student/sis_id/S-1', 'student/student_number/1001'] }]);
  });

  it('matches staff on email case-insensitively, never a student with a teacher', async () => {
    const [oldT, newT, studentWithMail] = [cleverId('u', n++), cleverId('u', n++), cleverId('u', n++)];
    await apply([teacher(oldT, 'Tia.Lee@school.org')]);
    await apply([userRemoved({ cleverUserId: oldT, cleverDistrictId: D1, reason: 'unshared' }, 2)]);
    await apply([
      teacher(newT, 'tia.lee@SCHOOL.org'),
      userUpserted({ cleverUserId: studentWithMail, cleverDistrictId: D1, name: { first: 'Tia', last: 'Lee' }, email: 'tia.lee@school.org', roles: { student: { school: S1, schools: [S1] } } }, 1),
    ]);
    expect((await pairs()).filter((p) => p.archived === undefined || p.keys.some((k) => k.startsWith('staff/')))).toEqual([
      { archived: await idOf(oldT), active: await idOf(newT), keys: ['staff/email/tia.lee@school.org'] },
    ]);
  });

  it('pages the pairs oldest first by keyset, and stops listing a pair that no longer holds', async () => {
    const repository = new DuplicatesRepository();
    const district = await districtId(D1);
    const all = await repository.page(orm.em.fork(), district, undefined, 100);
    expect(all.length).toBeGreaterThanOrEqual(2);
    const seen: string[] = [];
    let after: [string, string, string] | undefined;
    // bounded: a cursor that does not move on would repeat a page forever
    for (let pages = 0; pages <= all.length; pages++) {
      const rows = await repository.page(orm.em.fork(), district, after, 1);
      seen.push(...rows.slice(0, 1).map((r) => r.archivedAccountId + r.activeAccountId));
      if (rows.length <= 1) break;
      const last = rows[0];
      after = [new Date(last.foundAt).toISOString(), last.archivedAccountId, last.activeAccountId];
    }
    expect(seen).toEqual(all.map((r) => r.archivedAccountId + r.activeAccountId));
    // The active account of the first pair is archived too: both archived, the pair is no longer listed.
    const [first] = all;
    const clever = (await selectRows<{ clever_id: string }>(orm.em.fork(), sql`select clever_id from account where id = ${first.activeAccountId}`))[0].clever_id;
    await apply([userRemoved({ cleverUserId: clever, cleverDistrictId: D1, reason: 'unshared' }, 9)]);
    expect((await repository.page(orm.em.fork(), district, undefined, 100)).map((r) => r.archivedAccountId)).not.toContain(first.archivedAccountId);
  });

  it('finds the pair when the old id\'s archive and the new id\'s creation commit concurrently', async () => {
    const [oldId, newId] = [cleverId('u', n++), cleverId('u', n++)];
    await apply([student(oldId, D1, S1, { stateId: 'RACE-1' })]);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let archived!: () => void;
    const archiveApplied = new Promise<void>((r) => (archived = r));
    // Batch 1 archives the old id and stays open; batch 2 creates the new id meanwhile.
    const first = orm.em.fork().transactional(async (em) => {
      await handler.execute(em, [userRemoved({ cleverUserId: oldId, cleverDistrictId: D1, reason: 'unshared' }, 2)]);
      archived();
      await gate;
    });
    await archiveApplied;
    let secondCommitted = false;
    const second = apply([student(newId, D1, S1, { stateId: 'RACE-1' })]).then(() => void (secondCommitted = true));
    // Batch 1 commits only once batch 2 is waiting for the district's detection lock (or, were there no such
    // lock, has committed without seeing the archive): observed in the database, not guessed with a sleep.
    await eventually(async () => secondCommitted || (await waitingForAdvisoryLock()), 30_000, 'batch 2 waiting for the detection lock, or committed');
    release();
    await Promise.all([first, second]);
    expect((await pairs()).filter((p) => p.keys.includes('student/state_id/RACE-1'))).toEqual([
      { archived: await idOf(oldId), active: await idOf(newId), keys: ['student/state_id/RACE-1'] },
    ]);
  });
});
