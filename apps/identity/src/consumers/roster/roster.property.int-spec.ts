import fc from 'fast-check';
import type { Envelope } from '@roster/contracts';
import { InProcessBus, InboxConsumer, serviceOutbox, type IncomingMessage } from '@roster/messaging';
import { createLogger } from '@roster/observability';
import { executeStatement, migrateDatabase, openDatabase, selectRows, sql, type MikroORM } from '@roster/persistence';
import { createTestDatabase, dropTestDatabase } from '@roster/testing';
import { migrations } from '../../migrations';
import { entities } from '../../persistence/entities';
import { cleverId, districtDisconnected, districtUpserted, schoolRemoved, schoolUpserted, toMessage, userRemoved, userUpserted } from '../../testing/roster-events';
import { ROSTER_CONSUMER_GROUP } from './roster.consumer';
import { RosterHandler } from './roster.handler';

/**
 * Duplicated, reordered (per-key order kept, keys interleaved) and arbitrarily batched deliveries end in
 * the same state — rows, our versions and published events — as a clean one-by-one delivery. Runs the
 * consumer's batch handler against a real PostgreSQL, either behind the real inbox (duplicates removed
 * by message id) or directly (duplicates reach the handler: the version guards must absorb them).
 */
const DISTRICTS = [cleverId('d', 1), cleverId('d', 2)];
const SCHOOLS: Record<string, string[]> = { [DISTRICTS[0]]: [cleverId('s', 1), cleverId('s', 2)], [DISTRICTS[1]]: [cleverId('s', 3)] };
const USERS = [1, 2, 3, 4, 5].map((n) => ({ id: cleverId('u', n), district: DISTRICTS[n % 2] }));

type Step<T> = { version: number; op: T };

/** Strictly increasing versions with gaps, one per step. */
const versioned = <T>(op: fc.Arbitrary<T>, max: number) =>
  fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), op), { minLength: 1, maxLength: max }).map((steps) => {
    let v = 0;
    return steps.map(([gap, o]): Step<T> => ({ version: (v += gap), op: o }));
  });

const roleSet = fc.record({
  district_admin: fc.boolean(),
  staff: fc.boolean(),
  teacher: fc.boolean(),
  student: fc.boolean(),
});

function userOp(district: string) {
  const schools = SCHOOLS[district];
  return fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('upsert' as const), roles: roleSet, schools: fc.subarray(schools), primary: fc.boolean(), email: fc.constantFrom(undefined, 'a@x.org', 'b@x.org'), grade: fc.constantFrom(undefined, '3', '4'), last: fc.constantFrom('Lee', 'Shah') }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const) }) },
  );
}

const scenario = fc.record({
  districts: fc.tuple(...DISTRICTS.map(() => versioned(fc.constantFrom('upsert', 'disconnect'), 3))),
  schools: fc.tuple(...DISTRICTS.flatMap((d) => SCHOOLS[d]).map(() => versioned(fc.record({ remove: fc.boolean(), name: fc.constantFrom('Lincoln', 'Lincoln Elementary') }), 3))),
  users: fc.tuple(...USERS.map((u) => versioned(userOp(u.district), 5))),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

/** Each key's envelopes in order. */
function streams(s: Scenario): Envelope[][] {
  const out: Envelope[][] = [];
  DISTRICTS.forEach((d, i) =>
    out.push(s.districts[i].map(({ version, op }) => (op === 'upsert' ? districtUpserted({ cleverDistrictId: d, name: `District ${i}` }, version) : districtDisconnected({ cleverDistrictId: d, reason: 'token_revoked' }, version)))),
  );
  DISTRICTS.flatMap((d) => SCHOOLS[d].map((school) => ({ d, school }))).forEach(({ d, school }, i) =>
    out.push(
      s.schools[i].map(({ version, op }) =>
        op.remove ? schoolRemoved({ cleverSchoolId: school, cleverDistrictId: d, reason: 'unshared' }, version) : schoolUpserted({ cleverSchoolId: school, cleverDistrictId: d, name: op.name }, version),
      ),
    ),
  );
  USERS.forEach((u, i) =>
    out.push(
      s.users[i].map(({ version, op }) => {
        if (op.kind === 'remove') return userRemoved({ cleverUserId: u.id, cleverDistrictId: u.district, reason: 'unshared' }, version);
        const [first] = op.schools;
        return userUpserted(
          {
            cleverUserId: u.id,
            cleverDistrictId: u.district,
            name: { first: 'Kim', last: op.last },
            email: op.email,
            roles: {
              ...(op.roles.district_admin ? { district_admin: {} } : {}),
              ...(op.roles.staff ? { staff: { schools: op.schools } } : {}),
              ...(op.roles.teacher ? { teacher: { schools: op.schools, school: op.primary ? first : undefined } } : {}),
              ...(op.roles.student ? { student: { schools: op.schools, school: op.primary ? first : undefined, grade: op.grade } } : {}),
            },
          },
          version,
        );
      }),
    ),
  );
  return out.filter((list) => list.length > 0);
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A messy delivery: keys interleaved at random with each key's order kept, some messages delivered again
 * later (as after a rebalance or a relay retry), cut into batches of random sizes.
 */
function messy(keys: Envelope[][], seed: number): Envelope[][] {
  const random = mulberry32(seed);
  const placed: { at: number; e: Envelope }[] = [];
  for (const list of keys) {
    const times = list.map(() => random()).sort((a, b) => a - b);
    list.forEach((e, i) => {
      placed.push({ at: times[i], e });
      if (random() < 0.3) placed.push({ at: times[i] + random() * (1 - times[i]) + 1e-9, e });
    });
  }
  const order = placed.sort((a, b) => a.at - b.at).map((p) => p.e);
  const batches: Envelope[][] = [];
  for (let i = 0; i < order.length; ) {
    const size = 1 + Math.floor(random() * 8);
    batches.push(order.slice(i, i + size));
    i += size;
  }
  return batches;
}

describe('roster consumer: duplicated and reordered deliveries converge', () => {
  let url: string;
  let orm: MikroORM;
  const bus = new InProcessBus();
  const logger = createLogger('identity', { level: 'silent' });
  const roster = new RosterHandler({ outbox: serviceOutbox('identity'), logger });
  const inbox = () => new InboxConsumer({ orm, bus, groupId: ROSTER_CONSUMER_GROUP, topics: [], handle: (em, events) => roster.execute(em, events), maxAttempts: 1 });
  let offset = 0;
  const ctx = { resolveOffset: () => undefined, heartbeat: async () => undefined, isRunning: () => true };

  beforeAll(async () => {
    url = await createTestDatabase('identity_property');
    orm = await openDatabase({ url, entities, migrations });
    await migrateDatabase(orm);
  });

  afterAll(async () => {
    await orm?.close(true);
    await bus.close();
    if (url) await dropTestDatabase(url);
  });

  const reset = () => executeStatement(orm.em.fork(), sql`truncate account, school, district, outbox_message, inbox_message, inbox_attempt`);

  async function deliver(batches: Envelope[][], viaInbox: boolean): Promise<void> {
    for (const batch of batches) {
      if (viaInbox) {
        const messages: IncomingMessage[] = batch.map((e) => ({ ...toMessage(e), partition: 0, offset: String(offset++) }));
        await inbox().processBatch(messages, ctx);
      } else {
        await orm.em.fork().transactional((em) => roster.execute(em, batch));
      }
    }
  }

  /** Rows and published events with our (random) uuids replaced by the Clever ids they stand for, timestamps dropped. */
  async function snapshot(): Promise<unknown> {
    const em = orm.em.fork();
    const names = new Map<string, string>();
    for (const [table, tag] of [['district', 'D'], ['school', 'S'], ['account', 'A']] as const) {
      for (const r of await selectRows<{ id: string; clever_id: string }>(em, sql`select id, clever_id from ${sql.table(table)}`)) names.set(r.id, `${tag}:${r.clever_id}`);
    }
    const normalise = (v: unknown) => JSON.parse(JSON.stringify(v).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => names.get(id) ?? `?${id}`));
    const districts = await selectRows(em, sql`select clever_id, name, clever_state, connection_status, disconnected_reason, source_version from district order by clever_id`);
    const schools = await selectRows(
      em,
      sql`select s.clever_id, s.district_id, s.name, s.sis_id, s.status, s.removed_at is not null as removed, s.source_version, s.version from school s order by s.clever_id`,
    );
    const accounts = await selectRows(
      em,
      sql`select clever_id, district_id, status, roles, first_name, last_name, email, grade, schools, source_version, version, archived_at is not null as archived
       from account order by clever_id`,
    );
    const events = (await selectRows<{ payload: Envelope }>(em, sql`select payload from outbox_message`)).map(({ payload }) => {
      const { time: _t, correlationId: _c, ...rest } = payload;
      return rest;
    });
    const snap = normalise({ districts, schools, accounts, events }) as { events: { id: string }[] };
    snap.events.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return snap;
  }

  it('ends in the same state as a clean delivery', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, fc.integer(), fc.boolean(), async (s, seed, viaInbox) => {
        const keys = streams(s);
        await reset();
        await deliver(keys.flat().map((e) => [e]), true);
        const clean = await snapshot();
        await reset();
        await deliver(messy(keys, seed), viaInbox);
        expect(await snapshot()).toEqual(clean);

        // And the clean state follows the rules: one account per user whose last usable event is an upsert.
        const accounts = (clean as { accounts: { clever_id: string; status: string }[] }).accounts;
        expect(new Set(accounts.map((a) => a.clever_id)).size).toBe(accounts.length);
      }),
      { numRuns: 25 },
    );
  });
});
