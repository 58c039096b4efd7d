import type { Envelope, EventData } from '@roster/contracts';
import { KafkaMessageBus, provisionTopics } from '@roster/messaging';
import { createLogger } from '@roster/observability';
import { selectRows, sql, type MikroORM } from '@roster/persistence';
import { TopicCollector, createTestDatabase, dropTestDatabase, eventually, testBrokers, testKafka, uniqueSuffix } from '@roster/testing';
import type { HostedService } from '@roster/http';
import { createIdentityService } from './service';
import { cleverId, districtDisconnected, districtUpserted, schoolUpserted, toMessage, userRemoved, userUpserted } from './testing/roster-events';

/**
 * identity against a real Kafka broker and PostgreSQL: roster events published to (prefixed) topics
 * become accounts, schools and published identity events.
 */
const D = cleverId('d', 1);
const LINCOLN = cleverId('s', 1);
const WASHINGTON = cleverId('s', 2);
const JEFFERSON = cleverId('s', 3); // referenced by a user before its own event arrives

const users = {
  director: cleverId('u', 1),
  teacherStaff: cleverId('u', 2),
  teacher: cleverId('u', 3),
  student: cleverId('u', 4),
  movingStudent: cleverId('u', 5),
  contact: cleverId('u', 6),
  newSchoolTeacher: cleverId('u', 7),
};

/** Demographics are never stored (ARCHITECTURE.md §1): a name is suspect when one of its words is one of these. */
const DEMOGRAPHIC_WORDS = new Set([
  'dob', 'birth', 'birthday', 'birthdate', 'race', 'ethnicity', 'hispanic', 'gender', 'sex', 'ell', 'lep', 'iep', '504',
  'frl', 'lunch', 'disability', 'disabilities', 'language', 'gifted',
]);
const words = (name: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
const isDemographic = (name: string) => words(name).some((w) => DEMOGRAPHIC_WORDS.has(w));

describe('identity with Kafka and PostgreSQL', () => {
  const prefix = `t${uniqueSuffix()}.`;
  let url: string;
  let bus: KafkaMessageBus;
  let service: HostedService;
  let orm: MikroORM;
  let collector: TopicCollector;

  const send = (...envelopes: Envelope[]) => bus.publish(envelopes.map(toMessage));
  const published = () => collector.messages.map((m) => JSON.parse(m.value ?? '{}') as Envelope<Record<string, unknown>>);
  const eventsOf = (accountId: string) => published().filter((e) => e.subject === accountId).map((e) => e.type);
  const accountRow = async (clever: string) =>
    (await selectRows<{ id: string; status: string; roles: string[]; schools: { schoolId: string; roles: string[]; primary: boolean }[]; archived_at: string | null; version: number }>(
      orm.em.fork(),
      sql`select id, status, roles, schools, archived_at, version from account where clever_id = ${clever}`,
    ))[0];
  const schoolIdOf = async (clever: string) => (await selectRows<{ id: string }>(orm.em.fork(), sql`select id from school where clever_id = ${clever}`))[0]?.id;

  beforeAll(async () => {
    url = await createTestDatabase('identity_kafka');
    await provisionTopics(testKafka(), { topicPrefix: prefix });
    bus = new KafkaMessageBus({ clientId: 'identity-test', brokers: testBrokers() }, undefined, prefix);
    service = await createIdentityService({
      databaseUrl: url,
      bus,
      internalAuthSecret: 'test-internal-auth-secret-0123456789',
      logger: createLogger('identity', { level: 'silent' }),
      migrate: true,
      relay: { pollIntervalMs: 50 },
      metricsRefreshMs: 200,
    });
    orm = service.orm;
    await service.listen(0);
    collector = await TopicCollector.start([`${prefix}identity.accounts.v1`, `${prefix}identity.schools.v1`]);
  });

  afterAll(async () => {
    await collector?.stop();
    await service?.close();
    await bus?.close();
    if (url) await dropTestDatabase(url);
  });

  it('consumes the roster topics as the exact group identity.roster (an @EventPattern handler on the inbox transport)', () => {
    // …and district purge requests as identity.district-purge (issue 16).
    expect(service.runtime.transport?.groupIds).toEqual(['identity.roster', 'identity.district-purge']);
  });

  it('gives every shared admin, teacher and student exactly one account with the right roles and schools; contacts none', async () => {
    // Users first, their district and schools after: topics are consumed independently.
    await send(
      userUpserted({ cleverUserId: users.director, cleverDistrictId: D, name: { first: 'Maria', middle: 'Elena', last: 'Gonzalez' }, email: 'mgonzalez@maplegrove.k12.ca.us', roles: { district_admin: { title: 'Director of Curriculum' } } }, 1),
      userUpserted(
        {
          cleverUserId: users.teacherStaff,
          cleverDistrictId: D,
          name: { first: 'James', last: 'Okafor' },
          email: 'jokafor@maplegrove.k12.ca.us',
          roles: {
            teacher: { school: LINCOLN, schools: [LINCOLN], sisId: 'T-20871', teacherNumber: '20871' },
            staff: { schools: [LINCOLN, WASHINGTON], staffId: 'ST-10442', title: 'Reading Specialist' },
          },
        },
        1,
      ),
      userUpserted({ cleverUserId: users.teacher, cleverDistrictId: D, name: { first: 'Priya', last: 'Shah' }, roles: { teacher: { school: WASHINGTON, schools: [WASHINGTON], sisId: 'T-1' } } }, 1),
      userUpserted({ cleverUserId: users.student, cleverDistrictId: D, name: { first: 'Leo', last: 'Martin' }, roles: { student: { school: LINCOLN, schools: [LINCOLN], sisId: 'S-1', studentNumber: '1001', grade: '3' } } }, 1),
      userUpserted({ cleverUserId: users.movingStudent, cleverDistrictId: D, name: { first: 'Ava', last: 'Chen' }, roles: { student: { school: WASHINGTON, schools: [WASHINGTON, LINCOLN], grade: '4' } } }, 1),
      // A contact: the contract strips the `contact` role, so its roles are empty: no account.
      userUpserted({ cleverUserId: users.contact, cleverDistrictId: D, name: { first: '', last: 'Pat Guardian' }, roles: { contact: { relationship: 'Parent' } } as never }, 1),
    );
    await send(
      districtUpserted({ cleverDistrictId: D, name: 'Maple Grove Unified School District', state: 'running' }, 1),
      schoolUpserted({ cleverSchoolId: LINCOLN, cleverDistrictId: D, name: 'Lincoln Elementary School', sisId: '105', lowGrade: 'Kindergarten', highGrade: '5' }, 1),
      schoolUpserted({ cleverSchoolId: WASHINGTON, cleverDistrictId: D, name: 'Washington Middle School', lowGrade: '6', highGrade: '8' }, 1),
    );

    await eventually(async () => (await selectRows<{ c: number }>(orm.em.fork(), sql`select count(*)::int as c from account`))[0].c === 5, 30_000, 'five accounts');
    const lincoln = (await schoolIdOf(LINCOLN))!;
    const washington = (await schoolIdOf(WASHINGTON))!;
    const counts = await selectRows<{ clever_id: string; n: number }>(orm.em.fork(), sql`select clever_id, count(*)::int as n from account group by clever_id`);
    expect(counts.every((c) => c.n === 1)).toBe(true);
    expect(counts.map((c) => c.clever_id)).not.toContain(users.contact);

    expect(await accountRow(users.director)).toMatchObject({ roles: ['district_admin'], schools: [], status: 'active' });
    const both = (await accountRow(users.teacherStaff))!;
    expect(both.roles).toEqual(['school_admin', 'teacher']);
    expect(both.schools).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ schoolId: lincoln, roles: ['school_admin', 'teacher'], primary: true }),
        expect.objectContaining({ schoolId: washington, roles: ['school_admin'], primary: false }),
      ]),
    );
    expect(both.schools).toHaveLength(2);
    expect((await accountRow(users.teacher))!.roles).toEqual(['teacher']);
    expect((await accountRow(users.movingStudent))!.schools.map((s) => [s.schoolId, s.primary]).sort()).toEqual(
      [
        [lincoln, false],
        [washington, true],
      ].sort(),
    );

    // Published: one `created` per account, schools upserted once each, nothing for the contact.
    await collector.waitFor((ms) => ms.filter((m) => m.headers.ce_type === 'identity.account.created').length === 5 && ms.filter((m) => m.headers.ce_type === 'identity.school.upserted').length === 2);
    const created = published().filter((e) => e.type === 'identity.account.created');
    expect(created.map((e) => e.data.cleverUserId).sort()).toEqual([users.director, users.teacherStaff, users.teacher, users.student, users.movingStudent].sort());
    const createdBoth = created.find((e) => e.data.cleverUserId === users.teacherStaff)!;
    expect(createdBoth).toMatchObject({ id: `${both.id}:v1`, subject: both.id, version: 1, data: { roles: ['school_admin', 'teacher'], staffId: 'ST-10442', teacherNumber: '20871' } });
  });

  it('creates a placeholder for a school referenced before its own event and fills it in when it arrives', async () => {
    await send(userUpserted({ cleverUserId: users.newSchoolTeacher, cleverDistrictId: D, name: { first: 'Noor', last: 'Haddad' }, roles: { teacher: { school: JEFFERSON, schools: [JEFFERSON] } } }, 1));
    const account = await eventually(() => accountRow(users.newSchoolTeacher), 30_000, 'teacher of a new school');
    const placeholder = (await selectRows<{ id: string; name: string | null }>(orm.em.fork(), sql`select id, name from school where clever_id = ${JEFFERSON}`))[0];
    expect(placeholder.name).toBeNull();
    expect(account.schools[0].schoolId).toBe(placeholder.id);

    await send(schoolUpserted({ cleverSchoolId: JEFFERSON, cleverDistrictId: D, name: 'Jefferson Academy' }, 1));
    const [upserted] = (await collector.waitFor((ms) => ms.some((m) => m.key === placeholder.id))).filter((m) => m.key === placeholder.id);
    expect(JSON.parse(upserted.value!)).toMatchObject({ type: 'identity.school.upserted', id: `${placeholder.id}:v1`, data: { name: 'Jefferson Academy', status: 'active', schoolId: placeholder.id } });
  });

  it('archives an unshared account (never deletes it) and restores the same account id when it is shared again', async () => {
    const before = (await accountRow(users.student))!;
    await send(userRemoved({ cleverUserId: users.student, cleverDistrictId: D, reason: 'unshared' }, 2));
    await collector.waitFor(() => eventsOf(before.id).includes('identity.account.archived'));
    const archived = (await accountRow(users.student))!;
    expect(archived).toMatchObject({ id: before.id, status: 'archived', version: 2 });
    expect(archived.archived_at).not.toBeNull();

    await send(userUpserted({ cleverUserId: users.student, cleverDistrictId: D, name: { first: 'Leo', last: 'Martin' }, roles: { student: { school: LINCOLN, schools: [LINCOLN], sisId: 'S-1', studentNumber: '1001', grade: '4' } } }, 3));
    await collector.waitFor(() => eventsOf(before.id).includes('identity.account.restored'));
    expect(await accountRow(users.student)).toMatchObject({ id: before.id, status: 'active', archived_at: null, version: 3 });
    const restored = published().find((e) => e.type === 'identity.account.restored' && e.subject === before.id)!;
    expect(restored).toMatchObject({ id: `${before.id}:v3`, version: 3, data: { status: 'active', grade: '4', accountId: before.id } });
    expect(eventsOf(before.id)).toEqual(['identity.account.created', 'identity.account.archived', 'identity.account.restored']);
  });

  it('publishes nothing for a duplicate, a stale event or an update that changes nothing visible; `updated` lists the changed fields', async () => {
    const teacher = (await accountRow(users.teacher))!;
    const data: EventData<'userUpserted'> = { cleverUserId: users.teacher, cleverDistrictId: D, name: { first: 'Priya', last: 'Shah' }, roles: { teacher: { school: WASHINGTON, schools: [WASHINGTON], sisId: 'T-1' } } };
    const original = userUpserted(data, 1);
    await send(
      original, // the very same message again
      userUpserted({ ...data, name: { first: 'Priya', last: 'Shah' } }, 2), // newer, nothing visible changed
      userUpserted({ ...data, email: 'old@x.org' }, 1, 'replayed-with-another-id'), // stale version: the version guard drops it
      userUpserted({ ...data, email: 'pshah@maplegrove.k12.ca.us', roles: { teacher: { school: WASHINGTON, schools: [WASHINGTON, LINCOLN], sisId: 'T-1' } } }, 3),
    );
    // Per-key order: once the last event's effect is out, the ones before it were applied.
    await collector.waitFor(() => eventsOf(teacher.id).includes('identity.account.updated'));
    expect(eventsOf(teacher.id)).toEqual(['identity.account.created', 'identity.account.updated']);
    const updated = published().find((e) => e.subject === teacher.id && e.type === 'identity.account.updated')!;
    expect(updated).toMatchObject({ id: `${teacher.id}:v2`, version: 2, data: { changed: ['email', 'schools'], email: 'pshah@maplegrove.k12.ca.us' } });
  });

  it('records a district disconnection and deletes nothing', async () => {
    const before = (await selectRows<{ c: number }>(orm.em.fork(), sql`select count(*)::int as c from account`))[0].c;
    await send(districtDisconnected({ cleverDistrictId: D, reason: 'token_revoked' }, 2));
    await eventually(
      async () => (await selectRows<{ connection_status: string }>(orm.em.fork(), sql`select connection_status from district where clever_id = ${D}`))[0]?.connection_status === 'disconnected',
      30_000,
      'district disconnected',
    );
    expect((await selectRows<{ c: number }>(orm.em.fork(), sql`select count(*)::int as c from account`))[0].c).toBe(before);
  });

  it('stores and publishes no demographic field, even when a producer sends some', async () => {
    const leaky = userUpserted({ cleverUserId: cleverId('u', 99), cleverDistrictId: D, name: { first: 'Sam', last: 'Rivera' }, roles: { student: { school: LINCOLN, schools: [LINCOLN], grade: '2' } } }, 1);
    const raw = JSON.parse(JSON.stringify(leaky));
    Object.assign(raw.data, { dob: '2016-03-09', gender: 'X', race: 'Caucasian-Demo', hispanic_ethnicity: 'Y' });
    Object.assign(raw.data.roles.student, { ell_status: 'Y', iep_status: 'Y', frl_status: 'Free', home_language: 'Klingon-Demo', disability_status: 'Y', gifted_status: 'N', section_504_status: 'Y' });
    await bus.publish([{ ...toMessage(leaky), value: JSON.stringify(raw) }]);
    const account = await eventually(() => accountRow(cleverId('u', 99)), 30_000, 'leaky student');
    await collector.waitFor(() => eventsOf(account.id).length > 0);

    const columns = await selectRows<{ table_name: string; column_name: string }>(
      orm.em.fork(),
      sql`select table_name, column_name from information_schema.columns where table_schema = 'public'`,
    );
    expect(columns.length).toBeGreaterThan(20);
    expect(['home_language', 'ellStatus', 'section_504_status', 'dob'].every(isDemographic) && !isDemographic('traceparent')).toBe(true);
    expect(columns.filter((c) => isDemographic(c.column_name)).map((c) => `${c.table_name}.${c.column_name}`)).toEqual([]);

    // No table holds the values either (the outbox keeps whole published envelopes).
    for (const table of ['account', 'school', 'district', 'outbox_message']) {
      const dump = (await selectRows<{ t: string }>(orm.em.fork(), sql`select coalesce(json_agg(x)::text, '') as t from ${sql.table(table)} x`))[0].t;
      for (const value of ['2016-03-09', 'Caucasian-Demo', 'Klingon-Demo', 'Free']) expect(dump).not.toContain(value);
    }
    const keys = new Set<string>();
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          keys.add(k);
          walk(x);
        }
      }
    };
    for (const m of collector.messages) {
      walk(JSON.parse(m.value ?? '{}'));
      for (const k of Object.keys(m.headers)) keys.add(k);
    }
    expect(keys.size).toBeGreaterThan(10);
    expect([...keys].filter(isDemographic)).toEqual([]);
  });

  it('exposes accounts by role and status as a gauge', async () => {
    await eventually(async () => {
      const text = await (await fetch(`${service.managementUrl}/metrics`)).text();
      return /roster_identity_accounts\{role="student",status="active"\} 3/.test(text) && text.includes('roster_identity_roster_event_age_seconds');
    }, 10_000, 'account gauge');
  });
});
