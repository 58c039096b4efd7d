/**
 * Retention reaches ingestion (issue 16): a user Clever stopped sharing leaves nothing personal in
 * clever-ingestion — their shadow row keeps ids, version, status, role and school (no name, no email, no
 * numbers, no content hash), and a preview change list forgets their name once the removal is applied —
 * whether the removal comes from a full sync, the events feed, or a held run approved later. Shared again,
 * the user is `restored` and published whole from Clever's fresh record.
 */
import { createSandbox, type Sandbox } from '@roster/clever-sandbox';
import { sql } from '@roster/persistence';
import { IngestionHarness, principalFor } from '../../testing/ingestion-harness';

describe('removed records keep nothing personal', () => {
  let sandbox: Sandbox;
  let h: IngestionHarness;
  let D: string;

  beforeAll(async () => {
    sandbox = createSandbox({ seed: 'ingestion-removed-records', districts: [{ users: 120, schools: 2 }] });
    const { url } = await sandbox.start();
    [D] = sandbox.admin.districts().map((d) => d.id);
    h = await IngestionHarness.start('ingestion_removed_records', { url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret });
    await h.control.discover();
    expect((await h.control.syncNow(D)).status).toBe('completed');
    await h.settle();
  });

  afterAll(async () => {
    await h?.close();
    await sandbox?.close();
  });

  /** The personal values Clever shares about a user (names, email, school numbers), as strings. */
  function personalValues(id: string): string[] {
    const record = sandbox.admin.get(D, 'users', id)!.record as any;
    const out = new Set<string>();
    const walk = (v: unknown, key: string) => {
      if (typeof v === 'string' && v.length >= 3 && /name|first|last|middle|email|number|sis|state_id|student_id|staff_id|title/i.test(key)) out.add(v);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${key}.${k}`);
    };
    walk(record.name, 'name');
    walk(record.email, 'email');
    walk(record.roles, 'roles');
    return [...out];
  }

  async function shadowRow(id: string): Promise<Record<string, unknown> & { json: string }> {
    const [row] = await h.sql<Record<string, unknown> & { json: string }>(
      sql`select s.*, row_to_json(s)::text as json from shadow_record s where s.record_type = 'user' and s.clever_id = ${id}`,
    );
    return row;
  }

  async function expectScrubbed(id: string, personal: string[]) {
    const row = await shadowRow(id);
    expect(row).toMatchObject({ status: 'removed', label: null, content_hash: null, clever_district_id: D });
    // Kept: what counts and a later return read.
    expect(row.account_role).toEqual(expect.any(String));
    // Whole values only: a short school number could otherwise occur inside a hex id by chance.
    const escape = (v: string) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    for (const value of personal) expect(row.json).not.toMatch(new RegExp(`(^|[^A-Za-z0-9])${escape(value)}([^A-Za-z0-9]|$)`, 'i'));
  }

  it('a user unshared (full sync) keeps no personal field; shared again, restored whole from Clever', async () => {
    const [id] = sandbox.admin.sampleIds(D, 'users', { role: 'student', limit: 1 });
    const personal = personalValues(id);
    expect(personal.length).toBeGreaterThanOrEqual(2);
    const active = await shadowRow(id);
    expect(active.label).toEqual(expect.any(String));
    // The search below can find a name: the active row holds one (its display name).
    const first = (sandbox.admin.get(D, 'users', id)!.record as any).name.first as string;
    expect(active.json).toContain(first);
    expect(active.content_hash).toEqual(expect.any(String));

    sandbox.admin.setEventsEnabled(false);
    sandbox.admin.unshareUser(D, id);
    sandbox.admin.setEventsEnabled(true);
    expect(await h.control.syncNow(D)).toMatchObject({ status: 'completed', counts: { archived: 1 } });
    await expectScrubbed(id, personal);

    sandbox.admin.setEventsEnabled(false);
    const fresh = sandbox.admin.reshareUser(D, id) as any;
    sandbox.admin.setEventsEnabled(true);
    expect(await h.control.syncNow(D)).toMatchObject({ status: 'completed', counts: { restored: 1 } });
    await h.settle();
    const upserts = h.dataEvents(D).filter((e) => e.type === 'roster.user.upserted' && e.subject === id);
    const last = upserts[upserts.length - 1];
    expect(last.data).toMatchObject({ cleverUserId: id, name: { first: fresh.name.first, last: fresh.name.last } });
    if (fresh.email) expect(last.data.email).toBe(fresh.email);
    const restored = await shadowRow(id);
    expect(restored).toMatchObject({ status: 'active', label: expect.any(String), content_hash: expect.any(String) });
    expect(Number(restored.version)).toBe(Number(active.version) + 2);
  });

  it('a user unshared through the events feed keeps no personal field either', async () => {
    const [id] = sandbox.admin.sampleIds(D, 'users', { role: 'teacher', limit: 1 });
    const personal = personalValues(id);
    sandbox.admin.unshareUser(D, id);
    await h.control.pollEvents(D);
    await expectScrubbed(id, personal);
  });

  it('a preview change list forgets the names of the users whose removal is then applied', async () => {
    const [id] = sandbox.admin.sampleIds(D, 'users', { role: 'student', limit: 1 });
    sandbox.admin.setEventsEnabled(false);
    sandbox.admin.unshareUser(D, id);
    sandbox.admin.setEventsEnabled(true);
    const preview = await h.api('POST', `/districts/${D}/sync/preview`, principalFor(D));
    expect(preview.status).toBe(202);
    await h.control.runDistrict(D);
    const named = await h.sql<{ display_name: string | null }>(sql`select display_name from sync_run_change where run_id = ${preview.body.runId}::uuid and clever_id = ${id}`);
    expect(named).toEqual([{ display_name: expect.any(String) }]);

    expect(await h.control.syncNow(D)).toMatchObject({ status: 'completed', counts: { archived: 1 } });
    const after = await h.sql<{ display_name: string | null }>(sql`select display_name from sync_run_change where run_id = ${preview.body.runId}::uuid and clever_id = ${id}`);
    expect(after).toEqual([{ display_name: null }]);
  });

  it('held removals keep their names until approved; approving scrubs them', async () => {
    expect((await h.api('PATCH', `/districts/${D}/settings`, principalFor(D), { safeguardThresholdPercent: 5 })).status).toBe(200);
    const gone = sandbox.admin.sampleIds(D, 'users', { role: 'student', limit: 15 });
    const personal = new Map(gone.map((id) => [id, personalValues(id)]));
    sandbox.admin.setEventsEnabled(false);
    for (const id of gone) sandbox.admin.unshareUser(D, id);
    sandbox.admin.setEventsEnabled(true);
    const held = await h.control.syncNow(D);
    expect(held.status).toBe('held');
    // Pending: still active, named (the held run's change list shows whom approving archives).
    for (const id of gone) expect(await shadowRow(id)).toMatchObject({ status: 'active', label: expect.any(String) });

    expect(await h.control.approve(D, held.id)).toMatchObject({ status: 'completed', counts: { archived: gone.length } });
    for (const id of gone) await expectScrubbed(id, personal.get(id)!);
  });
});
