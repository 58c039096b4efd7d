/**
 * npm run bench:classes [-- --students 5000 --other-schools 3 --samples 200 --rounds 6 --keep]
 *
 * The two hot paths of the classes service, measured over its real HTTP API (internal token, Nest,
 * PostgreSQL) on seeded projections:
 * - an available-students page (limit 50) of a school of `--students` students: first page, filtered
 *   pages, and every page of a keyset walk through the whole list — latency p50/p95;
 * - the same page filtered by a Clever section (`sectionId`, issue 17): the school's students sit in
 *   sections of 25 (as Clever's), each page asks for another section — latency p50/p95; and the school's
 *   sections list (`GET /schools/:id/sections`, first page, with student and available counts);
 * - a bulk enroll of 500 students into a fresh class — latency per request and students per second.
 * The identity projections (district, schools, accounts, memberships, placements, some enrollments) are
 * seeded directly with SQL. PostgreSQL is DATABASE_URL when set, else an embedded one started here; the
 * service runs on an InProcessBus (no Kafka path is measured). `--keep` leaves the database (with
 * DATABASE_URL) for EXPLAIN ANALYZE; its URL is printed.
 */
import { join } from 'node:path';
import { signInternalToken, INTERNAL_TOKEN_HEADER, type Principal } from '@roster/authz';
import { InProcessBus } from '@roster/messaging';
import { createLogger } from '@roster/observability';
import { executeStatement, selectRows, sql } from '@roster/persistence';
import { startEmbeddedPostgres, type RunningPostgres } from '@roster/testing';
// A bench composes the service like the embedded mode does, through its public entry (ADR 0004).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { createClassesService } from '../../apps/classes/src';
import { createTestDatabaseOn } from './db';
import { argNumber, repoRoot, table, writeResult } from './infra';

const SECRET = 'bench-internal-auth-secret';
const DISTRICT = '00000000-0000-4000-8000-000000000001';
const schoolId = (s: number) => `00000000-0000-4000-8000-${String(100 + s).padStart(12, '0')}`;
const ADMIN = '00000000-0000-4000-8000-000000000002';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function stats(samples: number[]): { n: number; p50: number; p95: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 100) / 100;
  return { n: samples.length, p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), max: round(sorted[sorted.length - 1]) };
}

async function dropDatabase(adminUrl: string, url: string): Promise<void> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists "${new URL(url).pathname.slice(1)}" with (force)`);
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const students = argNumber('students', 5000);
  const otherSchools = argNumber('other-schools', 3);
  const samples = argNumber('samples', 200);
  const rounds = argNumber('rounds', 6);
  if (rounds * 500 > students * 0.8) throw new Error('--rounds * 500 must stay below 80 % of --students');

  const pg: RunningPostgres = process.env.DATABASE_URL
    ? { adminUrl: process.env.DATABASE_URL, source: 'DATABASE_URL', stop: async () => undefined }
    : await startEmbeddedPostgres(join(repoRoot, '.data/bench'));
  const databaseUrl = await createTestDatabaseOn(pg.adminUrl, 'bench_classes');
  const bus = new InProcessBus();
  const service = await createClassesService({
    databaseUrl,
    bus,
    internalAuthSecret: SECRET,
    logger: createLogger('classes', { level: 'silent' }),
    migrate: true,
  });
  const base = await service.listen(0);
  const em = () => service.orm.em.fork();

  // ---- seed: one district, 1 + otherSchools schools of `students` students each -------------------
  const t = Date.now();
  await executeStatement(em(), sql`insert into district (id, clever_district_id) values (${DISTRICT}, 'bench')`);
  const schools = Array.from({ length: 1 + otherSchools }, (_, s) => schoolId(s));
  for (const [s, id] of schools.entries()) {
    await executeStatement(em(), sql`insert into school (id, district_id, clever_id, name, status, version) values (${id}, ${DISTRICT}, ${`cs${s}`}, ${`School ${s}`}, 'active', 1)`);
    // Surnames repeat (as in a real school) so the sort has ties broken by first name, then id; 2 % archived.
    await executeStatement(em(), sql`insert into account (id, district_id, clever_id, status, roles, first_name, last_name, grade, sis_id, student_number, version)
       select overlay(overlay(md5('stu-' || ${s}::int || '-' || i) placing '4' from 13) placing '8' from 17)::uuid, ${DISTRICT}::uuid, 'cu-' || ${s}::int || '-' || i,
              case when i % 50 = 0 then 'archived' else 'active' end, '{student}',
              (array['Ava','Ben','Cleo','Dev','Emma','Finn','Gia','Hugo','Ivy','Jon','Kai','Lena','Milo','Nia','Omar','Pia'])[1 + (i * 7) % 16],
              (array['Garcia','Smith','Nguyen','Johnson','Brown','Lopez','Kim','Patel','Williams','Davis','Martinez','Lee','Clark',
                     'Lewis','Walker','Young','Allen','King','Wright','Scott','Torres','Hill','Green','Adams','Baker','Nelson',
                     'Carter','Mitchell','Perez','Roberts','Turner','Phillips','Campbell','Parker','Evans','Edwards','Collins'])[1 + (i * 13) % 37]
                || case when i % 3 = 0 then '' else '-' || (i % 97)::text end,
              ((i % 6) + 1)::text, 'SIS' || ${s}::int || '-' || i, lpad(i::text, 6, '0'), 1
       from generate_series(1, ${students}::int) as i`);
    await executeStatement(em(), sql`insert into account_school (account_id, school_id, district_id, roles, is_student, is_teacher, status, grade, sort_last, sort_first, search_text)
       select a.id, ${id}::uuid, a.district_id, '{student}', true, false, a.status, a.grade, lower(a.last_name), lower(a.first_name),
              lower(concat_ws(' ', a.first_name, a.last_name, a.sis_id, a.student_number))
       from account a where a.clever_id like ${`cu-${s}-%`}`);
  }
  // 70 % of the students have a placement result (the latest counts).
  await executeStatement(em(), sql`insert into placement (id, district_id, student_id, recommended_course_id, tested_on, source, assessment_id)
     select overlay(overlay(md5('pl-' || a.id) placing '4' from 13) placing '8' from 17)::uuid, a.district_id, a.id, 'spire-' || (1 + abs(hashtext(a.id::text)) % 8),
            date '2025-09-01' + abs(hashtext(a.clever_id)) % 30, 'assessment', 'as-' || a.id
     from account a where abs(hashtext(a.id::text)) % 10 < 7`);
  await executeStatement(em(), sql`insert into placement_latest (student_id, placement_id, recommended_course_id, tested_on, recorded_at, seq)
     select student_id, id, recommended_course_id, tested_on, recorded_at, seq from placement`);
  // Some students of the measured school are already enrolled (10 classes of 50): the list leaves them out.
  await executeStatement(em(), sql`insert into class (id, district_id, school_id, name, course_id, needs_teacher, version, created_by_type, created_by_id)
     select overlay(overlay(md5('class-' || c) placing '4' from 13) placing '8' from 17)::uuid, ${DISTRICT}::uuid, ${schools[0]}::uuid, 'Seeded ' || c, 'spire-1', true, 1, 'system', 'bench' from generate_series(1, 10) c`);
  await executeStatement(em(), sql`insert into enrollment (id, district_id, class_id, school_id, student_id, course_id, status, started_by_type, started_by_id)
     select overlay(overlay(md5('enr-' || i) placing '4' from 13) placing '8' from 17)::uuid, ${DISTRICT}::uuid, overlay(overlay(md5('class-' || (1 + i % 10)) placing '4' from 13) placing '8' from 17)::uuid, ${schools[0]}::uuid, overlay(overlay(md5('stu-0-' || (i * 9)) placing '4' from 13) placing '8' from 17)::uuid, 'spire-1', 'active', 'system', 'bench'
     from generate_series(1, 500) i where (i * 9) % 50 <> 0`);
  // Clever sections of the measured school: 25 students each (by Clever id, as the projection keeps them).
  const SECTION_SIZE = 25;
  await executeStatement(em(), sql`insert into section (id, clever_district_id, clever_id, clever_school_id, name, subject, grade, version)
     select overlay(overlay(md5('sec-' || g) placing '4' from 13) placing '8' from 17)::uuid, 'bench', 'sec-' || g, 'cs0', 'Reading - ' || lpad(g::text, 4, '0'), 'reading', ((g % 6) + 1)::text, 1
     from generate_series(0, ${Math.ceil(students / SECTION_SIZE) - 1}::int) g`);
  // Students' accounts resolved (as the consumer writes them when the accounts are known); teachers unknown.
  await executeStatement(em(), sql`insert into section_member (section_id, role, clever_user_id, account_id)
     select overlay(overlay(md5('sec-' || ((i - 1) / ${SECTION_SIZE}::int)) placing '4' from 13) placing '8' from 17)::uuid, 'student', 'cu-0-' || i,
            overlay(overlay(md5('stu-0-' || i) placing '4' from 13) placing '8' from 17)::uuid
     from generate_series(1, ${students}::int) i
     union all
     select overlay(overlay(md5('sec-' || g) placing '4' from 13) placing '8' from 17)::uuid, 'teacher', 'ct-' || (g % 40), null
     from generate_series(0, ${Math.ceil(students / SECTION_SIZE) - 1}::int) g`);
  const sectionIds = (await selectRows<{ id: string }>(em(), sql`select id from section order by clever_id`)).map((r) => r.id);
  await executeStatement(em(), sql`analyze`);
  const seedMs = Date.now() - t;

  const admin: Principal = {
    accountId: ADMIN,
    districtId: DISTRICT,
    cleverDistrictId: 'bench',
    roles: ['district_admin'],
    schools: [],
  };
  const call = async (method: string, path: string, body?: unknown): Promise<{ ms: number; status: number; json: any }> => {
    const headers: Record<string, string> = { [INTERNAL_TOKEN_HEADER]: signInternalToken({ kind: 'user', principal: admin }, 'classes', SECRET) };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const start = performance.now();
    const res = await fetch(`${base}/internal/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = await res.json();
    const ms = performance.now() - start;
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return { ms, status: res.status, json };
  };
  const listPath = (query: string) => `/schools/${schools[0]}/available-students?limit=50${query}`;
  const [{ available }] = await selectRows<{ available: number }>(em(), sql`select count(*)::int as available from account_school m where m.school_id = ${schools[0]} and m.status = 'active'
       and not exists (select 1 from enrollment e where e.school_id = m.school_id and e.student_id = m.account_id and e.status = 'active')`);

  // ---- available students -----------------------------------------------------------------------------
  for (let i = 0; i < 20; i++) await call('GET', listPath('')); // warm-up (JIT, plans, pool)
  const measure = async (query: string) => {
    const times: number[] = [];
    for (let i = 0; i < samples; i++) times.push((await call('GET', listPath(query))).ms);
    return stats(times);
  };
  const pageRows: Record<string, string | number>[] = [];
  const pageResults: Record<string, unknown> = {};
  for (const [label, query] of [
    ['first page', ''],
    ['grade=3', '&grade=3'],
    ['placement=none', '&placement=none'],
    ['placement=spire-4', '&placement=spire-4'],
    ['q=smith (name)', '&q=smith'],
    ['q=sis0-4242 (sis_id)', '&q=sis0-4242'],
  ] as const) {
    const s = await measure(query);
    pageResults[label] = s;
    pageRows.push({ 'available-students page (limit 50)': label, samples: s.n, 'p50 ms': s.p50, 'p95 ms': s.p95, 'max ms': s.max });
  }
  // sectionId: each request another section of the school (none stays warmer than a real user's would).
  {
    const probe = (await call('GET', listPath(`&sectionId=${sectionIds[0]}`))).json as { data: unknown[] };
    if (probe.data.length === 0 || probe.data.length > SECTION_SIZE) throw new Error(`a section's page lists ${probe.data.length} students, expected 1..${SECTION_SIZE}`);
    let next = 0;
    for (const [label, extra] of [
      ['sectionId (25 students)', ''],
      ['sectionId + grade=3', '&grade=3'],
    ] as const) {
      const times: number[] = [];
      for (let i = 0; i < samples; i++) times.push((await call('GET', listPath(`&sectionId=${sectionIds[next++ % sectionIds.length]}${extra}`))).ms);
      const s = stats(times);
      pageResults[label] = s;
      pageRows.push({ 'available-students page (limit 50)': label, samples: s.n, 'p50 ms': s.p50, 'p95 ms': s.p95, 'max ms': s.max });
    }
    const times: number[] = [];
    for (let i = 0; i < samples; i++) times.push((await call('GET', `/schools/${schools[0]}/sections?limit=50`)).ms);
    const s = stats(times);
    pageResults['sections list (limit 50)'] = s;
    pageRows.push({ 'available-students page (limit 50)': `sections list, ${sectionIds.length} sections (limit 50)`, samples: s.n, 'p50 ms': s.p50, 'p95 ms': s.p95, 'max ms': s.max });
  }
  const walk: number[] = [];
  let cursor: string | null = null;
  let walked = 0;
  do {
    const page: { ms: number; json: { data: unknown[]; nextCursor: string | null } } = await call('GET', listPath(cursor ? `&cursor=${cursor}` : ''));
    walk.push(page.ms);
    walked += page.json.data.length;
    cursor = page.json.nextCursor;
  } while (cursor);
  if (walked !== available) throw new Error(`the keyset walk saw ${walked} students, expected ${available}`);
  const walkStats = stats(walk);
  pageResults['keyset walk, every page'] = walkStats;
  pageRows.push({ 'available-students page (limit 50)': `keyset walk (${walk.length} pages)`, samples: walkStats.n, 'p50 ms': walkStats.p50, 'p95 ms': walkStats.p95, 'max ms': walkStats.max });

  // ---- bulk enroll ----------------------------------------------------------------------------------------
  const enrollMs: number[] = [];
  let enrolled = 0;
  for (let r = 0; r < rounds; r++) {
    const cls = await call('POST', '/classes', { schoolId: schools[0], name: `Bench ${r}`, courseId: 'spire-3' });
    const ids = await selectRows<{ id: string }>(em(), sql`select m.account_id as id from account_school m join placement_latest pl on pl.student_id = m.account_id
       where m.school_id = ${schools[0]} and m.status = 'active'
         and not exists (select 1 from enrollment e where e.student_id = m.account_id and e.status = 'active')
       order by m.account_id limit 500`);
    if (ids.length < 500) throw new Error(`only ${ids.length} students left to enroll`);
    const res = await call('POST', `/classes/${cls.json.id}/enrollments`, { studentIds: ids.map((x) => x.id) });
    if (res.json.enrolled !== 500) throw new Error(`round ${r}: enrolled ${res.json.enrolled} of 500`);
    enrollMs.push(res.ms);
    enrolled += res.json.enrolled;
  }
  const enrollStats = stats(enrollMs);
  const totalEnrollMs = enrollMs.reduce((a, b) => a + b, 0);
  const studentsPerSecond = Math.round((enrolled / totalEnrollMs) * 1000);
  const [{ outbox }] = await selectRows<{ outbox: number }>(em(), sql`select count(*)::int as outbox from outbox_message where event_type = 'classes.enrollment.started'`);

  await service.close();
  await bus.close();
  const keep = process.argv.includes('--keep') && pg.source === 'DATABASE_URL';
  if (!keep) await dropDatabase(pg.adminUrl, databaseUrl);
  await pg.stop();

  const result = {
    postgres: pg.source,
    school: { students, available, otherSchools, totalStudents: students * (1 + otherSchools) },
    seedMs,
    availableStudents: pageResults,
    bulkEnroll: { rounds, studentsPerRequest: 500, latencyMs: enrollStats, studentsPerSecond, enrollmentStartedEventsInOutbox: outbox },
  };
  process.stdout.write(
    `\nclasses bench — school of ${students} students (${available} available), ${otherSchools} other schools of the same size; PostgreSQL from ${pg.source}\n\n` +
      table(pageRows) +
      '\n\n' +
      table([
        {
          'bulk enroll (500 students per request)': `${rounds} requests`,
          'p50 ms': enrollStats.p50,
          'p95 ms': enrollStats.p95,
          'max ms': enrollStats.max,
          'students/s': studentsPerSecond,
        },
      ]) +
      `\n\nresult: ${writeResult('classes', result)}\n` +
      (keep ? `database kept: ${databaseUrl}\n` : ''),
  );
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
