/**
 * npm run bench:sync [-- --users 100000] [--skip-build] [--keep-databases] [--heap-mib N] [--first-sync-only]
 *
 * The whole full-sync pipeline in its distributed shape, each part its own process started from `dist/`
 * (as `npm run stack` does): the Clever sandbox (SANDBOX_USERS), clever-ingestion, identity and classes,
 * on a real Kafka broker and PostgreSQL (KAFKA_BROKERS / DATABASE_URL when set, else started locally).
 * Every run uses its own topic prefix (KAFKA_TOPIC_PREFIX, which also prefixes consumer groups) and its
 * own databases, so it can share a broker and a server with other work.
 *
 * Measures
 *  - first sync: from clever-ingestion's start (it discovers the district and runs its first full sync on
 *    its own) until identity's `account` table holds every user the run published; users/s;
 *  - each service's peak RSS (VmHWM from /proc/<pid>/status, sampled) and the Clever requests made;
 *  - a no-change resync (POST /internal/v1/districts/:id/sync with a district-admin internal token):
 *    its time and the roster events it published (outbox rows and topic end offsets, sync-run events excluded);
 *  - raw baselines in the same run: kafkajs produce + consume of as many real `roster.user.upserted`
 *    envelopes (read back from the topic), and a PostgreSQL bulk upsert of as many rows into identity's
 *    `account` table (its real migrations, `insert … on conflict do update`, 5,000-row statements).
 * Prints a table with pipeline / slowest baseline and writes bench/results/sync-*.json.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { Topics } from '@roster/contracts';
import { signInternalToken } from '@roster/authz';
import { ensureDatabaseExists } from '@roster/persistence';
import { freePort } from '@roster/testing';
import { argNumber, benchInfra, repoRoot, table, writeResult } from './infra';

const say = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const load = () => loadavg().map((l) => Number(l.toFixed(2)));
const dist = (app: string, file = 'main') => join(repoRoot, 'dist/apps', app, 'src', `${file}.js`);

interface Proc {
  name: string;
  child: ChildProcess;
  peakKiB: number;
}

function startProcess(name: string, script: string, env: NodeJS.ProcessEnv, log: string[]): Proc {
  // BENCH_PROFILE=<dir>: each service writes a V8 CPU profile there when it exits.
  const profile = process.env.BENCH_PROFILE && name !== 'sandbox' ? `--cpu-prof --cpu-prof-dir=${process.env.BENCH_PROFILE} --cpu-prof-name=${name}.cpuprofile` : undefined;
  // --heap-mib N: cap each service's V8 old space, as a container memory limit does (Node sizes its heap
  // from the cgroup limit; on this 24 GiB machine it would otherwise grow lazily far above the live set).
  const heapMiB = argNumber('heap-mib', 0);
  const heap = heapMiB && name !== 'sandbox' ? `--max-old-space-size=${heapMiB}` : undefined;
  const nodeOptions = [process.env.NODE_OPTIONS, '--disable-warning=TimeoutNegativeWarning', profile, heap].filter(Boolean).join(' ');
  const child = spawn(process.execPath, [script], { env: { ...process.env, ...env, NODE_OPTIONS: nodeOptions }, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (d: Buffer) => {
    for (const line of d.toString().split('\n').filter(Boolean)) {
      log.push(`[${name}] ${line}`);
      if (log.length > 200) log.shift();
      if (process.env.BENCH_VERBOSE) say(`[${name}] ${line}`);
    }
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return { name, child, peakKiB: 0 };
}

function runToEnd(script: string, env: NodeJS.ProcessEnv): void {
  execFileSync(process.execPath, [script], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
}

function samplePeak(p: Proc): void {
  if (!p.child.pid || p.child.exitCode !== null) return;
  try {
    const kib = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${p.child.pid}/status`, 'utf8'))?.[1] ?? 0);
    p.peakKiB = Math.max(p.peakKiB, kib);
  } catch {
    // exited between the check and the read
  }
}

async function waitReady(url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} not ready after ${timeoutMs} ms`);
    await sleep(200);
  }
}

async function stopProcess(p: Proc): Promise<void> {
  samplePeak(p);
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  const exited = new Promise((r) => p.child.once('exit', r));
  p.child.kill('SIGTERM');
  await Promise.race([exited, sleep(20_000).then(() => p.child.kill('SIGKILL'))]);
}

async function scalar(client: Client, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await client.query(sql, params);
  return Number(Object.values(rows[0] as Record<string, unknown>)[0] ?? 0);
}

async function main(): Promise<void> {
  const users = argNumber('users', 100_000);
  const keepDatabases = process.argv.includes('--keep-databases');
  if (!process.argv.includes('--skip-build')) execFileSync('npm', ['run', 'build', '--silent'], { cwd: repoRoot, stdio: 'inherit' });
  const loads: Record<string, number[]> = { start: load() };
  const infra = await benchInfra();
  const runId = `bsync${Date.now().toString(36)}`;
  const prefix = `${runId}.`;
  const brokers = infra.kafka.brokers;
  const kafkaEnv = { KAFKA_BROKERS: brokers.join(','), KAFKA_TOPIC_PREFIX: prefix, KAFKAJS_NO_PARTITIONER_WARNING: '1' };
  const dbUrl = (name: string) => {
    const url = new URL(infra.pg.adminUrl);
    url.pathname = `/${runId}_${name}`;
    return url.toString();
  };
  const dbs = { 'clever-ingestion': dbUrl('ingestion'), identity: dbUrl('identity'), classes: dbUrl('classes'), baseline: dbUrl('baseline') };
  const log: string[] = [];
  const procs: Proc[] = [];
  const clients: Client[] = [];
  const secret = randomBytes(32).toString('hex');
  let sampler: NodeJS.Timeout | undefined;
  try {
    say(`bench:sync — ${users.toLocaleString('en')} users; PostgreSQL ${infra.pg.source ?? ''}, Kafka ${brokers.join(',')}, prefix ${prefix}`);
    runToEnd(join(repoRoot, 'dist/tools/scripts/provision-topics.js'), kafkaEnv);
    for (const [name, url] of Object.entries(dbs)) {
      await ensureDatabaseExists(url);
      runToEnd(dist(name === 'baseline' ? 'identity' : name, 'migrate'), { DATABASE_URL: url });
    }
    const connect = async (url: string) => {
      const c = new Client({ connectionString: url });
      await c.connect();
      clients.push(c);
      return c;
    };
    const [ingestionDb, identityDb, classesDb] = await Promise.all([connect(dbs['clever-ingestion']), connect(dbs.identity), connect(dbs.classes)]);

    // The sandbox: generating a large district takes a while; it is ready when it answers.
    const sandboxPort = await freePort();
    const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
    const sandboxStarted = Date.now();
    const sandbox = startProcess('sandbox', dist('clever-sandbox'), { PORT: String(sandboxPort), SANDBOX_USERS: String(users), SANDBOX_SEED: 'bench-sync' }, log);
    procs.push(sandbox);
    await waitReady(`${sandboxUrl}/__sandbox/districts`, 600_000);
    const sandboxReadyMs = Date.now() - sandboxStarted;
    const [district] = (await (await fetch(`${sandboxUrl}/__sandbox/districts`)).json()) as { id: string }[];
    const counts = (await (await fetch(`${sandboxUrl}/__sandbox/districts/${district.id}/counts`)).json()) as Record<string, number>;
    say(`  sandbox ready in ${sandboxReadyMs} ms: ${JSON.stringify(counts)}`);

    const common = { ...kafkaEnv, INTERNAL_AUTH_SECRET: secret, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', HOST: '127.0.0.1' };
    const ports = { identity: await freePort(), classes: await freePort(), 'clever-ingestion': await freePort() };
    // /health/* and /metrics are served on MANAGEMENT_PORT only.
    const managementPorts = { identity: await freePort(), classes: await freePort(), 'clever-ingestion': await freePort() };
    const serviceEnv = (name: keyof typeof ports) => ({ ...common, PORT: String(ports[name]), MANAGEMENT_PORT: String(managementPorts[name]), DATABASE_URL: dbs[name] });
    const byName: Record<string, Proc> = { sandbox };
    for (const name of ['identity', 'classes'] as const) {
      byName[name] = startProcess(name, dist(name), serviceEnv(name), log);
      procs.push(byName[name]);
    }
    for (const name of ['identity', 'classes'] as const) await waitReady(`http://127.0.0.1:${managementPorts[name]}/health/ready`);
    sampler = setInterval(() => procs.forEach(samplePeak), 250);
    await fetch(`${sandboxUrl}/__sandbox/requests`, { method: 'DELETE' });

    // First sync: clever-ingestion discovers the district from the client credentials and syncs it at once.
    loads.firstSyncStart = load();
    const t0 = Date.now();
    byName['clever-ingestion'] = startProcess(
      'clever-ingestion',
      dist('clever-ingestion'),
      {
        ...serviceEnv('clever-ingestion'),
        CLEVER_API_BASE_URL: sandboxUrl,
        CLEVER_OAUTH_BASE_URL: sandboxUrl,
        CLEVER_CLIENT_ID: 'sandbox-client',
        CLEVER_CLIENT_SECRET: 'sandbox-secret',
        CLEVER_EVENTS_POLL_INTERVAL_MS: '600000',
      },
      log,
    );
    procs.push(byName['clever-ingestion']);
    const ingestionApi = `http://127.0.0.1:${ports['clever-ingestion']}/internal/v1/districts/${district.id}/sync`;
    const headers = () => ({
      'x-internal-token': signInternalToken(
        {
          kind: 'user',
          principal: { accountId: randomUUID(), districtId: randomUUID(), cleverDistrictId: district.id, roles: ['district_admin'], schools: [] },
        },
        'clever-ingestion',
        secret,
      ),
      'content-type': 'application/json',
    });
    type Run = { id: string; kind: string; trigger: string; status: string; counts: Record<string, number> };
    const runs = async (): Promise<Run[]> => {
      try {
        const res = await fetch(ingestionApi, { headers: headers() });
        return res.ok ? ((await res.json()) as { runs: Run[] }).runs : [];
      } catch {
        return [];
      }
    };
    const loadSamples: number[] = [];
    let runDoneMs = 0;
    let expected = 0;
    let accounts = 0;
    let lastProgress = Date.now();
    let lastAccounts = -1;
    let lastCount = 0;
    for (;;) {
      for (const p of procs) if (p.child.exitCode !== null) throw new Error(`${p.name} exited (${p.child.exitCode})`);
      loadSamples.push(loadavg()[0]);
      // count(*) of identity's account table costs a scan of it (≈ 0.1 s of a core at 1M rows): taken every
      // 2 s while far from the end, every 250 ms within the last 2 % (the first sync's end keeps its resolution).
      const target = runDoneMs ? expected : (counts.accounts ?? 0);
      if (accounts >= target * 0.98 || Date.now() - lastCount >= 2000) {
        accounts = await scalar(identityDb, 'select count(*) from account');
        lastCount = Date.now();
      }
      if (accounts !== lastAccounts) {
        lastAccounts = accounts;
        lastProgress = Date.now();
      }
      if (!runDoneMs) {
        const [run] = await runs();
        if (run && run.kind === 'full' && run.status !== 'running') {
          if (run.status !== 'completed') throw new Error(`first sync ended ${run.status}`);
          runDoneMs = Date.now() - t0;
          expected = await scalar(ingestionDb, `select count(distinct message_key) from outbox_message where event_type = 'roster.user.upserted'`);
          say(`  ingestion run completed at ${runDoneMs} ms: ${JSON.stringify(run.counts)}; ${expected} users published`);
        }
      }
      if (runDoneMs && accounts >= expected) break;
      if (Date.now() - lastProgress > 300_000) throw new Error(`no progress for 5 min (identity holds ${accounts} accounts)`);
      await sleep(250);
    }
    const firstSyncMs = Date.now() - t0;
    loads.firstSyncEnd = load();
    say(`  identity holds ${accounts} accounts after ${firstSyncMs} ms`);
    if (process.argv.includes('--first-sync-only')) {
      // A/B comparisons of one change: the first sync and its peak RSS only (no resync, no raw baselines, no result file).
      clearInterval(sampler);
      for (const p of [...procs].reverse()) await stopProcess(p);
      const peak = Object.fromEntries(procs.map((p) => [p.name, Math.round(p.peakKiB / 1024)]));
      const meanLoad = (loadSamples.reduce((a, b) => a + b, 0) / loadSamples.length).toFixed(2);
      say(`FIRST-SYNC ms=${firstSyncMs} usersPerS=${Math.round((accounts / firstSyncMs) * 1000)} ingestionRunMs=${runDoneMs} loadMean=${meanLoad} loadEnd=${loads.firstSyncEnd[0]} peakRssMiB=${JSON.stringify(peak)}`);
      return;
    }
    // Let identity's and classes' own outboxes and consumers settle before the resync baseline is taken.
    const unpublished = async () =>
      (await Promise.all([ingestionDb, identityDb, classesDb].map((c) => scalar(c, 'select count(*) from outbox_message where published_at is null')))).reduce(
        (a, b) => a + b,
      );
    const settleStart = Date.now();
    while ((await unpublished()) > 0 && Date.now() - settleStart < 600_000) await sleep(250);
    const allPublishedMs = Date.now() - t0;
    const sandboxRequests = ((await (await fetch(`${sandboxUrl}/__sandbox/requests`)).json()) as { total: number }).total;

    // No-change resync.
    const admin = new Kafka({ clientId: 'bench-sync', brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const eventTopics = Object.values(Topics)
      .filter((t) => t.name !== Topics.rosterSyncRuns.name)
      .map((t) => prefix + t.name);
    const endOffsets = async () => {
      let total = 0;
      for (const topic of eventTopics) for (const p of await admin.fetchTopicOffsets(topic)) total += Number(p.high);
      return total;
    };
    const outboxRows = async () =>
      (
        await Promise.all(
          [ingestionDb, identityDb, classesDb].map((c) => scalar(c, `select count(*) from outbox_message where event_type not like 'roster.sync-run.%'`)),
        )
      ).reduce((a, b) => a + b);
    const before = { offsets: await endOffsets(), outbox: await outboxRows() };
    await fetch(`${sandboxUrl}/__sandbox/requests`, { method: 'DELETE' });
    loads.resyncStart = load();
    const t1 = Date.now();
    const posted = await fetch(ingestionApi, { method: 'POST', headers: headers(), body: '{}' });
    if (posted.status !== 202) throw new Error(`POST sync answered ${posted.status}: ${await posted.text()}`);
    const { runId: resyncRunId } = (await posted.json()) as { runId: string };
    let resyncRun: Run | undefined;
    for (;;) {
      resyncRun = (await runs()).find((r) => r.id === resyncRunId);
      if (resyncRun && resyncRun.status !== 'running' && resyncRun.status !== 'queued') break;
      if (Date.now() - t1 > 1_800_000) throw new Error('resync did not finish in 30 min');
      await sleep(100);
    }
    const resyncMs = Date.now() - t1;
    loads.resyncEnd = load();
    while ((await unpublished()) > 0) await sleep(100);
    await sleep(3000); // anything a consumer would publish in reaction
    const after = { offsets: await endOffsets(), outbox: await outboxRows() };
    const resyncRequests = ((await (await fetch(`${sandboxUrl}/__sandbox/requests`)).json()) as { total: number }).total;
    say(`  resync ${resyncRun.status} in ${resyncMs} ms, ${after.outbox - before.outbox} outbox rows, ${after.offsets - before.offsets} topic messages`);

    clearInterval(sampler);
    for (const p of [...procs].reverse()) await stopProcess(p);
    const peakRssMiB = Object.fromEntries(procs.map((p) => [p.name, Math.round(p.peakKiB / 1024)]));

    // Raw Kafka: the real envelopes of roster.users.v1, produced again to a fresh topic and consumed.
    const kafka = new Kafka({ clientId: 'bench-sync-raw', brokers, logLevel: logLevel.NOTHING });
    const sampleSize = Math.min(accounts, 20_000);
    const sample: { key: Buffer | null; value: Buffer }[] = [];
    const reader = kafka.consumer({ groupId: `${prefix}bench-reader`, maxBytesPerPartition: 4 * 1024 * 1024 });
    await reader.connect();
    await reader.subscribe({ topics: [prefix + Topics.rosterUsers.name], fromBeginning: true });
    await new Promise<void>((resolve) => {
      void reader.run({
        eachBatch: async ({ batch }) => {
          for (const m of batch.messages) if (sample.length < sampleSize && m.value) sample.push({ key: m.key, value: m.value });
          if (sample.length >= sampleSize) resolve();
        },
      });
    });
    await reader.disconnect();
    const envelopeBytes = Math.round(sample.reduce((s, m) => s + m.value.length, 0) / sample.length);
    const rawTopic = `${prefix}raw-users`;
    await admin.createTopics({ topics: [{ topic: rawTopic, numPartitions: Topics.rosterUsers.partitions }], waitForLeaders: true });
    const n = accounts;
    loads.rawKafkaStart = load();
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    let t = Date.now();
    const produceBatch = 2000;
    for (let i = 0; i < n; i += produceBatch) {
      const messages = [];
      for (let j = i; j < Math.min(n, i + produceBatch); j++) {
        const m = sample[j % sample.length];
        messages.push({ key: `${m.key?.toString() ?? ''}-${Math.floor(j / sample.length)}`, value: m.value });
      }
      await producer.send({ topic: rawTopic, acks: -1, messages });
    }
    const rawProduceMs = Date.now() - t;
    await producer.disconnect();
    const rawConsumer = kafka.consumer({ groupId: `${prefix}bench-raw`, maxBytesPerPartition: 4 * 1024 * 1024 });
    await rawConsumer.connect();
    await rawConsumer.subscribe({ topics: [rawTopic], fromBeginning: true });
    let consumed = 0;
    t = Date.now();
    await new Promise<void>((resolve) => {
      void rawConsumer.run({
        partitionsConsumedConcurrently: 3,
        eachBatch: async ({ batch }) => {
          consumed += batch.messages.length;
          if (consumed >= n) resolve();
        },
      });
    });
    const rawConsumeMs = Date.now() - t;
    await rawConsumer.disconnect();
    await admin.disconnect();
    loads.rawKafkaEnd = load();

    // Raw PostgreSQL: bulk upsert of as many account rows into identity's schema (its migrations, indexes).
    const baseline = await connect(dbs.baseline);
    const districtId = randomUUID();
    await baseline.query(`insert into district (id, clever_id) values ($1, $2)`, [districtId, 'bench-district']);
    const schoolIds = Array.from({ length: 50 }, () => randomUUID());
    const accountRow = (i: number) => ({
      id: randomUUID(),
      clever_id: `u${i.toString(16).padStart(23, '0')}`,
      district_id: districtId,
      status: 'active',
      roles: ['student'],
      first_name: `First${i % 997}`,
      middle_name: null,
      last_name: `Last${i % 4093}`,
      email: `student${i}@example.org`,
      grade: String(1 + (i % 12)),
      sis_id: String(100000 + i),
      student_number: String(200000 + i),
      state_id: String(300000 + i),
      schools: [{ schoolId: schoolIds[i % schoolIds.length], roles: ['student'], primary: true }],
      source_version: 1,
      version: 1,
    });
    loads.rawPostgresStart = load();
    t = Date.now();
    const pgBatch = 5000;
    for (let i = 0; i < n; i += pgBatch) {
      const rows = Array.from({ length: Math.min(pgBatch, n - i) }, (_, j) => accountRow(i + j));
      await baseline.query(
        `insert into account (id, clever_id, district_id, status, roles, first_name, middle_name, last_name, email, grade, sis_id,
           student_number, state_id, schools, source_version, version)
         select r.id, r.clever_id, r.district_id, r.status, r.roles, r.first_name, r.middle_name, r.last_name, r.email, r.grade, r.sis_id,
           r.student_number, r.state_id, r.schools, r.source_version, r.version
         from json_to_recordset($1::json) as r(id uuid, clever_id text, district_id uuid, status text, roles text[], first_name text,
           middle_name text, last_name text, email text, grade text, sis_id text, student_number text, state_id text, schools jsonb,
           source_version bigint, version int)
         on conflict (clever_id) do update set status = excluded.status, roles = excluded.roles, first_name = excluded.first_name,
           middle_name = excluded.middle_name, last_name = excluded.last_name, email = excluded.email, grade = excluded.grade,
           sis_id = excluded.sis_id, student_number = excluded.student_number, state_id = excluded.state_id, schools = excluded.schools,
           source_version = excluded.source_version, version = account.version + 1, updated_at = now()
         where account.source_version < excluded.source_version`,
        [JSON.stringify(rows.map((r) => ({ ...r, roles: `{${r.roles.join(',')}}` })))],
      );
    }
    const rawPostgresMs = Date.now() - t;
    loads.rawPostgresEnd = load();

    const perSecond = (count: number, ms: number) => Math.round((count / ms) * 1000);
    const rawKafkaMs = rawProduceMs + rawConsumeMs;
    const slowest = rawKafkaMs >= rawPostgresMs ? { name: 'kafka', ms: rawKafkaMs } : { name: 'postgres', ms: rawPostgresMs };
    const ratio = Number((perSecond(accounts, firstSyncMs) / perSecond(n, slowest.ms)).toFixed(3));
    const result = {
      users,
      heapMiB: argNumber('heap-mib', 0) || undefined,
      sandboxCounts: counts,
      accounts,
      envelopeBytes,
      firstSync: {
        ms: firstSyncMs,
        usersPerSecond: perSecond(accounts, firstSyncMs),
        ingestionRunMs: runDoneMs,
        allOutboxesPublishedMs: allPublishedMs,
        cleverRequests: sandboxRequests,
        loadAvg1mMean: Number((loadSamples.reduce((a, b) => a + b, 0) / loadSamples.length).toFixed(2)),
      },
      resync: {
        ms: resyncMs,
        status: resyncRun.status,
        counts: resyncRun.counts,
        outboxRows: after.outbox - before.outbox,
        topicMessages: after.offsets - before.offsets,
        cleverRequests: resyncRequests,
        fractionOfFirstSync: Number((resyncMs / firstSyncMs).toFixed(3)),
      },
      peakRssMiB,
      raw: {
        kafka: { produceMs: rawProduceMs, consumeMs: rawConsumeMs, ms: rawKafkaMs, perSecond: perSecond(n, rawKafkaMs) },
        postgres: { ms: rawPostgresMs, perSecond: perSecond(n, rawPostgresMs), batch: pgBatch },
        slowest: slowest.name,
      },
      ratioPipelineToSlowestBaseline: ratio,
      loadAvg: loads,
    };
    const file = writeResult('sync', result);
    say(
      '\n' +
        table([
          { measure: `first sync (ingestion start → identity holds all accounts)`, count: accounts, 'per s': result.firstSync.usersPerSecond, ms: firstSyncMs, load: loads.firstSyncEnd[0] },
          { measure: `no-change resync (${result.resync.outboxRows} events, ${result.resync.topicMessages} msgs)`, count: accounts, 'per s': perSecond(accounts, resyncMs), ms: resyncMs, load: loads.resyncEnd[0] },
          { measure: `raw kafkajs produce + consume (${envelopeBytes} B envelopes)`, count: n, 'per s': result.raw.kafka.perSecond, ms: rawKafkaMs, load: loads.rawKafkaEnd[0] },
          { measure: 'raw PostgreSQL upsert into account (5,000/stmt)', count: n, 'per s': result.raw.postgres.perSecond, ms: rawPostgresMs, load: loads.rawPostgresEnd[0] },
        ]) +
        `\n\npeak RSS MiB: ${JSON.stringify(peakRssMiB)}; Clever requests: first ${sandboxRequests}, resync ${resyncRequests}` +
        `\npipeline / slowest baseline (${slowest.name}) = ${ratio}; resync / first sync = ${result.resync.fractionOfFirstSync}` +
        `\nresult: ${file}\n`,
    );
  } catch (error) {
    process.stderr.write(`${log.slice(-40).join('\n')}\n`);
    throw error;
  } finally {
    if (sampler) clearInterval(sampler);
    for (const p of [...procs].reverse()) await stopProcess(p);
    for (const c of clients) await c.end().catch(() => undefined);
    if (!keepDatabases) {
      const adminDb = new Client({ connectionString: infra.pg.adminUrl });
      await adminDb.connect();
      for (const url of Object.values(dbs)) await adminDb.query(`drop database if exists "${new URL(url).pathname.slice(1)}" with (force)`).catch(() => undefined);
      await adminDb.end();
    }
    if (!keepDatabases) {
      // Drop this run's topics (prefix) from a broker that others may share.
      const admin = new Kafka({ clientId: 'bench-sync-cleanup', brokers, logLevel: logLevel.NOTHING }).admin();
      await admin.connect().catch(() => undefined);
      const topics = (await admin.listTopics().catch(() => [] as string[])).filter((t) => t.startsWith(prefix));
      if (topics.length) await admin.deleteTopics({ topics }).catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
    }
    await infra.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
