/**
 * District tokens coming and going, against the Clever sandbox (real HTTP), a real PostgreSQL and the real
 * Kafka broker:
 * - a district missing from token discovery is disconnected with reason `token_missing` once the grace has
 *   passed (not before; a district that comes back within the grace is never disconnected), and it
 *   reconnects — a full sync, the district published again — when its token is listed again;
 * - a configured (static) token that answers 401 is tried again on a backoff and reconnects the district
 *   once Clever accepts it, instead of never until a restart.
 */
import { sql } from '@roster/persistence';
import { createSandbox, type Sandbox } from '@roster/clever-sandbox';
import { eventually } from '@roster/testing';
import { IngestionHarness } from '../../testing/ingestion-harness';

const GRACE_MS = 1500;

const connection = async (h: IngestionHarness, districtId: string) =>
  (await h.sql<{ state: string; reason: string | null }>(sql`select state, disconnected_reason as reason from district_connection where clever_district_id = ${districtId}`))[0];

describe('token discovery: token_missing after a grace, reconnect when the token returns', () => {
  let sandbox: Sandbox;
  let h: IngestionHarness;
  let G: string; // revoked, then a new token
  let K: string; // missing briefly, back within the grace

  beforeAll(async () => {
    sandbox = createSandbox({ seed: 'ingestion-token-missing', districts: [{ users: 40 }, { users: 30 }] });
    const { url } = await sandbox.start();
    [G, K] = sandbox.admin.districts().map((d) => d.id);
    h = await IngestionHarness.start('ingestion_token_missing', { url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret }, { tokenMissingGraceMs: GRACE_MS });
    expect((await h.control.discover()).added.sort()).toEqual([G, K].sort());
    await h.control.syncNow(G);
    await h.control.syncNow(K);
    await h.settle();
  });

  afterAll(async () => {
    await h?.close();
    await sandbox?.close();
  });

  const missingSince = async (districtId: string) =>
    (await h.sql<{ since: Date | null }>(sql`select token_missing_since as since from district_connection where clever_district_id = ${districtId}`))[0].since;

  it('missing → disconnected (token_missing) after the grace → listed again → reconnected, synced and published', async () => {
    const before = h.dataEvents(G).length;
    sandbox.admin.revokeToken(G); // leaves GET /oauth/tokens

    const first = await h.control.discover();
    expect(first.missing).toEqual([G]);
    expect(first.disconnected).toEqual([]);
    expect(await missingSince(G)).not.toBeNull();
    expect((await h.control.status(G)).connection.state).toBe('connected'); // within the grace

    await new Promise((r) => setTimeout(r, GRACE_MS + 100));
    const second = await h.control.discover();
    expect(second.disconnected).toEqual([G]);
    expect(await connection(h, G)).toEqual({ state: 'disconnected', reason: 'token_missing' });
    await h.settle();
    const disconnected = h.dataEvents(G).slice(before);
    expect(disconnected.map((e) => [e.type, e.data.reason])).toEqual([['roster.district.disconnected', 'token_missing']]);
    // Once: another pass changes nothing.
    expect((await h.control.discover()).disconnected).toEqual([]);

    // The district authorizes the app again: a token is listed, discovery reconnects it and a full sync runs.
    sandbox.admin.rotateToken(G);
    const back = await h.control.discover();
    expect(back.reconnected).toEqual([G]);
    expect(await missingSince(G)).toBeNull();
    const resync = await h.control.runDistrict(G);
    expect(resync.full).toMatchObject({ status: 'completed', trigger: 'initial' });
    await h.settle();
    const reconnected = h.dataEvents(G).slice(before + 1);
    expect(reconnected.map((e) => [e.type, e.subject])).toEqual([['roster.district.upserted', G]]);
    expect(reconnected[0].version).toBe(disconnected[0].version + 1);
    expect((await h.control.status(G)).connection.state).toBe('connected');
    // Syncing resumes: the events poll runs again.
    expect((await h.control.pollEvents(G))?.kind).toBe('no_events');
  });

  it('a district listed again within the grace is never disconnected', async () => {
    const before = h.dataEvents(K).length;
    sandbox.admin.revokeToken(K);
    expect((await h.control.discover()).missing).toEqual([K]);
    sandbox.admin.rotateToken(K);
    const back = await h.control.discover();
    expect(back.missing).toEqual([]);
    expect(await missingSince(K)).toBeNull();
    await new Promise((r) => setTimeout(r, GRACE_MS + 100));
    expect((await h.control.discover()).disconnected).toEqual([]);
    expect((await h.control.status(K)).connection.state).toBe('connected');
    await h.settle();
    expect(h.dataEvents(K).slice(before)).toEqual([]);
  });
});

describe('a configured (static) token that answers 401 is tried again on a backoff', () => {
  let sandbox: Sandbox;
  let h: IngestionHarness;
  let S: string;

  beforeAll(async () => {
    sandbox = createSandbox({ seed: 'ingestion-static-token', districts: [{ users: 30 }] });
    const { url } = await sandbox.start();
    const [district] = sandbox.admin.districts();
    S = district.id;
    h = await IngestionHarness.start('ingestion_static_token', { url, clientId: '', clientSecret: '' }, {
      clever: {
        apiBaseUrl: url,
        oauthBaseUrl: url,
        // No client credentials: no token discovery, only the configured token.
        clientId: '',
        clientSecret: '',
        apiVersion: 'v3.0',
        districtTokens: [{ districtId: S, accessToken: district.token! }],
        staticTokenRetry: { baseMs: 200, maxMs: 800 },
        retry: { baseDelayMs: 20, maxDelayMs: 200 },
      },
    });
    expect((await h.control.discover()).added).toEqual([S]);
    expect((await h.control.syncNow(S)).status).toBe('completed');
    await h.settle();
  });

  afterAll(async () => {
    await h?.close();
    await sandbox?.close();
  });

  it('401 → disconnected (token_revoked); refused again on the first retries; reconnected when Clever accepts it', async () => {
    // Clever refuses the token for the next three requests made with it, then accepts it again.
    sandbox.admin.injectFault({ kind: 'server_error', status: 401, count: 3, districtId: S });
    const failed = await h.control.syncNow(S);
    expect(failed).toMatchObject({ status: 'failed', error: expect.stringMatching(/^CLEVER_TOKEN_REVOKED/) });
    expect(await connection(h, S)).toEqual({ state: 'disconnected', reason: 'token_revoked' });

    // Not before its backoff: no request is made with the token.
    const immediately = await h.control.discover();
    expect(immediately.connected).toEqual([]);
    expect(sandbox.admin.faults()).toHaveLength(1);

    const reconnected = await eventually(async () => {
      const result = await h.control.discover();
      return result.reconnected.includes(S) ? result : undefined;
    }, 20_000, 'the static token accepted again');
    expect(reconnected.connected).toEqual([S]);
    expect(sandbox.admin.faults()).toEqual([]); // the two retries in between met the remaining 401s
    const resync = await h.control.runDistrict(S);
    expect(resync.full).toMatchObject({ status: 'completed', trigger: 'initial' });
    expect((await h.control.status(S)).connection.state).toBe('connected');
  });
});
