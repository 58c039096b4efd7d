/**
 * Sync preview and the safeguard per role (issue 15), on the real broker and PostgreSQL with the Clever
 * sandbox: a preview reads all of Clever and publishes nothing, changes nothing (outbox rows, topic messages,
 * shadow index, cursor and last successful sync compared before and after), and what it lists is what the
 * following real run then does; a run that would archive 30 % of the teachers but 5 % of the students is
 * held "for teachers", and its change list names exactly the accounts approving it archives.
 */
import { createSandbox, type Sandbox } from '@roster/clever-sandbox';
import { sql } from '@roster/persistence';
import { IngestionHarness, principalFor } from '../../testing/ingestion-harness';
import { INGESTION_CONTEXT, RunAborted, type IngestionContext } from '../../runtime/context';
import { ConnectDistrictsHandler } from '../connect-districts/connect-districts.handler';
import { PreviewSyncHandler } from './preview-sync.handler';

interface Change {
  kind: string;
  recordType: string;
  cleverId: string;
  role?: string;
  schoolCleverId?: string;
  schoolName?: string;
  displayName?: string;
  reason?: string;
}

const ALLOWED_FIELDS = ['kind', 'recordType', 'cleverId', 'role', 'schoolCleverId', 'schoolName', 'displayName', 'reason'];

describe('sync preview and the safeguard per role', () => {
  let sandbox: Sandbox;
  let h: IngestionHarness;
  let D: string;
  let other: string;
  const admin = () => principalFor(D);

  /** Every page of a run's changes of one kind (small pages: the cursor is exercised). */
  async function allChanges(runId: string, kind: string): Promise<Change[]> {
    const out: Change[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `kind=${kind}&limit=7${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await h.api('GET', `/districts/${D}/sync/runs/${runId}/changes?${q}`, admin());
      expect(page.status).toBe(200);
      out.push(...page.body.data);
      cursor = page.body.nextCursor;
    } while (cursor);
    return out;
  }

  /** Everything a preview must leave as it was: the shadow index, the connection (cursor, last success), the outbox. */
  async function untouchedState() {
    const [shadow] = await h.sql<{ digest: string; n: number }>(
      sql`select md5(string_agg(s::text, '|' order by record_type, clever_id)) as digest, count(*)::int as n from shadow_record s`,
    );
    const [conn] = await h.sql(
      sql`select events_cursor, events_cursor_at, cursor_initialized, last_full_sync_at, last_successful_full_sync_at, run_events_version from district_connection where clever_district_id = ${D}`,
    );
    const [outbox] = await h.sql<{ n: number }>(sql`select count(*)::int as n from outbox_message`);
    const [rejections] = await h.sql<{ n: number }>(sql`select count(*)::int as n from sync_rejection`);
    return { shadow, conn, outbox: outbox.n, rejections: rejections.n };
  }

  beforeAll(async () => {
    sandbox = createSandbox({
      seed: 'ingestion-preview',
      districts: [{ schools: 2, districtAdmins: 1, schoolAdmins: 2, multiRole: 0, teachers: 40, students: 300, contacts: 4 }, { users: 60 }],
    });
    const { url } = await sandbox.start();
    [D, other] = sandbox.admin.districts().map((d) => d.id);
    // Small pages, so that a preview spans many transactions (the resume test interrupts one between pages).
    h = await IngestionHarness.start('ingestion_preview', { url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret }, { clever: { pageSize: 50 } });
    await h.control.discover();
    expect((await h.control.syncNow(D)).status).toBe('completed');
    expect((await h.control.syncNow(other)).status).toBe('completed');
    // One student removed through the feed, so a preview can see a restore later.
    const removed = sandbox.admin.sampleIds(D, 'users', { role: 'student', limit: 1, after: sandbox.admin.sampleIds(D, 'users', { role: 'student', limit: 200 })[199] })[0];
    sandbox.admin.unshareUser(D, removed);
    expect((await h.control.pollEvents(D))?.kind).toBe('applied');
    await h.settle();
  });

  afterAll(async () => {
    await h?.close();
    await sandbox?.close();
  });

  it('checks the caller and the run: another district 404, teachers 403, unknown runs 404, bad kinds 400', async () => {
    const outsider = await h.api('POST', `/districts/${D}/sync/preview`, principalFor(other));
    expect([outsider.status, outsider.body.code]).toEqual([404, 'IDENTITY.DISTRICT_NOT_FOUND']);
    const teacher = await h.api('POST', `/districts/${D}/sync/preview`, principalFor(D, ['teacher']));
    expect([teacher.status, teacher.body.code]).toEqual([403, 'ACCESS.DISTRICT_ADMIN_REQUIRED']);
    const schoolAdmin = await h.api('GET', `/districts/${D}/sync/runs/00000000-0000-4000-8000-000000000000/changes?kind=created`, principalFor(D, ['school_admin']));
    expect([schoolAdmin.status, schoolAdmin.body.code]).toEqual([403, 'ACCESS.DISTRICT_ADMIN_REQUIRED']);
    const unknown = await h.api('GET', `/districts/${D}/sync/runs/00000000-0000-4000-8000-000000000000/changes?kind=created`, admin());
    expect([unknown.status, unknown.body.code]).toEqual([404, 'INGESTION.RUN_NOT_FOUND']);
    const [otherRun] = (await h.control.status(other)).runs;
    const foreignRun = await h.api('GET', `/districts/${D}/sync/runs/${otherRun.id}/changes?kind=created`, admin());
    expect([foreignRun.status, foreignRun.body.code]).toEqual([404, 'INGESTION.RUN_NOT_FOUND']);
    const [ownRun] = (await h.control.status(D)).runs.filter((r) => r.kind === 'full');
    expect((await h.api('GET', `/districts/${D}/sync/runs/${ownRun.id}/changes?kind=everything`, admin())).body.code).toBe('VALIDATION_FAILED');
    expect((await h.api('GET', `/districts/${D}/sync/runs/${ownRun.id}/changes`, admin())).body.code).toBe('VALIDATION_FAILED');
    const notRecorded = await h.api('GET', `/districts/${D}/sync/runs/${ownRun.id}/changes?kind=created`, admin());
    expect([notRecorded.status, notRecorded.body.code]).toEqual([409, 'INGESTION.CHANGES_NOT_RECORDED']);
  });

  it('a preview publishes nothing and changes nothing; its changes are what the next real run does', async () => {
    const admin_ = sandbox.admin;
    // Changes made while the feed is off: only a full read sees them.
    admin_.setEventsEnabled(false);
    const students = admin_.sampleIds(D, 'users', { role: 'student', limit: 300 });
    const gone = students.slice(10, 15); // 5 students: under every threshold
    for (const id of gone) admin_.unshareUser(D, id);
    const renamed = admin_.sampleIds(D, 'users', { role: 'teacher', limit: 3 });
    for (const id of renamed) admin_.updateUser(D, id, { name: { last: 'Renamed' } });
    const [school] = admin_.sampleIds(D, 'schools', { limit: 1 });
    const added = String(admin_.createUser(D, { name: { first: 'Newly', last: 'Shared' }, email: 'newly@example.org', roles: { student: { school, schools: [school], grade: '3' } } }).id);
    const back = (await h.sql<{ clever_id: string }>(sql`select clever_id from shadow_record where status = 'removed' and record_type = 'user' and clever_district_id = ${D}`)).map((r) => r.clever_id);
    expect(back).toHaveLength(1);
    admin_.reshareUser(D, back[0]);
    admin_.addMalformedUser(D, 'missing_name');
    admin_.setEventsEnabled(true);

    await h.settle();
    const before = await untouchedState();
    const messagesBefore = h.collector.messages.length;
    const lastSuccessBefore = (await h.control.status(D)).lastSuccessfulFullSyncAt;

    const started = await h.api('POST', `/districts/${D}/sync/preview`, admin());
    expect(started.status).toBe(202);
    const again = await h.api('POST', `/districts/${D}/sync/preview`, admin());
    expect([again.status, again.body.code, again.body.runId]).toEqual([409, 'INGESTION.SYNC_ALREADY_RUNNING', started.body.runId]);
    const work = await h.control.runDistrict(D);
    expect(work.full).toBeUndefined();
    expect(work.preview).toMatchObject({ id: started.body.runId, mode: 'preview', status: 'completed' });

    // Nothing changed: no outbox row (so no topic message), the index, the cursor, the last success as they were.
    expect(await untouchedState()).toEqual(before);
    const status = await h.control.status(D);
    expect(status.lastSuccessfulFullSyncAt).toBe(lastSuccessBefore);
    const previewRun = status.runs.find((r) => r.id === started.body.runId)!;
    expect(previewRun).toMatchObject({ kind: 'full', mode: 'preview', status: 'completed', counts: { created: 1, archived: 5, restored: 1, rejected: 1 } });
    expect(previewRun.holdReasons).toBeUndefined();
    const [seen] = await h.sql<{ n: number }>(sql`select count(*)::int as n from sync_preview_seen`);
    expect(seen.n).toBe(0);

    const changes = {
      created: await allChanges(started.body.runId, 'created'),
      updated: await allChanges(started.body.runId, 'updated'),
      archived: await allChanges(started.body.runId, 'archived'),
      restored: await allChanges(started.body.runId, 'restored'),
      rejected: await allChanges(started.body.runId, 'rejected'),
    };
    // What a change shows: Clever id, type, role, school, display name — nothing else personal.
    for (const c of Object.values(changes).flat()) expect(Object.keys(c).every((k) => ALLOWED_FIELDS.includes(k))).toBe(true);
    expect(changes.created).toEqual([
      { kind: 'created', recordType: 'user', cleverId: added, role: 'student', schoolCleverId: school, schoolName: expect.any(String), displayName: 'Newly Shared' },
    ]);
    const updatedUsers = changes.updated.filter((c) => c.recordType === 'user');
    expect(updatedUsers.map((c) => c.cleverId).sort()).toEqual([...renamed].sort());
    expect(updatedUsers.every((c) => c.role === 'teacher' && c.displayName?.endsWith(' Renamed'))).toBe(true);
    expect(changes.archived.map((c) => c.cleverId).sort()).toEqual([...gone].sort());
    // A record nobody shares any more is shown by the name the index kept of it.
    expect(changes.archived.every((c) => c.role === 'student' && c.displayName && c.schoolCleverId && c.schoolName)).toBe(true);
    expect(changes.restored.map((c) => c.cleverId)).toEqual(back);
    expect(changes.rejected).toEqual([{ kind: 'rejected', recordType: 'user', cleverId: expect.any(String), reason: 'MISSING_NAME' }]);

    // The real run that follows does exactly that.
    const publishedBefore = h.dataEvents(D).length;
    const real = await h.control.syncNow(D);
    await h.settle();
    expect(real).toMatchObject({ mode: 'apply', status: 'completed' });
    expect(real.counts).toEqual(previewRun.counts);
    const published = h.dataEvents(D).slice(publishedBefore);
    const upserted = published.filter((e) => e.type.endsWith('.upserted')).map((e) => e.subject).sort();
    const removed = published.filter((e) => e.type.endsWith('.removed')).map((e) => e.subject).sort();
    expect(upserted).toEqual([...changes.created, ...changes.updated, ...changes.restored].map((c) => c.cleverId).sort());
    expect(removed).toEqual(changes.archived.map((c) => c.cleverId).sort());
    expect((await h.control.status(D)).rejected.filter((r) => r.runId === real.id).map((r) => r.cleverId)).toEqual(changes.rejected.map((c) => c.cleverId));
    // Nothing on any topic came from the preview: every message since is the real run's (data and run events).
    const since = h.collector.messages.slice(messagesBefore).map((m) => JSON.parse(m.value ?? '{}'));
    expect(since.length).toBeGreaterThan(0);
    expect(since.filter((e) => JSON.stringify(e).includes(started.body.runId))).toEqual([]);
  });

  it('holds a run that archives 30 % of the teachers but 5 % of the students, and says "teachers"', async () => {
    const admin_ = sandbox.admin;
    const status0 = await h.control.status(D);
    expect(status0.settings).toEqual({ safeguardThresholdPercent: 25, safeguardThresholds: { students: 25, teachers: 25, staff: 10 }, safeguardMinimumCount: 10 });
    admin_.setEventsEnabled(false);
    const teachers = admin_.sampleIds(D, 'users', { role: 'teacher', limit: 100 });
    expect(teachers).toHaveLength(40);
    const students = admin_.sampleIds(D, 'users', { role: 'student', limit: 400 });
    const goneTeachers = teachers.slice(0, 12); // 30 %
    const goneStudents = students.slice(100, 115); // 15 of 296: 5 %
    for (const id of [...goneTeachers, ...goneStudents]) admin_.unshareUser(D, id);
    admin_.setEventsEnabled(true);
    const expected = [...goneTeachers, ...goneStudents].sort();

    // The preview says so first, without holding anything.
    const preview = await h.api('POST', `/districts/${D}/sync/preview`, admin());
    const previewRun = (await h.control.runDistrict(D)).preview!;
    expect(previewRun).toMatchObject({ id: preview.body.runId, mode: 'preview', status: 'completed', archived: 27 });
    expect(previewRun.holdReasons).toEqual([{ role: 'teachers', removals: 12, activeAccounts: 40, thresholdPercent: 25 }]);
    expect((await h.control.status(D)).held).toBeNull();

    const before = h.dataEvents(D).length;
    const run = await h.control.syncNow(D);
    await h.settle();
    expect(run).toMatchObject({ status: 'held', heldRemovals: 27, holdReasons: [{ role: 'teachers', removals: 12, activeAccounts: 40, thresholdPercent: 25 }] });
    const status = await h.control.status(D);
    expect(status.held).toMatchObject({ runId: run.id, removals: 27, roles: ['teachers'] });
    // So does `roster.sync-run.held`: consumers (alerts, other services) learn which role held it.
    const heldEvent = h.published({ districtId: D, type: 'roster.sync-run.held' }).find((e) => e.data.runId === run.id);
    expect(heldEvent?.data.holdReasons).toEqual([{ role: 'teachers', removals: 12, activeAccounts: 40, thresholdPercent: 25 }]);

    // Exactly whom approving it would archive, with their roles.
    const pending = await allChanges(run.id, 'archived');
    expect(pending.map((c) => c.cleverId).sort()).toEqual(expected);
    expect(pending.filter((c) => c.role === 'teacher').map((c) => c.cleverId).sort()).toEqual([...goneTeachers].sort());
    expect(pending.every((c) => c.kind === 'archived' && c.recordType === 'user' && c.displayName)).toBe(true);
    // The preview listed the same accounts.
    expect((await allChanges(preview.body.runId, 'archived')).map((c) => c.cleverId).sort()).toEqual(expected);
    const applied = await h.api('GET', `/districts/${D}/sync/runs/${run.id}/changes?kind=updated`, admin());
    expect([applied.status, applied.body.code]).toEqual([409, 'INGESTION.CHANGES_NOT_RECORDED']);

    const approved = await h.api('POST', `/districts/${D}/sync/runs/${run.id}/approve`, admin());
    expect(approved.body).toMatchObject({ status: 'completed', counts: { archived: 27 } });
    await h.settle();
    const removed = h.dataEvents(D).slice(before).filter((e) => e.type === 'roster.user.removed').map((e) => e.subject).sort();
    expect(removed).toEqual(expected);
    // Once decided, the run has no pending archives to list.
    expect((await h.api('GET', `/districts/${D}/sync/runs/${run.id}/changes?kind=archived`, admin())).body.code).toBe('INGESTION.CHANGES_NOT_RECORDED');
  });

  it('a role under the minimum count never holds; the thresholds per role are district settings', async () => {
    const bad = await h.api('PATCH', `/districts/${D}/settings`, admin(), { safeguardThresholds: { teachers: 150 } });
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await h.api('PATCH', `/districts/${D}/settings`, admin(), {})).body.code).toBe('VALIDATION_FAILED');
    expect((await h.api('PATCH', `/districts/${D}/settings`, admin(), { safeguardThresholds: { admins: 5 } })).body.code).toBe('VALIDATION_FAILED');
    const teacher = await h.api('PATCH', `/districts/${D}/settings`, principalFor(D, ['teacher']), { safeguardMinimumCount: 1 });
    expect([teacher.status, teacher.body.code]).toEqual([403, 'ACCESS.DISTRICT_ADMIN_REQUIRED']);
    expect((await h.control.status(D)).settings.safeguardMinimumCount).toBe(10);

    const patched = await h.api('PATCH', `/districts/${D}/settings`, admin(), { safeguardThresholds: { teachers: 5 }, safeguardMinimumCount: 3 });
    expect([patched.status, patched.body]).toEqual([200, { safeguardThresholds: { students: 25, teachers: 5, staff: 10 }, safeguardMinimumCount: 3 }]);
    expect((await h.control.status(D)).settings).toEqual({ safeguardThresholdPercent: 25, safeguardThresholds: { students: 25, teachers: 5, staff: 10 }, safeguardMinimumCount: 3 });

    // 2 of 28 teachers (7 %) is over the 5 % threshold but under the minimum of 3: applied.
    sandbox.admin.setEventsEnabled(false);
    const teachers = sandbox.admin.sampleIds(D, 'users', { role: 'teacher', limit: 100 });
    for (const id of teachers.slice(0, 2)) sandbox.admin.unshareUser(D, id);
    expect(await h.control.syncNow(D)).toMatchObject({ status: 'completed', counts: { archived: 2 } });
    // 3 more (3 of 26, 11.5 %) reach the minimum: held for teachers.
    for (const id of teachers.slice(2, 5)) sandbox.admin.unshareUser(D, id);
    sandbox.admin.setEventsEnabled(true);
    const held = await h.control.syncNow(D);
    expect(held).toMatchObject({ status: 'held', heldRemovals: 3 });
    expect(held.holdReasons?.map((r) => r.role)).toEqual(['teachers']);
    await h.control.reject(D, held.id);
  });

  it('judges the events feed per role too: unshares of teachers reported as events hold the resync for teachers', async () => {
    // Settings from the test before: teachers 5 %, minimum 3. Its rejected run's 3 teachers are still active here.
    const teachers = sandbox.admin.sampleIds(D, 'users', { role: 'teacher', limit: 100 });
    const gone = teachers.slice(0, 3);
    for (const id of gone) sandbox.admin.unshareUser(D, id); // users.deleted events
    const before = h.dataEvents(D).length;
    const poll = await h.control.pollEvents(D);
    expect(poll?.kind).toBe('safeguard');
    const work = await h.control.runDistrict(D);
    expect(work.full).toMatchObject({ status: 'held', heldRemovals: 6 });
    expect(work.full?.holdReasons?.map((r) => r.role)).toEqual(['teachers']);
    await h.settle();
    expect(h.dataEvents(D).slice(before).filter((e) => e.type === 'roster.user.removed')).toEqual([]);
    const pending = await allChanges(work.full!.id, 'archived');
    expect(pending).toHaveLength(6);
    expect(pending.map((c) => c.cleverId)).toEqual(expect.arrayContaining(gone));
    await h.control.reject(D, work.full!.id);
  });

  it('serializes a preview and a real run of the same district (neither refuses nor joins the other)', async () => {
    const preview = await h.api('POST', `/districts/${D}/sync/preview`, admin());
    expect(preview.status).toBe(202);
    // "Sync now" while a preview waits queues a real run of its own (it does not join the preview), and back.
    const real = await h.api('POST', `/districts/${D}/sync`, admin());
    expect(real.status).toBe(202);
    expect(real.body.runId).not.toBe(preview.body.runId);
    const work = await h.control.runDistrict(D);
    expect(work.full).toMatchObject({ id: real.body.runId, mode: 'apply' });
    expect(work.preview).toMatchObject({ id: preview.body.runId, mode: 'preview', status: 'completed' });
    // Under the district's one lock: the preview started after the real run had finished.
    expect(work.preview!.startedAt!.getTime()).toBeGreaterThanOrEqual(work.full!.finishedAt!.getTime());
  });

  it('an interrupted preview resumes from its last page and lists what an uninterrupted one does', async () => {
    const interrupted = (await h.api('POST', `/districts/${D}/sync/preview`, admin())).body.runId as string;
    const ctx = h.service.app.get<symbol, IngestionContext>(INGESTION_CONTEXT);
    // The service stops after a few pages (the same signal a shutdown gives): the run stays `running` mid-read.
    let checks = 0;
    const stopping = { get aborted() { return ++checks > 5; } } as AbortSignal;
    await expect(h.service.app.get(PreviewSyncHandler).run(interrupted, ctx.clever.handle(D)!, stopping)).rejects.toBeInstanceOf(RunAborted);
    const [mid] = await h.sql<{ status: string; phase: string; phase_after: string | null }>(sql`select status, phase, phase_after from sync_run where id = ${interrupted}::uuid`);
    expect(mid).toEqual({ status: 'running', phase: 'users', phase_after: expect.any(String) });
    expect((await h.control.runDistrict(D)).preview).toMatchObject({ id: interrupted, status: 'completed' });

    const whole = (await h.api('POST', `/districts/${D}/sync/preview`, admin())).body.runId as string;
    expect((await h.control.runDistrict(D)).preview).toMatchObject({ id: whole, status: 'completed' });
    const runs = (await h.control.status(D)).runs;
    expect(runs.find((r) => r.id === interrupted)!.counts).toEqual(runs.find((r) => r.id === whole)!.counts);
    // The district keeps its latest preview's list only: the interrupted one's rows went when the next started.
    const [kept] = await h.sql<{ n: number }>(sql`select count(*)::int as n from sync_run_change where run_id = ${interrupted}::uuid`);
    expect(kept.n).toBe(0);
    expect((await allChanges(whole, 'archived')).length).toBe(runs.find((r) => r.id === whole)!.counts.archived);
  });

  it('a preview a disconnect ends fails quietly: no sync-run event for it', async () => {
    const queued = await h.api('POST', `/districts/${other}/sync/preview`, principalFor(other));
    expect(queued.status).toBe(202);
    const [before] = await h.sql<{ n: number }>(sql`select count(*)::int as n from outbox_message where event_type like 'roster.sync-run.%'`);
    expect(await h.service.app.get(ConnectDistrictsHandler).disconnect(other, 'token_revoked')).toBe(true);
    const [run] = await h.sql<{ status: string; error_code: string }>(sql`select status, error_code from sync_run where id = ${queued.body.runId}::uuid`);
    expect(run).toEqual({ status: 'failed', error_code: 'DISTRICT_DISCONNECTED' });
    const [after] = await h.sql<{ n: number }>(sql`select count(*)::int as n from outbox_message where event_type like 'roster.sync-run.%'`);
    expect(after.n).toBe(before.n);
  });

  it('answers exactly what its internal contracts (@roster/internal-api) declare', () => {
    expect(h.contractMismatches).toEqual([]);
    expect([...h.contractsChecked].sort()).toEqual(['settings', 'syncChanges', 'syncRun', 'syncStarted']);
  });
});
