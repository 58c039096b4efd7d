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
 * - a bulk enroll of 500 students into a fresh class — latency per request and students per second;
 * - a new-school-year rollover (issue 15) of another district of `--rollover-students` students (50,000) in
 *   `--rollover-classes` classes (1,000, one teacher each, every student in one class) over `--rollover-schools`
 *   schools, 10 % of the classes carried forward: the preview's and the rollover's latency, and p50/p95 of an
 *   available-students page of one of its schools requested back to back while the rollover runs (and before,
 *   as the baseline). The rollover's counts must equal the preview's.
 * The identity projections (district, schools, accounts, memberships, placements, some enrollments) are
 * seeded directly with SQL. PostgreSQL is DATABASE_URL when set, else an embedded one started here; the
 * service runs on an InProcessBus (no Kafka path is measured). `--keep` leaves the database (with
 * DATABASE_URL) for EXPLAIN ANALYZE; its URL is printed.
 */
import { join } from 'node:path';
import { signInternalToken, INTERNAL_TOKEN_HEADER, type Principal } from '@roster/authz';
import { InProcessBus } from '@roster/messaging';
import { createLogger } from '@roster/observability';
import { executeStatement, selectRows, sql, type EntityManager, type SqlFragment } from '@roster/persistence';
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
  const rolloverStudents = argNumber('rollover-students', 50_000);
  const rolloverClasses = argNumber('rollover-classes', 1_000);
  const rolloverSchools = argNumber('rollover-schools', 20);
  if (rolloverClasses % rolloverSchools !== 0 || rolloverStudents % rolloverClasses !== 0) {
    throw new Error('--rollover-classes must divide by --rollover-schools and --rollover-students by --rollover-classes');
  }
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

  // ---- school-year rollover (issue 15) ----------------------------------------------------------------------
  const rollover = await benchRollover({ em, base, students: rolloverStudents, classes: rolloverClasses, schools: rolloverSchools, samples });

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
    rollover: rollover.result,
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
      '\n\n' +
      table(rollover.rows) +
      `\n\nresult: ${writeResult('classes', result)}\n` +
      (keep ? `database kept: ${databaseUrl}\n` : ''),
  );
}

type Call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<{ ms: number; status: number; json: any }>;

/**
 * Seeds a second district (its own principal: a district admin of it), previews and runs its rollover, and samples
 * an available-students page of its first school back to back for as long as the rollover runs.
 */
async function benchRollover(o: {
  em: () => EntityManager;
  base: string;
  students: number;
  classes: number;
  schools: number;
  samples: number;
}) {
  const { em } = o;
  const district = '00000000-0000-4000-8000-000000000003';
  const school = (s: number) => `00000000-0000-4000-8001-${String(s).padStart(12, '0')}`;
  const uuidOf = (text: SqlFragment) => sql`overlay(overlay(md5(${text}) placing '4' from 13) placing '8' from 17)::uuid`;
  const perSchool = o.students / o.schools;
  const classesPerSchool = o.classes / o.schools;
  const t = Date.now();
  await executeStatement(em(), sql`insert into district (id, clever_district_id) values (${district}, 'bench-rollover')`);
  await executeStatement(em(), sql`insert into school (id, district_id, clever_id, name, status, version)
     select ('00000000-0000-4000-8001-' || lpad(s::text, 12, '0'))::uuid, ${district}::uuid, 'rs' || s, 'Rollover school ' || lpad(s::text, 3, '0'), 'active', 1
     from generate_series(0, ${o.schools - 1}::int) s`);
  // Student i (1-based) is in school (i-1) / perSchool and in class (its school's) (i-1) % classesPerSchool.
  await executeStatement(em(), sql`insert into account (id, district_id, clever_id, status, roles, first_name, last_name, grade, version)
     select ${uuidOf(sql`'ro-stu-' || i`)}, ${district}::uuid, 'ro-' || i, 'active', '{student}', 'Pupil', 'Roll' || lpad((i % 997)::text, 3, '0'), ((i % 6) + 1)::text, 1
     from generate_series(1, ${o.students}::int) i`);
  await executeStatement(em(), sql`insert into account_school (account_id, school_id, district_id, roles, is_student, is_teacher, status, grade, sort_last, sort_first, search_text)
     select a.id, ('00000000-0000-4000-8001-' || lpad(((substr(a.clever_id, 4)::int - 1) / ${perSchool}::int)::text, 12, '0'))::uuid, a.district_id, '{student}', true, false,
            'active', a.grade, lower(a.last_name), lower(a.first_name), lower(a.first_name || ' ' || a.last_name)
     from account a where a.district_id = ${district}`);
  await executeStatement(em(), sql`insert into class (id, district_id, school_id, name, course_id, needs_teacher, version, created_by_type, created_by_id)
     select ${uuidOf(sql`'ro-class-' || c`)}, ${district}::uuid, ('00000000-0000-4000-8001-' || lpad((c / ${classesPerSchool}::int)::text, 12, '0'))::uuid,
            'Group ' || lpad(c::text, 4, '0'), 'spire-' || (1 + c % 8), false, 1, 'system', 'bench'
     from generate_series(0, ${o.classes - 1}::int) c`);
  await executeStatement(em(), sql`insert into class_teacher (class_id, teacher_id)
     select ${uuidOf(sql`'ro-class-' || c`)}, ${uuidOf(sql`'ro-teacher-' || c`)} from generate_series(0, ${o.classes - 1}::int) c`);
  await executeStatement(em(), sql`insert into enrollment (id, district_id, class_id, school_id, student_id, course_id, status, started_by_type, started_by_id)
     select ${uuidOf(sql`'ro-enr-' || i`)}, ${district}::uuid,
            ${uuidOf(sql`'ro-class-' || (((i - 1) / ${perSchool}::int) * ${classesPerSchool}::int + (i - 1) % ${classesPerSchool}::int)`)},
            ('00000000-0000-4000-8001-' || lpad(((i - 1) / ${perSchool}::int)::text, 12, '0'))::uuid, ${uuidOf(sql`'ro-stu-' || i`)}, 'spire-1', 'active', 'system', 'bench'
     from generate_series(1, ${o.students}::int) i`);
  await executeStatement(em(), sql`analyze`);
  const seedMs = Date.now() - t;

  const admin: Principal = { accountId: '00000000-0000-4000-8000-000000000004', districtId: district, cleverDistrictId: 'bench-rollover', roles: ['district_admin'], schools: [] };
  const call: Call = async (method, path, body, headers = {}) => {
    const all: Record<string, string> = { ...headers, [INTERNAL_TOKEN_HEADER]: signInternalToken({ kind: 'user', principal: admin }, 'classes', SECRET) };
    if (body !== undefined) all['content-type'] = 'application/json';
    const start = performance.now();
    const res = await fetch(`${o.base}/internal/v1${path}`, { method, headers: all, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = await res.json();
    const ms = performance.now() - start;
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return { ms, status: res.status, json };
  };
  const page = () => call('GET', `/schools/${school(0)}/available-students?limit=50`);

  const years = (await call('GET', `/districts/${district}/school-years`)).json.data as { name: string; startsOn: string }[];
  const first = Number(years[0].name.slice(0, 4)) + 1;
  const carry = (await selectRows<{ id: string }>(em(), sql`select id from class where district_id = ${district} order by name limit ${Math.ceil(o.classes / 10)}`)).map((r) => r.id);
  const body = { name: `${first}–${first + 1}`, startsOn: `${first}-08-15`, carryForwardClassIds: carry };

  for (let i = 0; i < 20; i++) await page(); // warm-up
  const before: number[] = [];
  for (let i = 0; i < o.samples; i++) before.push((await page()).ms);

  const preview = await call('POST', `/districts/${district}/school-years/rollover/preview`, body);
  const during: number[] = [];
  let running = true;
  const rolled = call('POST', `/districts/${district}/school-years/rollover`, body, { 'idempotency-key': 'bench-rollover' }).finally(() => {
    running = false;
  });
  while (running) during.push((await page()).ms);
  const done = await rolled;
  if (JSON.stringify(done.json.totals) !== JSON.stringify(preview.json.totals)) {
    throw new Error(`the rollover did ${JSON.stringify(done.json.totals)}, its preview said ${JSON.stringify(preview.json.totals)}`);
  }
  const expected = { classesToArchive: o.classes, enrollmentsToEnd: o.students, studentsReturning: o.students, classesCarriedForward: carry.length };
  if (JSON.stringify(done.json.totals) !== JSON.stringify(expected)) throw new Error(`rollover totals ${JSON.stringify(done.json.totals)}, expected ${JSON.stringify(expected)}`);
  const after = (await page()).json as { data: unknown[] };
  if (after.data.length !== 50) throw new Error(`after the rollover the first page lists ${after.data.length} students, expected 50`);
  const [{ events }] = await selectRows<{ events: number }>(em(), sql`select count(*)::int as events from outbox_message where payload->>'districtId' = ${district}`);

  const beforeStats = stats(before);
  const duringStats = stats(during);
  const rows = [
    { 'school-year rollover': `preview (${o.classes} classes, ${o.students} students)`, samples: 1, 'p50 ms': Math.round(preview.ms), 'p95 ms': '', 'max ms': '' },
    { 'school-year rollover': `rollover (${carry.length} carried forward)`, samples: 1, 'p50 ms': Math.round(done.ms), 'p95 ms': '', 'max ms': '' },
    { 'school-year rollover': 'available-students page, before', samples: beforeStats.n, 'p50 ms': beforeStats.p50, 'p95 ms': beforeStats.p95, 'max ms': beforeStats.max },
    { 'school-year rollover': 'available-students page, during the rollover', samples: duringStats.n, 'p50 ms': duringStats.p50, 'p95 ms': duringStats.p95, 'max ms': duringStats.max },
  ];
  return {
    rows,
    result: {
      district: { students: o.students, classes: o.classes, schools: o.schools, carriedForward: carry.length },
      seedMs,
      previewMs: Math.round(preview.ms),
      rolloverMs: Math.round(done.ms),
      totals: done.json.totals,
      outboxEvents: events,
      availablePageBeforeMs: beforeStats,
      availablePageDuringMs: duringStats,
    },
  };
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
