import type { Envelope } from '@roster/contracts';
import { serviceOutbox } from '@roster/messaging';
import { createLogger } from '@roster/observability';
import { executeStatement, migrateDatabase, openDatabase, selectRows, sql, type MikroORM } from '@roster/persistence';
import { createTestDatabase, dropTestDatabase } from '@roster/testing';
import { migrations } from '../../migrations';
import { entities } from '../../persistence/entities';
import { cleverId, districtUpserted, schoolRemoved, schoolUpserted, userRemoved, userUpserted } from '../../testing/roster-events';
import { RosterHandler } from './roster.handler';

/**
 * Tenancy of Clever ids in identity (issue 13, defence in depth behind ingestion's FOREIGN_DISTRICT_RECORD):
 * roster events that name another district than the owner of a school or account have no effect — no
 * row moves, nothing is published — and the database itself refuses a district move.
 */
describe('identity roster consumer: tenancy of Clever ids', () => {
  const D1 = cleverId('d', 11);
  const D2 = cleverId('d', 12);
  const S1 = cleverId('s', 11);
  const S2 = cleverId('s', 12);
  const U1 = cleverId('u', 11);
  const U2 = cleverId('u', 12);
  let url: string;
  let orm: MikroORM;
  const handler = new RosterHandler({ outbox: serviceOutbox('identity'), logger: createLogger('identity', { level: 'silent' }) });
  const apply = (events: Envelope[]) => orm.em.fork().transactional((em) => handler.execute(em, events));
  const snapshot = async () => ({
    schools: await selectRows(orm.em.fork(), sql`select s.id, s.clever_id, s.district_id, s.name, s.status, s.version from school s order by s.clever_id`),
    accounts: await selectRows(
      orm.em.fork(),
      sql`select a.id, a.clever_id, a.district_id, a.status, a.first_name, a.last_name, a.schools, a.version from account a order by a.clever_id`,
    ),
    outbox: (await selectRows<{ n: number }>(orm.em.fork(), sql`select count(*)::int as n from outbox_message`))[0].n,
  });

  beforeAll(async () => {
    url = await createTestDatabase('identity_tenancy');
    orm = await openDatabase({ url, entities, migrations });
    await migrateDatabase(orm);
    await apply([
      districtUpserted({ cleverDistrictId: D1, name: 'One' }, 1),
      districtUpserted({ cleverDistrictId: D2, name: 'Two' }, 1),
      schoolUpserted({ cleverSchoolId: S1, cleverDistrictId: D1, name: 'Lincoln' }, 1),
      schoolUpserted({ cleverSchoolId: S2, cleverDistrictId: D2, name: 'Roosevelt' }, 1),
      userUpserted({ cleverUserId: U1, cleverDistrictId: D1, name: { first: 'Ana', last: 'Lee' }, roles: { student: { school: S1, schools: [S1] } } }, 1),
    ]);
  });

  afterAll(async () => {
    await orm?.close(true);
    if (url) await dropTestDatabase(url);
  });

  it('an event for an account or school owned by another district has no effect (no move, no change, nothing published)', async () => {
    const before = await snapshot();
    const ignoredBefore = handler.foreignEventsIgnored;
    await apply([
      schoolUpserted({ cleverSchoolId: S1, cleverDistrictId: D2, name: 'Taken over' }, 5),
      userUpserted({ cleverUserId: U1, cleverDistrictId: D2, name: { first: 'Eve', last: 'Mallory' }, roles: { district_admin: {} } }, 5),
    ]);
    await apply([schoolRemoved({ cleverSchoolId: S1, cleverDistrictId: D2, reason: 'deleted' }, 6), userRemoved({ cleverUserId: U1, cleverDistrictId: D2, reason: 'deleted' }, 6)]);
    expect(await snapshot()).toEqual(before);
    expect(handler.foreignEventsIgnored - ignoredBefore).toBe(4);
  });

  it("an account of district 2 never becomes a member of district 1's school", async () => {
    await apply([
      userUpserted({ cleverUserId: U2, cleverDistrictId: D2, name: { first: 'Bo', last: 'Ng' }, roles: { student: { school: S1, schools: [S1, S2] } } }, 1),
    ]);
    const [row] = await selectRows<{ district_id: string; schools: { cleverSchoolId: string }[] }>(orm.em.fork(), sql`select district_id, schools from account where clever_id = ${U2}`);
    expect(row.schools.map((m) => m.cleverSchoolId)).toEqual([S2]);
    const members = await selectRows(orm.em.fork(), sql`select a.clever_id from account a, school s where s.clever_id = ${S1} and a.schools @> jsonb_build_array(jsonb_build_object('schoolId', s.id))`);
    expect(members).toEqual([{ clever_id: U1 }]);
  });

  it('the owner still changes its own records', async () => {
    await apply([schoolUpserted({ cleverSchoolId: S1, cleverDistrictId: D1, name: 'Lincoln Elementary' }, 7)]);
    const [row] = await selectRows<{ name: string }>(orm.em.fork(), sql`select name from school where clever_id = ${S1}`);
    expect(row.name).toBe('Lincoln Elementary');
  });

  it("a district's reference to a school nobody shared yet does not claim it: the school's own district does (pre-claim)", async () => {
    const S3 = cleverId('s', 13);
    const U3 = cleverId('u', 13);
    const U4 = cleverId('u', 14);
    // District 2's user names district 1's school before district 1 shared it: a placeholder in district 2.
    await apply([userUpserted({ cleverUserId: U3, cleverDistrictId: D2, name: { first: 'Cy', last: 'Ray' }, roles: { student: { school: S3, schools: [S3, S2] } } }, 1)]);
    const memberOf = async (cleverUserId: string) =>
      (await selectRows<{ schools: { cleverSchoolId: string }[] }>(orm.em.fork(), sql`select schools from account where clever_id = ${cleverUserId}`))[0].schools.map((m) => m.cleverSchoolId).sort();
    expect(await memberOf(U3)).toEqual([S2, S3].sort());
    const outboxBefore = (await snapshot()).outbox;

    // District 1 shares it: district 1 owns it, district 2's member loses it (published), district 2 cannot take it back.
    await apply([schoolUpserted({ cleverSchoolId: S3, cleverDistrictId: D1, name: 'Jefferson' }, 1)]);
    await apply([schoolUpserted({ cleverSchoolId: S3, cleverDistrictId: D2, name: 'Taken over' }, 2)]);
    const [school] = await selectRows<{ district: string; name: string }>(
      orm.em.fork(),
      sql`select d.clever_id as district, s.name from school s join district d on d.id = s.district_id where s.clever_id = ${S3}`,
    );
    expect(school).toEqual({ district: D1, name: 'Jefferson' });
    expect(await memberOf(U3)).toEqual([S2]);
    const published = await selectRows<{ type: string; schools: { cleverSchoolId: string }[] | null }>(
      orm.em.fork(),
      sql`select event_type as type, payload->'data'->'schools' as schools from outbox_message order by seq offset ${outboxBefore}`,
    );
    expect(published.map((m) => m.type).sort()).toEqual(['identity.account.updated', 'identity.school.upserted']);
    expect(published.find((m) => m.type === 'identity.account.updated')!.schools!.map((m) => m.cleverSchoolId)).toEqual([S2]);

    // District 1's own users become members; district 2's stay out.
    await apply([
      userUpserted({ cleverUserId: U4, cleverDistrictId: D1, name: { first: 'Di', last: 'Fox' }, roles: { student: { school: S3, schools: [S3] } } }, 1),
      userUpserted({ cleverUserId: U3, cleverDistrictId: D2, name: { first: 'Cy', last: 'Ray' }, roles: { student: { school: S3, schools: [S3, S2] } } }, 2),
    ]);
    expect(await memberOf(U4)).toEqual([S3]);
    expect(await memberOf(U3)).toEqual([S2]);
  });

  it('the database refuses to move a school or an account to another district (migration 0002)'
, async () => {
    const [d2] = await selectRows<{ id: string }>(orm.em.fork(), sql`select id from district where clever_id = ${D2}`);
    await expect(executeStatement(orm.em.fork(), sql`update school set district_id = ${d2.id}::uuid where clever_id = ${S1}`)).rejects.toThrow(/another district/);
    await expect(executeStatement(orm.em.fork(), sql`update account set district_id = ${d2.id}::uuid where clever_id = ${U1}`)).rejects.toThrow(/another district/);
  });
});
