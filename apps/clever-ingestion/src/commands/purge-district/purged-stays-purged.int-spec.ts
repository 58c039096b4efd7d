/**
 * A purged district stays purged across restarts (issue 16): the purge remembers the district's Clever token
 * in the database (`purged_token`, its SHA-256 and the purge id — no district id), so a new process whose
 * token discovery still finds that token in Clever's list neither reconnects nor syncs the district. Another
 * district is untouched. An operator re-enables the district by deleting the purge's row (docs/privacy.md).
 */
import { INTERNAL_TOKEN_HEADER, signOperatorToken } from '@roster/authz';
import { createSandbox, type Sandbox } from '@roster/clever-sandbox';
import { sql } from '@roster/persistence';
import { eventually } from '@roster/testing';
import { IngestionHarness, SECRET } from '../../testing/ingestion-harness';

describe('a purged district stays purged', () => {
  let sandbox: Sandbox;
  let h: IngestionHarness;
  let D: string;
  let other: string;

  beforeAll(async () => {
    sandbox = createSandbox({ seed: 'ingestion-purged-stays-purged', districts: [{ users: 40 }, { users: 30 }] });
    const { url } = await sandbox.start();
    [D, other] = sandbox.admin.districts().map((d) => d.id);
    h = await IngestionHarness.start('ingestion_purged_stays', { url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret });
    await h.control.discover();
    expect((await h.control.syncNow(D)).status).toBe('completed');
    expect((await h.control.syncNow(other)).status).toBe('completed');
    await h.settle();
  });

  afterAll(async () => {
    await h?.close();
    await sandbox?.close();
  });

  const connections = async (id: string) => (await h.sql<{ n: number }>(sql`select count(*)::int as n from district_connection where clever_district_id = ${id}`))[0].n;

  it('after a purge, a restarted service with the token still listed does not reconnect the district nor publish for it', async () => {
    const res = await fetch(`${h.base}/internal/v1/operator/districts/${D}/purge`, {
      method: 'POST',
      headers: { [INTERNAL_TOKEN_HEADER]: signOperatorToken('purge-test', 'clever-ingestion', SECRET), 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(202);
    const { purgeId } = (await res.json()) as { purgeId: string };
    // The service's own purge consumer deletes the district's rows.
    await eventually(async () => (await connections(D)) === 0 && (await h.sql(sql`select 1 from shadow_record where clever_district_id = ${D}`)).length === 0, 60_000, 'district purged');
    const marks = await h.sql<{ token_sha256: string; purge_id: string; json: string }>(sql`select p.*, row_to_json(p)::text as json from purged_token p`);
    expect(marks).toEqual([expect.objectContaining({ token_sha256: expect.stringMatching(/^[0-9a-f]{64}$/), purge_id: purgeId })]);
    // No trace of the district, nor of the token itself.
    expect(marks[0].json).not.toContain(D);
    expect(marks[0].json).not.toContain(sandbox.admin.token(D)!);
    expect(sandbox.admin.token(D)).toBeTruthy(); // Clever still lists the district's token.
    await h.settle();

    await h.restart();
    const seen = h.collector.messages.length;
    const discovery = await h.control.discover();
    expect(discovery.connected).toContain(other);
    expect(discovery.connected).not.toContain(D);
    expect(discovery.added).not.toContain(D);
    expect(discovery.reconnected).not.toContain(D);
    await h.control.tick();
    await h.control.idle();
    expect(await connections(D)).toBe(0);
    expect(await h.sql(sql`select 1 from sync_run where clever_district_id = ${D}`)).toEqual([]);
    // The other district still syncs, after the restart too.
    expect((await h.control.syncNow(other)).status).toBe('completed');
    await h.settle();
    const after = h.collector.messages.slice(seen).map((m) => JSON.parse(m.value ?? '{}') as { districtId: string });
    expect(after.some((e) => e.districtId === other)).toBe(true);
    expect(after.filter((e) => e.districtId === D)).toEqual([]);

    // A second discovery pass (the in-memory revoked set now holds it too) still leaves it out.
    expect((await h.control.discover()).connected).not.toContain(D);
  });

  it('an operator re-enables it by deleting the purge\'s row: the district then connects as a new one', async () => {
    const [{ purge_id: purgeId }] = await h.sql<{ purge_id: string }>(sql`select purge_id from purged_token`);
    await h.sql(sql`delete from purged_token where purge_id = ${purgeId}::uuid returning 1`);
    await h.restart();
    const discovery = await h.control.discover();
    expect(discovery.added).toContain(D);
    expect((await h.control.runDistrict(D)).full).toMatchObject({ trigger: 'initial', status: 'completed' });
    expect(await connections(D)).toBe(1);
  });
});
