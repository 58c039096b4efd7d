/**
 * Everything Clever throws at a client, against the sandbox's fault injection: 429s, 5xx bursts,
 * truncated and HTML bodies and dropped connections change nothing in the result; a rotated token is
 * followed; a revoked token disconnects the district without deleting anything, and it reconnects when
 * discovery finds a token again. A dead-lettered roster event makes the next resync publish that
 * record again.
 */
import { sql } from '@roster/persistence';
import { Events, buildEnvelope, dlqTopicName, envelopeHeaders } from '@roster/contracts';
import { eventually } from '@roster/testing';
import { createSandbox, type Sandbox } from '@roster/clever-sandbox';
import { IngestionHarness, principalFor } from '../testing/ingestion-harness';

describe('resilience', () => {
  let sandbox: Sandbox;
  let h: IngestionHarness;
  let E: string;
  let F: string;

  beforeAll(async () => {
    sandbox = createSandbox({ seed: 'ingestion-resilience', districts: [{ users: 600, schools: 3 }, { users: 120 }] });
    const { url } = await sandbox.start();
    [E, F] = sandbox.admin.districts().map((d) => d.id);
    // Small pages, so that the faults land on many requests of one run.
    h = await IngestionHarness.start('ingestion_resilience', { url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret }, {
      clever: { apiBaseUrl: url, oauthBaseUrl: url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, apiVersion: 'v3.0', pageSize: 100 },
    });
    await h.control.discover();
  });

  afterAll(async () => {
    await h?.close();
    await sandbox?.close();
  });

  /** What a run published for a district: (type, subject) → payload, as canonical JSON. */
  const payloads = (runId: string) =>
    new Map(
      h
        .dataEvents(E)
        .filter((e) => e.id.startsWith(`sync:${runId}:`))
        .map((e) => [`${e.type} ${e.subject}`, JSON.stringify(e.data)]),
    );

  it('429s, 5xx bursts, truncated / HTML bodies and dropped connections: the same result as without', async () => {
    const faults = sandbox.admin;
    faults.injectFault({ kind: 'rate_limit', count: 2, resetInSeconds: 1, pathContains: '/users', districtId: E });
    faults.injectFault({ kind: 'server_error', count: 3, status: 503, pathContains: '/users', districtId: E });
    faults.injectFault({ kind: 'truncated', count: 2, pathContains: '/sections', districtId: E });
    faults.injectFault({ kind: 'html', count: 1, pathContains: '/schools', districtId: E });
    faults.injectFault({ kind: 'reset', count: 1, pathContains: '/users', districtId: E });
    faults.injectFault({ kind: 'server_error', count: 2, status: 500, pathContains: '/events', districtId: E });
    faults.resetRequests();

    const faulty = await h.control.syncNow(E);
    expect(faulty.status).toBe('completed');
    expect(faults.faults()).toEqual([]); // every fault was met
    const stats = faults.requests();
    expect(stats.byStatus['429']).toBe(2);
    expect(stats.byStatus['503']).toBe(3);
    await h.settle();
    const withFaults = payloads(faulty.id);
    const counts = sandbox.admin.counts(E);
    expect(withFaults.size).toBe(1 + counts.schools + counts.accounts + counts.sections);

    // The same district read again without faults, from an empty shadow index: identical payloads.
    await h.sql(sql`delete from shadow_record where clever_district_id = ${E}`);
    const clean = await h.control.syncNow(E);
    await h.settle();
    expect(clean.counts).toEqual(faulty.counts);
    expect(payloads(clean.id)).toEqual(withFaults);
  });

  it('follows a rotated token without disconnecting', async () => {
    await h.control.syncNow(F);
    sandbox.admin.rotateToken(F);
    sandbox.admin.updateUser(F, sandbox.admin.sampleIds(F, 'users', { role: 'teacher', limit: 1 })[0], { name: { middle: 'R' } });
    const poll = await h.control.pollEvents(F);
    expect(poll?.kind).toBe('applied');
    expect((await h.control.status(F)).connection.state).toBe('connected');
  });

  it('a revoked token marks the district disconnected and deletes nothing; it reconnects when a token returns', async () => {
    await h.settle();
    const before = h.dataEvents(F).length;
    const [{ active }] = await h.sql<{ active: number }>(sql`select count(*)::int as active from shadow_record where clever_district_id = ${F} and status = 'active'`);
    sandbox.admin.revokeToken(F);

    const queued = await h.api('POST', `/districts/${F}/sync`, principalFor(F));
    expect(queued.status).toBe(202);
    const work = await h.control.runDistrict(F);
    expect(work.full).toMatchObject({ status: 'failed', errorCode: 'CLEVER_TOKEN_REVOKED' });
    await h.settle();

    const after = h.dataEvents(F).slice(before);
    expect(after.map((e) => [e.type, e.data.reason])).toEqual([['roster.district.disconnected', 'token_revoked']]);
    expect(h.published({ districtId: F, type: 'roster.sync-run.failed' }).find((e) => e.data.runId === queued.body.runId)?.data.error.code).toBe('CLEVER_TOKEN_REVOKED');
    const [{ stillActive }] = await h.sql<{ stillActive: number }>(sql`select count(*)::int as "stillActive" from shadow_record where clever_district_id = ${F} and status = 'active'`);
    expect(stillActive).toBe(active);
    const status = (await h.api('GET', `/districts/${F}/sync`, principalFor(F))).body;
    expect(status.connection.state).toBe('disconnected');
    expect((await h.api('POST', `/districts/${F}/sync`, principalFor(F))).body.code).toBe('INGESTION.DISTRICT_DISCONNECTED');
    // Discovery does not list it any more: it stays disconnected, and nothing is polled.
    expect((await h.control.discover()).connected).not.toContain(F);
    expect(await h.control.pollEvents(F)).toBeUndefined();

    // The district authorizes the app again: a new token is listed, discovery reconnects it, a full sync
    // runs and only the district itself is published again (its data did not change).
    sandbox.admin.rotateToken(F);
    expect((await h.control.discover()).reconnected).toEqual([F]);
    const resync = await h.control.runDistrict(F);
    expect(resync.full).toMatchObject({ status: 'completed', trigger: 'initial' });
    await h.settle();
    const reconnected = h.dataEvents(F).slice(before + 1);
    expect(reconnected.map((e) => [e.type, e.subject])).toEqual([['roster.district.upserted', F]]);
    expect(reconnected[0].version).toBe(after[0].version + 1);
    expect((await h.control.status(F)).connection.state).toBe('connected');
  });

  it('a dead-lettered roster event queues a resync that publishes that record again', async () => {
    await h.settle();
    const [userId] = sandbox.admin.sampleIds(E, 'users', { role: 'student', limit: 1 });
    const last = h.dataEvents(E).filter((e) => e.subject === userId).pop()!;
    const before = h.dataEvents(E).length;
    // What identity's inbox does with a poison message: the original value, with error headers.
    const poisoned = buildEnvelope(Events.userUpserted, { ...last, source: 'clever-ingestion' });
    await h.bus.publish([
      { topic: dlqTopicName(Events.userUpserted.topic.name), key: userId, value: JSON.stringify(poisoned), headers: { ...envelopeHeaders(poisoned), 'x-error-code': 'TEST' } },
    ]);
    const run = await eventually(async () => (await h.sql<{ id: string }>(sql`select id from sync_run where clever_district_id = ${E} and trigger = 'resync_request' and status = 'queued'`))[0], 30_000, 'resync queued');
    const work = await h.control.runDistrict(E);
    expect(work.full).toMatchObject({ id: run.id, status: 'completed', updated: 1 });
    await h.settle();
    const republished = h.dataEvents(E).slice(before);
    expect(republished.map((e) => [e.type, e.subject])).toEqual([['roster.user.upserted', userId]]);
    expect(republished[0].version).toBe(last.version + 1);
    expect(republished[0].data).toEqual(last.data);
  });

  it('the scheduler claims the nightly run when due, and retries a full run that failed on Clever\'s side', async () => {
    await h.sql(sql`update district_connection set next_full_sync_at = now() - interval '1 second' where clever_district_id = ${E}`);
    await h.control.tick();
    const latest = async () =>
      (await h.sql<{ trigger: string; status: string; error_code: string | null; due: boolean }>(sql`select trigger, status, error_code, not_before <= now() as due from sync_run where clever_district_id = ${E} and kind = 'full' order by queued_at desc limit 2`));
    expect((await latest())[0]).toMatchObject({ trigger: 'schedule', status: 'completed' });
    const [conn] = await h.sql<{ future: boolean }>(sql`select next_full_sync_at > now() + interval '1 minute' as future from district_connection where clever_district_id = ${E}`);
    expect(conn.future).toBe(true); // claimed: the next one is the cron's next time
    await h.control.tick();
    expect((await latest())[0]).toMatchObject({ trigger: 'schedule', status: 'completed' }); // not twice

    sandbox.admin.injectFault({ kind: 'server_error', count: 10, status: 502, pathContains: '/schools', districtId: E });
    const failed = await h.control.syncNow(E);
    sandbox.admin.clearFaults();
    expect(failed).toMatchObject({ status: 'failed', error: expect.stringMatching(/^CLEVER_UNAVAILABLE: /) });
    const [retry] = await latest();
    expect(retry).toMatchObject({ trigger: 'manual', status: 'queued', due: false });
    await h.sql(sql`update sync_run set not_before = now() where clever_district_id = ${E} and status = 'queued'`);
    await h.control.tick();
    expect((await latest())[0]).toMatchObject({ trigger: 'manual', status: 'completed' });
  });
});
