/**
 * The mass-change safeguard and the internal HTTP API (docs/internal-api.md, clever-ingestion): a run
 * that would archive more than the threshold is held (from a full sync, and from the events feed);
 * approve publishes the removals, reject discards them; scope re-checks on every endpoint.
 */
import { createSandbox, type Sandbox } from '@roster/clever-sandbox';
import { IngestionHarness, principalFor } from '../../testing/ingestion-harness';

describe('mass-change safeguard and the internal API', () => {
  let sandbox: Sandbox;
  let h: IngestionHarness;
  let D: string;
  let other: string;
  const admin = () => principalFor(D);

  beforeAll(async () => {
    sandbox = createSandbox({ seed: 'ingestion-safeguard', districts: [{ users: 400, schools: 2 }, { users: 60 }] });
    const { url } = await sandbox.start();
    [D, other] = sandbox.admin.districts().map((d) => d.id);
    h = await IngestionHarness.start('ingestion_safeguard', { url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret });
    await h.control.discover();
    expect((await h.control.syncNow(D)).status).toBe('completed');
    await h.settle();
  });

  afterAll(async () => {
    await h?.close();
    await sandbox?.close();
  });

  it('checks the caller: district admins of the district only; another district is 404; students 403', async () => {
    expect((await h.api('GET', `/districts/${D}/sync`, undefined)).status).toBe(401);
    expect((await h.api('GET', `/districts/${D}/sync`, principalFor(other))).body.code).toBe('IDENTITY.DISTRICT_NOT_FOUND');
    const student = await h.api('GET', `/districts/${D}/sync`, principalFor(D, ['student']));
    expect([student.status, student.body.code]).toEqual([403, 'ACCESS.STUDENT_NO_ACCESS']);
    const teacher = await h.api('POST', `/districts/${D}/sync`, principalFor(D, ['teacher']));
    expect([teacher.status, teacher.body.code]).toEqual([403, 'ACCESS.DISTRICT_ADMIN_REQUIRED']);
    const schoolAdmin = await h.api('PATCH', `/districts/${D}/settings`, principalFor(D, ['school_admin']), { safeguardThresholdPercent: 1 });
    expect([schoolAdmin.status, schoolAdmin.body.code]).toEqual([403, 'ACCESS.DISTRICT_ADMIN_REQUIRED']);
    // The platform's named system callers may act on any district (kept through the policy); others may not.
    expect((await h.api('GET', `/districts/${D}/sync`, { system: 'operator' })).status).toBe(200);
    const stranger = await h.api('GET', `/districts/${D}/sync`, { system: 'someone' });
    expect([stranger.status, stranger.body.code]).toEqual([403, 'ACCESS.SYSTEM_ONLY']);
    expect((await h.api('GET', `/districts/unknown-district/sync`, principalFor('unknown-district'))).body.code).toBe('IDENTITY.DISTRICT_NOT_FOUND');

    const status = await h.api('GET', `/districts/${D}/sync`, admin());
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({
      cleverDistrictId: D,
      connection: { state: 'connected' },
      settings: { safeguardThresholdPercent: 25 },
      held: null,
      rejected: [],
    });
    expect(status.body.lastSuccessfulFullSyncAt).toEqual(expect.any(String));
    expect(status.body.runs[0]).toMatchObject({ kind: 'full', trigger: 'initial', status: 'completed' });
  });

  it('exports its metrics, with the last successful sync per district under the alert\'s name', async () => {
    const text = await (await fetch(`${h.service.managementUrl}/metrics`)).text();
    expect(text).toMatch(new RegExp(`roster_sync_last_success_timestamp_seconds\\{district_id="${D}"\\} \\d+`));
    expect(text).toMatch(/roster_clever_ingestion_clever_requests_total\{endpoint="users",status="200"\} \d+/);
    expect(text).toMatch(/roster_clever_ingestion_sync_records_total\{record_type="user",outcome="created"\} \d+/);
    expect(text).toMatch(/roster_clever_ingestion_sync_run_duration_seconds_count\{kind="full",status="completed"\} \d+/);
  });

  it('sync now: 202 with the run id, 409 SYNC_ALREADY_RUNNING while it is queued', async () => {
    const first = await h.api('POST', `/districts/${D}/sync`, admin());
    expect(first.status).toBe(202);
    const again = await h.api('POST', `/districts/${D}/sync`, admin());
    expect([again.status, again.body.code, again.body.runId]).toEqual([409, 'INGESTION.SYNC_ALREADY_RUNNING', first.body.runId]);
    const work = await h.control.runDistrict(D);
    expect(work.full).toMatchObject({ id: first.body.runId, trigger: 'manual', status: 'completed' });
  });

  it('holds a full sync that would archive more than the threshold; approve publishes the removals', async () => {
    const patched = await h.api('PATCH', `/districts/${D}/settings`, admin(), { safeguardThresholdPercent: 10 });
    expect([patched.status, patched.body]).toEqual([200, { safeguardThresholdPercent: 10 }]);
    expect((await h.api('PATCH', `/districts/${D}/settings`, admin(), { safeguardThresholdPercent: 150 })).body.code).toBe('VALIDATION_FAILED');

    // Sharing changes made while the feed is off: only a full sync sees them.
    sandbox.admin.setEventsEnabled(false);
    const gone = sandbox.admin.sampleIds(D, 'users', { role: 'student', limit: 60 });
    for (const id of gone) sandbox.admin.unshareUser(D, id);
    const renamed = sandbox.admin.sampleIds(D, 'users', { role: 'teacher', limit: 1 })[0];
    sandbox.admin.updateUser(D, renamed, { name: { last: 'Renamed' } });
    sandbox.admin.setEventsEnabled(true);
    const before = h.dataEvents(D).length;

    const { body } = await h.api('POST', `/districts/${D}/sync`, admin());
    const work = await h.control.runDistrict(D);
    expect(work.full).toMatchObject({ id: body.runId, status: 'held', heldRemovals: 60 });
    await h.settle();
    // Upserts are applied; removals wait.
    const during = h.dataEvents(D).slice(before);
    expect(during.map((e) => [e.type, e.subject])).toEqual([['roster.user.upserted', renamed]]);
    const status = (await h.api('GET', `/districts/${D}/sync`, admin())).body;
    // Held by the whole district's threshold (60 students are under the students' 25 %).
    expect(status.held).toEqual({ runId: body.runId, removals: 60, activeUsers: expect.any(Number), thresholdPercent: 10, roles: ['all'] });
    expect(status.runs[0]).toMatchObject({ id: body.runId, status: 'held', heldRemovals: 60, counts: { updated: 1, archived: 0 } });
    const heldEvent = h.published({ districtId: D, type: 'roster.sync-run.held' }).find((e) => e.data.runId === body.runId);
    expect(heldEvent?.data).toMatchObject({ heldRemovals: 60, thresholdPercent: 10, counts: { archived: 0 } });
    // The event says which rule held it (here only the whole district's), as the run does.
    expect(heldEvent?.data.holdReasons).toEqual([{ role: 'all', removals: 60, activeAccounts: expect.any(Number), thresholdPercent: 10 }]);

    const outsider = await h.api('POST', `/districts/${D}/sync/runs/${body.runId}/approve`, principalFor(other));
    expect([outsider.status, outsider.body.code]).toEqual([404, 'IDENTITY.DISTRICT_NOT_FOUND']);
    const unknownRun = await h.api('POST', `/districts/${D}/sync/runs/00000000-0000-4000-8000-000000000000/approve`, admin());
    expect([unknownRun.status, unknownRun.body.code]).toEqual([404, 'INGESTION.RUN_NOT_FOUND']);
    const teacher = await h.api('POST', `/districts/${D}/sync/runs/${body.runId}/approve`, principalFor(D, ['teacher']));
    expect([teacher.status, teacher.body.code]).toEqual([403, 'ACCESS.DISTRICT_ADMIN_REQUIRED']);
    const approved = await h.api('POST', `/districts/${D}/sync/runs/${body.runId}/approve`, admin());
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ id: body.runId, status: 'completed', counts: { archived: 60, updated: 1 } });
    await h.settle();
    const removed = h.dataEvents(D).slice(before).filter((e) => e.type === 'roster.user.removed');
    expect(removed.map((e) => e.subject).sort()).toEqual([...gone].sort());
    expect(removed.every((e) => e.data.reason === 'unshared' && e.version === 2)).toBe(true);
    const completed = h.published({ districtId: D, type: 'roster.sync-run.completed' }).find((e) => e.data.runId === body.runId);
    expect(completed?.data.counts).toMatchObject({ archived: 60 });

    const twice = await h.api('POST', `/districts/${D}/sync/runs/${body.runId}/approve`, admin());
    expect([twice.status, twice.body.code]).toEqual([409, 'INGESTION.RUN_NOT_HELD']);
    expect((await h.api('GET', `/districts/${D}/sync`, admin())).body.held).toBeNull();
  });

  it('holds mass removals reported by the events feed too; reject discards them', async () => {
    const before = h.dataEvents(D).length;
    const gone = sandbox.admin.sampleIds(D, 'users', { role: 'student', limit: 45 });
    for (const id of gone) sandbox.admin.unshareUser(D, id); // users.deleted events

    const poll = await h.control.pollEvents(D);
    expect(poll?.kind).toBe('safeguard');
    const resyncRunId = poll?.kind === 'safeguard' ? poll.resyncRunId : '';
    const work = await h.control.runDistrict(D);
    expect(work.full).toMatchObject({ id: resyncRunId, status: 'held', heldRemovals: 45 });
    // The held run's cursor is past their events: the catch-up poll finds nothing to archive.
    expect(work.poll?.kind).toBe('no_events');
    await h.settle();
    expect(h.dataEvents(D).slice(before)).toEqual([]);

    const rejected = await h.api('POST', `/districts/${D}/sync/runs/${resyncRunId}/reject`, admin());
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ id: resyncRunId, status: 'rejected', counts: { archived: 0 } });
    await h.settle();
    expect(h.dataEvents(D).slice(before)).toEqual([]);
    expect((await h.api('POST', `/districts/${D}/sync/runs/${resyncRunId}/approve`, admin())).body.code).toBe('INGESTION.RUN_NOT_HELD');
    const status = (await h.api('GET', `/districts/${D}/sync`, admin())).body;
    expect(status.held).toBeNull();
    expect(status.runs.find((r: { id: string }) => r.id === resyncRunId).status).toBe('rejected');
    // Nothing further comes from the feed for them: the cursor moved past their events. Another unshare
    // while a run is held would wait with it (see the unit specs of planEvents); after the decision the
    // feed applies again.
    expect((await h.control.pollEvents(D))?.kind).toBe('no_events');
    const single = sandbox.admin.sampleIds(D, 'users', { role: 'teacher', limit: 1 })[0];
    sandbox.admin.unshareUser(D, single);
    expect((await h.control.pollEvents(D))?.kind).toBe('applied');
    await h.settle();
    expect(h.dataEvents(D).slice(before).map((e) => [e.type, e.subject])).toEqual([['roster.user.removed', single]]);
  });

  it('answers exactly what its internal contracts (@roster/internal-api) declare', () => {
    // Every 2xx answer above went through the contract check of the harness.
    expect(h.contractMismatches).toEqual([]);
    expect([...h.contractsChecked].sort()).toEqual(['settings', 'syncRun', 'syncStarted', 'syncStatus']);
  });
});
