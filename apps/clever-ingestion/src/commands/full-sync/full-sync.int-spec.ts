/**
 * Full syncs and event polling against the Clever sandbox (real HTTP), a real Kafka broker and a real
 * PostgreSQL: what is published, exactly, for a generated district; nothing for an unchanged one; the
 * events of sandbox edits; a replayed feed; malformed records; an expired cursor.
 */
import { sql } from '@roster/persistence';
import { DEMOGRAPHIC_KEYS } from '@roster/clever-client';
import { createSandbox, type Sandbox } from '@roster/clever-sandbox';
import { bySubject, IngestionHarness, principalFor } from '../../testing/ingestion-harness';

/** Every key at any depth of a JSON value. */
function keysDeep(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) keysDeep(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      keysDeep(v, out);
    }
  }
  return out;
}

describe('clever-ingestion full sync and events', () => {
  let sandbox: Sandbox;
  let h: IngestionHarness;
  let A: string; // full sync, no-op resync, events, replay
  let B: string; // malformed records
  let C: string; // expired cursor

  beforeAll(async () => {
    sandbox = createSandbox({ seed: 'ingestion-full', districts: [{ users: 700, schools: 3 }, { users: 300 }, { users: 300 }] });
    const { url } = await sandbox.start();
    [A, B, C] = sandbox.admin.districts().map((d) => d.id);
    h = await IngestionHarness.start('ingestion_full', { url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret });
    const discovered = await h.control.discover();
    expect(discovered.added.sort()).toEqual([A, B, C].sort());
  });

  afterAll(async () => {
    await h?.close();
    await sandbox?.close();
  });

  it('publishes exactly one upserted event per shared district, school, user and section; contacts are ignored', async () => {
    const counts = sandbox.admin.counts(A);
    const run = await h.control.syncNow(A);
    expect(run).toMatchObject({ kind: 'full', trigger: 'initial', status: 'completed' });
    await h.settle();

    const events = h.dataEvents(A);
    const of = (type: string) => events.filter((e) => e.type === type);
    expect(events.filter((e) => e.type.endsWith('.removed'))).toEqual([]);
    expect(of('roster.district.upserted').map((e) => e.subject)).toEqual([A]);
    for (const [type, expected] of [
      ['roster.school.upserted', counts.schools],
      ['roster.user.upserted', counts.accounts],
      ['roster.section.upserted', counts.sections],
    ] as const) {
      const list = of(type);
      expect(list).toHaveLength(expected);
      expect(bySubject(list).size).toBe(expected); // one per record
      expect(list.every((e) => e.version === 1 && e.districtId === A)).toBe(true);
    }
    const users = of('roster.user.upserted');
    expect(users.filter((e) => e.data.roles.student)).toHaveLength(counts.students);
    expect(users.filter((e) => e.data.roles.teacher)).toHaveLength(counts.teachers);
    expect(users.filter((e) => e.data.roles.staff)).toHaveLength(counts.staff);
    expect(users.filter((e) => e.data.roles.district_admin)).toHaveLength(counts.districtAdmins);
    // A multi-role user is one account-carrying event with several roles.
    const multi = users.filter((e) => ['teacher', 'staff', 'district_admin'].filter((r) => e.data.roles[r]).length > 1);
    expect(multi).toHaveLength(counts.multiRole);
    expect(run.counts).toEqual({
      created: 1 + counts.schools + counts.accounts + counts.sections,
      updated: 0,
      unchanged: 0,
      archived: 0,
      restored: 0,
      ignored: counts.contacts,
      rejected: 0,
    });

    // Sync-run lifecycle on roster.sync-runs.v1, keyed by the district.
    const lifecycle = h.published({ districtId: A, type: /^roster\.sync-run\./ }).filter((e) => e.data.runId === run.id);
    expect(lifecycle.map((e) => e.type)).toEqual(['roster.sync-run.started', 'roster.sync-run.completed']);
    expect(lifecycle[1].data.counts).toEqual(run.counts);
  });

  it('never publishes a demographic field (identity-facing check)', async () => {
    // The sandbox does send demographics on student records...
    const studentId = sandbox.admin.sampleIds(A, 'users', { role: 'student', limit: 1 })[0];
    const raw = sandbox.admin.get(A, 'users', studentId)!.record as { roles: { student: Record<string, unknown> } };
    expect(Object.keys(raw.roles.student)).toEqual(expect.arrayContaining(['dob', 'race']));
    // ...and no published message carries any of them, at any depth, in any topic.
    const keys = new Set<string>();
    for (const m of h.collector.messages) keysDeep(JSON.parse(m.value ?? '{}'), keys);
    expect(DEMOGRAPHIC_KEYS.filter((k) => keys.has(k))).toEqual([]);
    expect(keys.has('contact')).toBe(false);
  });

  it('a second full sync of an unchanged district publishes nothing but its run events', async () => {
    const before = h.dataEvents(A).length;
    const run = await h.control.syncNow(A);
    await h.settle();
    expect(run.status).toBe('completed');
    expect(h.dataEvents(A)).toHaveLength(before);
    const counts = sandbox.admin.counts(A);
    expect(run.counts).toMatchObject({ created: 0, updated: 0, archived: 0, restored: 0, unchanged: 1 + counts.schools + counts.accounts + counts.sections });
  });

  it('events polling publishes exactly the changes Clever reports; replaying the feed publishes nothing', async () => {
    const admin = sandbox.admin;
    const feedBefore = admin.events(A).length;
    const publishedBefore = h.dataEvents(A).length;
    const [edited, unshared, reshared, mover] = admin.sampleIds(A, 'users', { role: 'student', limit: 4 });
    const schools = admin.sampleIds(A, 'schools', { limit: 10 });
    const moverRecord = admin.get(A, 'users', mover)!.record as { roles: { student: { school: string } } };
    const target = schools.find((s) => s !== moverRecord.roles.student.school)!;

    admin.updateUser(A, edited, { name: { first: 'Renamed' } });
    admin.updateUser(A, edited, { roles: { student: { dob: '1/2/2011', race: 'Unknown' } } }); // demographics only: no roster change
    admin.unshareUser(A, unshared);
    admin.unshareUser(A, reshared);
    admin.reshareUser(A, reshared);
    admin.moveStudent(A, mover, target);
    const added = admin.createUser(A, { name: { first: 'New', last: 'Teacher' }, email: 'new.teacher@example.org', roles: { teacher: { school: target, schools: [target], sis_id: 'T-NEW' } } });

    const outcome = await h.control.pollEvents(A);
    expect(outcome?.kind).toBe('applied');
    await h.settle();

    const feed = admin.events(A).slice(feedBefore);
    const changes = h.dataEvents(A).slice(publishedBefore);
    // One roster event per Clever event that changed something visible, with ids derived from the Clever
    // event ids (the demographics-only update publishes nothing). Topics and partitions interleave on
    // arrival, so compare in feed order (event ids ascend with the feed).
    const demographicsOnly = feed[1];
    const expected = feed
      .filter((e) => e !== demographicsOnly)
      .map((e) => ({
        id: `clever-event:${e.id}`,
        type: `roster.${e.type.startsWith('users') ? 'user' : 'section'}.${e.type.endsWith('deleted') ? 'removed' : 'upserted'}`,
        subject: e.object.id,
      }));
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
    expect(changes.map((e) => ({ id: e.id, type: e.type, subject: e.subject })).sort(byId)).toEqual(expected);
    expect(changes.find((e) => e.subject === edited)!.data.name.first).toBe('Renamed');
    expect(changes.filter((e) => e.subject === unshared).map((e) => [e.type, e.data.reason])).toEqual([['roster.user.removed', 'deleted']]);
    expect(changes.filter((e) => e.subject === reshared).map((e) => e.type)).toEqual(['roster.user.removed', 'roster.user.upserted']);
    const moved = changes.find((e) => e.subject === mover)!;
    expect(moved.data.roles.student).toMatchObject({ school: target, schools: [target] });
    expect(moved.version).toBe(2);
    expect(changes.find((e) => e.subject === added.id)!.version).toBe(1);
    if (outcome?.kind !== 'applied') throw new Error('no events run');
    expect(outcome.run.counts).toMatchObject({ created: 1, restored: 1, archived: 2 });

    // Replay the whole retained feed (cursor reset): every event is already reflected, nothing is published.
    await h.sql(sql`update district_connection set events_cursor = null where clever_district_id = ${A}`);
    const replay = await h.control.pollEvents(A);
    await h.settle();
    expect(replay?.kind).toBe('applied');
    expect(h.dataEvents(A)).toHaveLength(publishedBefore + changes.length);
    if (replay?.kind === 'applied') expect(replay.run.counts).toMatchObject({ created: 0, updated: 0, archived: 0, restored: 0 });

    // And a later full sync agrees with what the events did: nothing to publish.
    const full = await h.control.syncNow(A);
    await h.settle();
    expect(full.counts).toMatchObject({ created: 0, updated: 0, archived: 0, restored: 0 });
    expect(h.dataEvents(A)).toHaveLength(publishedBefore + changes.length);
  });

  it('rejects malformed users one by one with a reason, and syncs everything else', async () => {
    const admin = sandbox.admin;
    const missingId = admin.addMalformedUser(B, 'missing_id');
    const noRoles = admin.addMalformedUser(B, 'no_roles');
    const unknownRole = admin.addMalformedUser(B, 'unknown_role');
    const missingName = admin.addMalformedUser(B, 'missing_name');
    const counts = admin.counts(B);
    expect(counts.malformed).toBe(4);

    const run = await h.control.syncNow(B);
    await h.settle();
    expect(run.status).toBe('completed');
    expect(run.counts.rejected).toBe(4);
    const users = h.dataEvents(B).filter((e) => e.type === 'roster.user.upserted');
    expect(users).toHaveLength(counts.accounts);
    expect(users.some((e) => [noRoles, unknownRole, missingName].some((m) => m.sortId === e.subject))).toBe(false);

    const status = await h.api('GET', `/districts/${B}/sync`, principalFor(B));
    expect(status.status).toBe(200);
    expect(status.body.rejected).toEqual(
      expect.arrayContaining([
        { runId: run.id, recordType: 'user', cleverId: '', reason: 'MISSING_ID' },
        { runId: run.id, recordType: 'user', cleverId: noRoles.sortId, reason: 'NO_USABLE_ROLE' },
        { runId: run.id, recordType: 'user', cleverId: unknownRole.sortId, reason: 'NO_USABLE_ROLE' },
        { runId: run.id, recordType: 'user', cleverId: missingName.sortId, reason: 'MISSING_NAME' },
      ]),
    );
    expect(status.body.rejected).toHaveLength(4);
    expect(JSON.stringify(status.body)).not.toContain('Malformed'); // ids and reasons, never names
    expect(missingId.record.id).toBeUndefined();
  });

  it('a cursor past the retention window leads to a full resync that converges', async () => {
    const admin = sandbox.admin;
    // A change before the first sync, so that the feed is not empty and the cursor is an event id.
    const [early] = admin.sampleIds(C, 'users', { role: 'student', limit: 1 });
    admin.updateUser(C, early, { name: { middle: 'Q' } });
    await h.control.syncNow(C);
    expect((await h.control.status(C)).eventsCursor).not.toBeNull();
    await h.settle();
    const before = h.dataEvents(C).length;
    const [changed] = admin.sampleIds(C, 'users', { role: 'teacher', limit: 1 });
    admin.updateUser(C, changed, { email: 'changed.address@example.org' });
    admin.advanceClock(31 * 86_400_000); // the change's event and our cursor drop out of the feed

    const outcome = await h.control.pollEvents(C);
    expect(outcome?.kind).toBe('cursor_expired');
    const work = await h.control.runDistrict(C);
    expect(work.full).toMatchObject({ status: 'completed', trigger: 'cursor_expired' });
    await h.settle();

    const after = h.dataEvents(C).slice(before);
    expect(after.map((e) => [e.type, e.subject, e.data.email])).toEqual([['roster.user.upserted', changed, 'changed.address@example.org']]);
    expect(after[0].version).toBe(2);
    const status = await h.control.status(C);
    expect(status.lastSuccessfulFullSyncAt).not.toBeNull();
    // The feed is polled normally again from the new cursor.
    expect((await h.control.pollEvents(C))?.kind).toBe('no_events');
  });
});
