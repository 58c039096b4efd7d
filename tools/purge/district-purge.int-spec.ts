/**
 * District purge (issue 16), end to end: the real clever-ingestion, identity and classes processes over the
 * real Kafka broker and PostgreSQL (PurgeHarness), two districts synced from the Clever sandbox, classes,
 * placements and enrollments made through classes' API. `district:purge` of one district must leave no
 * row anywhere that names one of its ids or its users' names — checked by scanning every text, uuid, json
 * and array column of every table of every service database (information_schema) — must leave the other
 * district exactly as it was, and must certify exactly the rows that existed.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import type { Client } from 'pg';
import { signInternalToken, signOperatorToken, INTERNAL_TOKEN_HEADER } from '@roster/authz';
import { eventually, repositoryRoot, testBrokers } from '@roster/testing';
import { purgeDistrict, PurgeError, resumePurge, type PurgeCertificate } from './district-purge';
import { INTERNAL_SECRET, PurgeHarness, type SeededDistrict, type Service } from './testing/purge-harness';

jest.setTimeout(600_000);

type Counts = Record<string, number>;

const D1 = { name: 'Quince Valley', schools: 2, districtAdmins: 1, schoolAdmins: 1, multiRole: 0, teachers: 3, students: 24, contacts: 2, classSize: 6, coTeachEvery: 2, multiSchoolEvery: 4 };
const D2 = { name: 'Juniper Ridge', schools: 1, districtAdmins: 1, schoolAdmins: 0, multiRole: 0, teachers: 2, students: 10, contacts: 1, classSize: 5, coTeachEvery: 0, multiSchoolEvery: 0 };

let h: PurgeHarness;
let dbs: Record<Service, Client>;
let d1: SeededDistrict;
let d2: SeededDistrict;
let certDir: string;

/** Every column a value could hide in: text, uuid, json(b), arrays. */
async function searchableColumns(db: Client): Promise<{ table: string; column: string }[]> {
  const res = await db.query<{ table_name: string; column_name: string }>(
    `select table_name, column_name from information_schema.columns c
       join information_schema.tables t using (table_schema, table_name)
      where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
        and (c.data_type in ('text', 'character varying', 'uuid', 'json', 'jsonb', 'ARRAY', 'character'))
      order by table_name, column_name`,
  );
  return res.rows.map((r) => ({ table: r.table_name, column: r.column_name }));
}

async function tables(db: Client): Promise<string[]> {
  const res = await db.query<{ table_name: string }>(`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`);
  return res.rows.map((r) => r.table_name);
}

/** Rows per table of which some searchable column contains one of `needles` (case-insensitive). */
async function rowsNaming(db: Client, needles: readonly string[]): Promise<Counts> {
  const byTable = new Map<string, string[]>();
  for (const c of await searchableColumns(db)) byTable.set(c.table, [...(byTable.get(c.table) ?? []), c.column]);
  const out: Counts = {};
  for (const [table, columns] of byTable) {
    const any = columns.map((c) => `strpos(lower("${c}"::text), n.needle) > 0`).join(' or ');
    const res = await db.query<{ n: string }>(
      `select count(*) as n from "${table}" r where exists (select 1 from unnest($1::text[]) as n(needle) where ${any})`,
      [needles.map((n) => n.toLowerCase())],
    );
    const n = Number(res.rows[0].n);
    if (n > 0) out[table] = n;
  }
  return out;
}

async function rowCounts(db: Client): Promise<Counts> {
  const out: Counts = {};
  for (const t of await tables(db)) out[t] = Number((await db.query<{ n: string }>(`select count(*) as n from "${t}"`)).rows[0].n);
  return out;
}

/** Every id of a district, read from the services' own databases (the harness knows only some). */
async function districtIds(d: SeededDistrict): Promise<string[]> {
  const q = async (service: Service, text: string, params: unknown[]) => (await dbs[service].query<{ v: string }>(text, params)).rows.map((r) => r.v).filter(Boolean);
  const ids = new Set<string>([d.id, d.cleverId]);
  for (const v of await q('identity', `select id::text as v from account where district_id = $1 union select clever_id from account where district_id = $1
                                       union select id::text from school where district_id = $1 union select clever_id from school where district_id = $1`, [d.id])) ids.add(v);
  for (const v of await q('classes', `select id::text as v from class where district_id = $1 union select id::text from enrollment where district_id = $1
                                      union select id::text from placement where district_id = $1`, [d.id])) ids.add(v);
  for (const v of await q('classes', `select id::text as v from section where clever_district_id = $1 union select clever_id from section where clever_district_id = $1`, [d.cleverId])) ids.add(v);
  for (const v of await q('clever-ingestion', `select id::text as v from sync_run where clever_district_id = $1 union select clever_id from shadow_record where clever_district_id = $1`, [d.cleverId])) ids.add(v);
  return [...ids];
}

/**
 * The users' names (legal and preferred, and those of the account the fixture had erased), minus any another
 * district's users share, erased ones included (the scan looks for ours only).
 */
async function userNames(d: SeededDistrict, other: SeededDistrict): Promise<string[]> {
  const names = async (districtId: string) =>
    new Set([
      ...(await dbs.identity.query<{ v: string }>(
        `select lower(x) as v from account, unnest(array[first_name, middle_name, last_name, preferred_first_name, preferred_last_name]) as x
          where district_id = $1 and x is not null and length(x) >= 3`,
        [districtId],
      )).rows.map((r) => r.v),
      ...(h.erasedNames.get(districtId) ?? []),
    ]);
  const theirs = await names(other.id);
  return [...(await names(d.id))].filter((n) => !theirs.has(n));
}

async function scanAll(needles: readonly string[]): Promise<Record<Service, Counts>> {
  return { identity: await rowsNaming(dbs.identity, needles), classes: await rowsNaming(dbs.classes, needles), 'clever-ingestion': await rowsNaming(dbs['clever-ingestion'], needles) };
}

async function countAll(): Promise<Record<Service, Counts>> {
  return { identity: await rowCounts(dbs.identity), classes: await rowCounts(dbs.classes), 'clever-ingestion': await rowCounts(dbs['clever-ingestion']) };
}

function withIngestionOutbox(counts: Record<Service, Counts>, requests: number): Record<Service, Counts> {
  const ingestion = counts['clever-ingestion'];
  return { ...counts, 'clever-ingestion': { ...ingestion, outbox_message: (ingestion.outbox_message ?? 0) + requests } };
}

/**
 * clever-ingestion's record of purged tokens (no district id, no personal data) is written by the purge, so
 * that discovery never reconnects the district with its old token: it grows by a row instead of shrinking.
 */
const isTombstone = (service: Service, table: string) => service === 'clever-ingestion' && table === 'purged_token';

const certified = (c: PurgeCertificate): Record<string, Counts> =>
  Object.fromEntries(c.services.map((s) => [s.service, Object.fromEntries(s.tables.filter((t) => t.rows > 0).map((t) => [t.table, t.rows]))]));

/** `npm run district:purge -- <args>` as a process against the test bed; stderr without Node's own warnings. */
async function command(args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, INGESTION_URL: h.ingestionUrl, INTERNAL_AUTH_SECRET: INTERNAL_SECRET, KAFKA_BROKERS: testBrokers().join(','), KAFKA_TOPIC_PREFIX: h.topicPrefix, PURGE_CERTIFICATE_DIR: certDir, ...extraEnv };
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, ['tools/scripts/run-ts.cjs', 'tools/purge/main.ts', ...args], { cwd: repositoryRoot, env });
  let err = '';
  let out = '';
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  return { code, out, err: err.split('\n').filter((line) => line.startsWith('district:purge') || line === '').join('\n') };
}

async function purge(d: Pick<SeededDistrict, 'cleverId'>, dryRun: boolean): Promise<PurgeCertificate> {
  const kafka = new Kafka({ clientId: 'purge-test', brokers: testBrokers(), logLevel: logLevel.NOTHING });
  return purgeDistrict({ cleverDistrictId: d.cleverId, dryRun, ingestionUrl: h.ingestionUrl, internalAuthSecret: INTERNAL_SECRET, kafka, topicPrefix: h.topicPrefix, certificateDir: certDir, timeoutMs: 120_000, operator: 'purge-test' });
}

beforeAll(async () => {
  certDir = await mkdtemp(join(tmpdir(), 'purge-certs-'));
  h = await PurgeHarness.start('purge', [D1, D2]);
  [d1, d2] = h.districts;
  dbs = h.dbs;
  await h.useDistrict(d1);
  await h.useDistrict(d2);
  // The tables issues 15 and 16 added (school years, previews, duplicates, merges, erasures), in both districts.
  await h.useLaterFeatures(d1);
  await h.useLaterFeatures(d2);
  await h.drained();
}, 480_000);

afterAll(async () => {
  await h?.close();
  if (certDir) await rm(certDir, { recursive: true, force: true });
});

describe('district:purge', () => {
  let d1Ids: string[];
  let d1Names: string[];
  let d2Ids: string[];
  let before: Record<Service, Counts>;
  let d1Before: Record<Service, Counts>;
  let d2Before: Record<Service, Counts>;

  let d1Student: string;
  let d1StudentAccount: string;

  it('the scan sees the district everywhere before the purge (it can fail)', async () => {
    const student = (await dbs.identity.query<{ id: string; clever_id: string }>(`select id::text as id, clever_id from account where district_id = $1 and 'student' = any(roles) and status = 'active' order by id limit 1`, [d1.id])).rows[0];
    [d1Student, d1StudentAccount] = [student.clever_id, student.id];
    d1Ids = await districtIds(d1);
    d2Ids = await districtIds(d2);
    d1Names = await userNames(d1, d2);
    expect(d1Names.length).toBeGreaterThan(10);
    before = await countAll();
    d1Before = await scanAll(d1Ids);
    d2Before = await scanAll(d2Ids);
    const named = await scanAll(d1Names);
    for (const table of ['account', 'outbox_message']) expect(named.identity[table]).toBeGreaterThan(0);
    expect(named.classes.account).toBeGreaterThan(0);
    const present = (service: Service, names: string[]) => names.filter((table) => !(d1Before[service][table] > 0));
    expect(present('classes', ['account', 'school', 'district', 'class', 'enrollment', 'placement', 'placement_latest', 'audit_log', 'section', 'section_member', 'account_school', 'class_teacher', 'school_year', 'school_year_rollover', 'outbox_message', 'inbox_message'])).toEqual([]);
    expect(present('identity', ['account', 'school', 'district', 'duplicate_pair', 'outbox_message', 'inbox_message'])).toEqual([]);
    expect(present('clever-ingestion', ['district_connection', 'sync_run', 'sync_run_change', 'shadow_record', 'outbox_message'])).toEqual([]);
    // The fixture's merge, erasure and carried-forward class are there to be purged.
    const one = async (db: Client, text: string) => Number((await db.query<{ n: string }>(text, [d1.id])).rows[0].n);
    expect(await one(dbs.identity, `select count(*) as n from account where district_id = $1 and merged_into_id is not null`)).toBe(1);
    expect(await one(dbs.identity, `select count(*) as n from account where district_id = $1 and erased_at is not null`)).toBe(1);
    expect(await one(dbs.classes, `select count(*) as n from class where district_id = $1 and school_year_id is not null and status = 'active'`)).toBeGreaterThan(0);
  });

  it('refuses without an operator token, and an unknown district, with nothing changed', async () => {
    const path = `${h.ingestionUrl}/internal/v1/operator/districts/${d1.cleverId}/purge`;
    const asSystem = await fetch(path, { method: 'POST', headers: { [INTERNAL_TOKEN_HEADER]: signInternalToken({ kind: 'system', name: 'operator' }, 'clever-ingestion', INTERNAL_SECRET) } });
    expect(asSystem.status).toBe(403);
    expect(((await asSystem.json()) as { code: string }).code).toBe('ACCESS.OPERATOR_ONLY');
    const bad = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', [INTERNAL_TOKEN_HEADER]: signOperatorToken('t', 'clever-ingestion', INTERNAL_SECRET) }, body: JSON.stringify({ dryRun: 'yes' }) });
    expect(bad.status).toBe(400);
    await expect(purge({ cleverId: 'ffffffffffffffffffffffff' }, false)).rejects.toThrow(PurgeError);
    await expect(purge({ cleverId: 'ffffffffffffffffffffffff' }, false)).rejects.toThrow(/unknown district 'ffffffffffffffffffffffff'/);
    expect(await countAll()).toEqual(before);
  });

  it('the command: an unknown district exits 1 with one clear line', async () => {
    const { code, out, err } = await command(['--district', 'ffffffffffffffffffffffff']);
    expect({ code, out, err }).toEqual({ code: 1, out: '', err: "district:purge: unknown district 'ffffffffffffffffffffffff': clever-ingestion has no connection for it\n" });
  });

  let dryRun: PurgeCertificate;
  it('--dry-run counts without deleting', async () => {
    dryRun = await purge(d1, true);
    expect(dryRun.dryRun).toBe(true);
    // The dry run counts exactly the rows that name the district (and its own request, in ingestion's outbox).
    expect(certified(dryRun)).toEqual(withIngestionOutbox(d1Before, 1));
    expect(dryRun.services.map((s) => s.service)).toEqual(['clever-ingestion', 'identity', 'classes']);
    expect(dryRun.totalRows).toBeGreaterThan(0);
    // Nothing changed but the purge's own messages (request and confirmations in the outboxes, processed ids in the inboxes).
    const after = await countAll();
    for (const service of Object.keys(after) as Service[]) {
      for (const [table, n] of Object.entries(after[service])) {
        if (table === 'outbox_message' || table === 'inbox_message') continue;
        expect({ service, table, n }).toEqual({ service, table, n: before[service][table] });
      }
    }
    // The purge request itself is an ingestion event about the district (in its outbox until purged).
    expect(await scanAll(d1Ids)).toEqual(withIngestionOutbox(d1Before, 1));
    // …and the district is still connected and syncing: a dry run neither disconnects it nor forgets its token.
    const operator = { kind: 'system', name: 'operator' } as const;
    expect((await h.internal('clever-ingestion', 'GET', `/districts/${d1.cleverId}/sync`, operator)).body.connection.state).toBe('connected');
    h.sandbox.admin.updateUser(d1.cleverId, d1Student, { name: { first: 'Dryrunchecka', last: 'Afterwards' } });
    await eventually(async () => Number((await dbs.identity.query(`select count(*) as n from account where id = $1 and first_name = 'Dryrunchecka'`, [d1StudentAccount])).rows[0].n) === 1, 60_000, 'a change after the dry run to be synced');
    await h.drained();
    d1Names.push('dryrunchecka', 'afterwards');
    before = await countAll();
    d1Before = await scanAll(d1Ids);
  });

  it('a run that times out names its purge id; --purge-id resumes it: no new request, the counts, the certificate kept', async () => {
    const requests = async () => Number((await dbs['clever-ingestion'].query<{ n: string }>(`select count(*) as n from outbox_message where id like 'purge:%:requested'`)).rows[0].n);
    const kafka = new Kafka({ clientId: 'purge-test', brokers: testBrokers(), logLevel: logLevel.NOTHING });
    // A dry run whose wait ends at once: the services confirm after the command gave up.
    const timedOut = await purgeDistrict({ cleverDistrictId: d1.cleverId, dryRun: true, ingestionUrl: h.ingestionUrl, internalAuthSecret: INTERNAL_SECRET, kafka, topicPrefix: h.topicPrefix, certificateDir: certDir, timeoutMs: 1, operator: 'purge-test' }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(timedOut).toBeInstanceOf(PurgeError);
    const purgeId = /^purge ([0-9a-f-]{36}): no confirmation from /.exec((timedOut as Error).message)?.[1];
    expect(purgeId).toBeDefined();
    expect((timedOut as Error).message).toContain(`do not request it again: \`npm run district:purge -- --purge-id ${purgeId}\``);
    const requested = await requests();

    // The command, resumed: prints the certificate of that purge (a dry run of d1, by purge-test) and keeps it.
    const out = await mkdtemp(join(tmpdir(), 'purge-resume-'));
    try {
      const run = await command(['--purge-id', purgeId!, '--out', out], { INGESTION_URL: '', INTERNAL_AUTH_SECRET: '' });
      expect({ code: run.code, err: run.err }).toEqual({ code: 0, err: '' });
      expect(run.out).toContain(`District purge certificate (DRY RUN: nothing was deleted)\n  purge id        ${purgeId}\n  district        ${d1.cleverId} (Clever id)`);
      const printed = JSON.parse(run.out.trim().split('\n').at(-1)!) as PurgeCertificate;
      expect(printed).toMatchObject({ purgeId, cleverDistrictId: d1.cleverId, dryRun: true, requestedBy: 'purge-test' });
      // The services counted what the first dry run counted, plus that dry run's own request.
      expect(certified(printed)).toEqual(withIngestionOutbox(d1Before, 1));
      expect(JSON.parse(await readFile(printed.file, 'utf8'))).toEqual(printed);
      expect(printed.completedAt).toBe(printed.services.map((s) => s.finishedAt).sort().at(-1));

      // Resumed again (the function): the certificate already kept for that purge, unchanged.
      expect(await resumePurge({ purgeId: purgeId!, cleverDistrictId: d1.cleverId, kafka, topicPrefix: h.topicPrefix, certificateDir: out, timeoutMs: 60_000 })).toEqual(printed);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
    // No request was sent by resuming.
    expect(await requests()).toBe(requested);

    // Refused with one line: another district's id, an unknown purge id, --dry-run with --purge-id.
    const resume = (id: string, district?: string) => resumePurge({ purgeId: id, cleverDistrictId: district, kafka, topicPrefix: h.topicPrefix, certificateDir: certDir, timeoutMs: 60_000 });
    await expect(resume(purgeId!, d2.cleverId)).rejects.toThrow(`purge ${purgeId} is of district '${d1.cleverId}', not '${d2.cleverId}'`);
    await expect(resume('00000000-0000-4000-8000-000000000000')).rejects.toThrow(/^no purge 00000000-0000-4000-8000-000000000000 on .*roster\.district-purges\.v1: an unknown purge id, or its messages have left Kafka/);
    const bad = await command(['--purge-id', purgeId!, '--dry-run']);
    expect({ code: bad.code, err: bad.err.split('\n')[0] }).toEqual({ code: 2, err: 'district:purge: --dry-run does not go with --purge-id (the purge was requested as a dry run or not)' });
    expect(await requests()).toBe(requested);

    await h.drained();
    before = await countAll();
    d1Before = await scanAll(d1Ids);
  });

  let certificate: PurgeCertificate;
  it('purges: no row of any table of any service names the district or its users; the other district is untouched', async () => {
    certificate = await purge(d1, false);
    expect(certificate.dryRun).toBe(false);
    // The certificate counts exactly the rows that named the district, table by table, and so did the dry run.
    // (plus this purge's request in ingestion's outbox; the dry run's was there before).
    expect(certified(certificate)).toEqual(withIngestionOutbox(d1Before, 1));
    const leftovers = await scanAll([...d1Ids, ...d1Names]);
    expect(leftovers).toEqual({ identity: {}, classes: {}, 'clever-ingestion': {} });
    expect(await scanAll(d2Ids)).toEqual(d2Before);
    const after = await countAll();
    for (const service of Object.keys(after) as Service[]) {
      for (const [table, n] of Object.entries(after[service])) {
        if (table === 'outbox_message' || table === 'inbox_message' || isTombstone(service, table)) continue;
        expect({ service, table, n }).toEqual({ service, table, n: before[service][table] - (d1Before[service][table] ?? 0) });
      }
    }
  });

  it('the certificate is printed, kept in a file, and holds no personal data', async () => {
    const kept = JSON.parse(await readFile(certificate.file, 'utf8')) as PurgeCertificate;
    expect(kept).toEqual(certificate);
    expect(kept.kafka.topics.length).toBeGreaterThan(10);
    expect(kept.kafka.messagesExpireBy === null || Date.parse(kept.kafka.messagesExpireBy) > Date.parse(kept.completedAt)).toBe(true);
    const text = JSON.stringify(kept).toLowerCase();
    for (const n of d1Names) expect(text.includes(n)).toBe(false);
    for (const id of d1Ids.filter((id) => id !== d1.cleverId)) expect(text.includes(id.toLowerCase())).toBe(false);
  });

  it('a repeat finds nothing (idempotent) and the district stays disconnected', async () => {
    await expect(purge(d1, false)).rejects.toThrow(/unknown district/);
    const status = await h.internal('clever-ingestion', 'GET', `/districts/${d1.cleverId}/sync`, { kind: 'system', name: 'operator' });
    expect(status.status).toBe(404);
    expect(await scanAll([...d1Ids, ...d1Names])).toEqual({ identity: {}, classes: {}, 'clever-ingestion': {} });
  });

  it('a purged district that is shared again starts from nothing: new ids, no classes, no history', async () => {
    // The district authorises the app again (Clever lists a new token); a restart runs discovery at once.
    h.sandbox.admin.rotateToken(d1.cleverId);
    await h.restartIngestion();
    await h.initialSync(d1.cleverId);
    const again = await eventually(
      async () => (await dbs.identity.query<{ id: string }>(`select id::text as id from district where clever_id = $1`, [d1.cleverId])).rows[0]?.id,
      60_000,
      'the district in identity again',
    );
    expect(again).not.toBe(d1.id);
    await h.drained();
    const accounts = (await dbs.identity.query<{ id: string }>(`select id::text as id from account where district_id = $1`, [again])).rows.map((r) => r.id);
    expect(accounts.length).toBeGreaterThan(20);
    await eventually(async () => Number((await dbs.classes.query(`select count(*) as n from account where district_id = $1`, [again])).rows[0].n) === accounts.length, 60_000, 'classes projecting the new accounts');
    for (const table of ['class', 'enrollment', 'placement', 'audit_log']) {
      expect({ table, n: Number((await dbs.classes.query(`select count(*) as n from "${table}" where district_id = $1`, [again])).rows[0].n) }).toEqual({ table, n: 0 });
    }
    // None of Roster's own ids of before (district, schools, accounts, classes, enrollments, placements, sections, runs) came back.
    const uuids = d1Ids.filter((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-/.test(id));
    expect(uuids.length).toBeGreaterThan(30);
    expect(await scanAll(uuids)).toEqual({ identity: {}, classes: {}, 'clever-ingestion': {} });
  });
});
