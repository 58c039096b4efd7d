/**
 * The Clever client (libs/clever-client) against the sandbox over real HTTP on 127.0.0.1: the contract
 * between the two. Sleeps are recorded and the clock is shared and fake, so waits of minutes take no time.
 */
import {
  CleverClient, CleverClientOptions, CleverHttpError, CleverUnavailableError, CursorExpiredError, InvalidClientError,
  InvalidGrantError, previousAttributes, RequestEvent, TokenRevokedError,
} from '@roster/clever-client';
import { createSandbox } from '../sandbox';
import { SandboxOptions } from '../options';

const DAY = 86_400_000;

async function setup(sandboxOptions: SandboxOptions = {}, clientOptions: Partial<CleverClientOptions> = {}) {
  const clock = { now: Date.UTC(2026, 2, 2, 10, 0, 0) };
  const sleeps: number[] = [];
  const requests: RequestEvent[] = [];
  const sandbox = createSandbox({ seed: 'contract', now: () => clock.now, districts: [{ users: 2500 }], ...sandboxOptions });
  const { url } = await sandbox.start();
  const client = new CleverClient({
    apiBaseUrl: url,
    oauthBaseUrl: url,
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
    now: () => clock.now,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.now += ms;
    },
    random: () => 0.5,
    onRequest: (e) => requests.push(e),
    ...clientOptions,
  });
  const [district] = sandbox.admin.districts();
  const handle = client.forDistrict(district.id, district.token!);
  return { sandbox, client, handle, district, clock, sleeps, requests };
}

type Env = Awaited<ReturnType<typeof setup>>;

async function collectIds(env: Pick<Env, 'handle'>, collection: 'users' | 'sections' | 'schools', params = {}) {
  const ids: string[] = [];
  for await (const page of env.handle.pages(collection, params)) ids.push(...page.data.map((u) => u.id));
  return ids;
}

describe('CleverClient against the sandbox', () => {
  let env: Env;
  afterEach(() => env?.sandbox.close());

  describe('district tokens', () => {
    it('discovers every district token, or one district', async () => {
      env = await setup({ districts: [{ users: 50 }, { users: 60 }] });
      const districts = env.sandbox.admin.districts();
      expect(await env.client.discoverDistrictTokens()).toEqual(districts.map((d) => ({ districtId: d.id, accessToken: d.token })));
      expect(await env.client.discoverDistrictTokens(districts[1].id)).toEqual([{ districtId: districts[1].id, accessToken: districts[1].token }]);
    });

    it('throws InvalidClientError on wrong credentials, without retrying', async () => {
      env = await setup();
      const bad = new CleverClient({ ...env.client.options, clientSecret: 'wrong' });
      expect(JSON.stringify(env.client)).not.toContain(env.sandbox.clientSecret);
      await expect(bad.discoverDistrictTokens()).rejects.toBeInstanceOf(InvalidClientError);
      expect(env.sandbox.admin.requestCount('/oauth/tokens')).toBe(1);
    });
  });

  describe('full paging', () => {
    it('reads every record of a generated district, matching the sandbox counts', async () => {
      env = await setup({ districts: [{ users: 12_000 }] });
      const counts = env.sandbox.admin.counts(env.district.id);
      const users = await collectIds(env, 'users');
      expect(users).toHaveLength(counts.users);
      expect(new Set(users).size).toBe(counts.users);
      expect(env.sandbox.admin.requestCount('/v3.0/users')).toBe(Math.ceil(counts.users / 10_000));
      expect(await collectIds(env, 'sections')).toHaveLength(counts.sections);
      expect(await collectIds(env, 'schools')).toHaveLength(counts.schools);
      const byRole = async (role: string) => (await collectIds(env, 'users', { role })).length;
      expect(await byRole('student')).toBe(counts.students);
      expect(await byRole('teacher')).toBe(counts.teachers);
      expect(await byRole('staff')).toBe(counts.staff);
      expect(await byRole('district_admin')).toBe(counts.districtAdmins);
      expect(await byRole('contact')).toBe(counts.contacts);
      expect(env.sleeps).toEqual([]);
    });

    it('uses v3.1 when asked and returns typed objects with every field Clever sent', async () => {
      env = await setup({}, { apiVersion: 'v3.1', pageSize: 50 });
      const first = (await env.handle.pages('users', { role: 'student' }).next()).value!;
      expect(first.data).toHaveLength(50);
      expect(first.data[0].roles?.student?.frl_status).toEqual(expect.any(String));
      expect(first.next).toMatch(/\/v3\.1\/users\?.*starting_after=/);
      expect(first.lastId).toBe(first.data[49].id);
    });

    it('stops on an empty page even when a next link is present', async () => {
      env = await setup({ districts: [{ users: 30 }] });
      const pages = [];
      for await (const page of env.handle.pages('users', { endingBefore: '000000000000000000000000' })) pages.push(page);
      expect(pages.map((p) => p.data.length)).toEqual([0]);
    });

    it('gets one object, or null for a 404', async () => {
      env = await setup();
      const [schoolId] = env.sandbox.admin.sampleIds(env.district.id, 'schools', { limit: 1 });
      expect((await env.handle.get('schools', schoolId))?.id).toBe(schoolId);
      env.sandbox.admin.unshare(env.district.id, 'schools', schoolId);
      expect(await env.handle.get('schools', schoolId)).toBeNull();
    });
  });

  describe('resilience', () => {
    it('honours a 429 until X-RateLimit-Reset, then goes on', async () => {
      env = await setup();
      const clean = await collectIds(env, 'users', { limit: 1000 });
      env.sandbox.admin.injectFault({ kind: 'rate_limit', resetInSeconds: 30, pathContains: 'starting_after' });
      expect(await collectIds(env, 'users', { limit: 1000 })).toEqual(clean);
      expect(env.sleeps).toEqual([30_250]);
      expect(env.requests.filter((r) => r.status === 429).map((r) => r.outcome)).toEqual(['wait_rate_limit']);
    });

    it('keeps to the per-token budget itself, so the sandbox never has to say 429', async () => {
      env = await setup({}, { requestsPerMinute: 2, pageSize: 1000 });
      env.sandbox.admin.configure({ rateLimitPerMinute: 2 });
      expect(await collectIds(env, 'users')).toHaveLength(2500);
      expect(env.sleeps).toEqual([60_000]);
      expect(env.sandbox.admin.requests().byStatus['429']).toBeUndefined();
    });

    it('recovers from the sandbox real budget when its window is not aligned with ours', async () => {
      env = await setup({}, { pageSize: 500 });
      env.sandbox.admin.configure({ rateLimitPerMinute: 3 });
      expect(await collectIds(env, 'users')).toHaveLength(2500);
      expect(env.sandbox.admin.requests().byStatus['429']).toBeGreaterThan(0);
    });

    it('retries 5xx bursts, truncated JSON, HTML bodies, dropped connections and timeouts to the same result', async () => {
      // all of these hit the same page request in turn, so allow enough attempts for one request (and a
      // spare few: on a loaded machine an ordinary request can overrun the short timeout too)
      env = await setup({}, { pageSize: 500, timeoutMs: 500, retry: { maxAttempts: 12 } });
      const clean = await collectIds(env, 'users');
      const admin = env.sandbox.admin;
      admin.injectFault({ kind: 'server_error', status: 503, count: 2, pathContains: '/v3.0/users' });
      admin.injectFault({ kind: 'truncated', pathContains: 'starting_after' });
      admin.injectFault({ kind: 'html', status: 502, pathContains: 'starting_after' });
      admin.injectFault({ kind: 'html', status: 200, pathContains: 'starting_after' });
      admin.injectFault({ kind: 'reset', pathContains: 'starting_after' });
      admin.injectFault({ kind: 'slow', delayMs: 1_500, pathContains: 'starting_after' });
      env.requests.length = 0;
      expect(await collectIds(env, 'users')).toEqual(clean);
      expect(admin.faults()).toEqual([]);
      const outcomes = env.requests.map((r) => `${r.status}${r.badBody ? ':bad' : ''}`);
      expect(outcomes).toEqual(expect.arrayContaining(['503', '200:bad', '502', 'network_error', 'timeout']));
      expect(new Set(env.requests.map((r) => r.route))).toEqual(new Set(['/v3.0/users']));
      expect(env.requests.filter((r) => r.outcome === 'retry').length).toBeGreaterThanOrEqual(7);
      expect(env.requests.filter((r) => r.outcome === 'give_up')).toEqual([]);
    });

    it('gives up after bounded attempts with CleverUnavailableError', async () => {
      env = await setup({}, { retry: { maxAttempts: 3 } });
      env.sandbox.admin.injectFault({ kind: 'server_error', count: 10 });
      await expect(collectIds(env, 'users')).rejects.toMatchObject({ code: 'CLEVER_UNAVAILABLE', attempts: 3 });
      expect(env.sandbox.admin.requestCount('/v3.0/users')).toBe(3);
    });

    it('does not retry 400, 413 or 501', async () => {
      env = await setup();
      const rejected = collectIds(env, 'users', { role: 'principal' });
      await expect(rejected).rejects.toMatchObject({ code: 'CLEVER_BAD_REQUEST', status: 400 });
      await expect(collectIds(env, 'users', { limit: 10_001 })).rejects.toMatchObject({ code: 'CLEVER_LIMIT_TOO_LARGE' });
      env.sandbox.admin.injectFault({ kind: 'server_error', status: 501 });
      await expect(collectIds(env, 'users')).rejects.toBeInstanceOf(CleverHttpError);
      expect(env.sandbox.admin.requestCount('/v3.0/users')).toBe(3);
      expect(env.sleeps).toEqual([]);
    });
  });

  describe('tokens on 401', () => {
    it('re-resolves a rotated token once and carries on with it', async () => {
      env = await setup();
      const changed: string[] = [];
      const handle = env.client.forDistrict(env.district.id, env.district.token!, { onTokenChange: (t) => changed.push(t) });
      const fresh = env.sandbox.admin.rotateToken(env.district.id);
      expect(await collectIds({ handle }, 'schools')).toHaveLength(env.sandbox.admin.counts(env.district.id).schools);
      expect(handle.token).toBe(fresh);
      expect(changed).toEqual([fresh]);
      expect(env.sandbox.admin.requests().byStatus['401']).toBe(1);
      expect(env.sandbox.admin.requestCount('/oauth/tokens')).toBe(1);
    });

    it('throws TokenRevokedError when the district has no token any more', async () => {
      env = await setup();
      env.sandbox.admin.revokeToken(env.district.id);
      await expect(collectIds(env, 'users')).rejects.toBeInstanceOf(TokenRevokedError);
      await expect(env.handle.get('users', 'ffffffffffffffffffffffff')).rejects.toMatchObject({
        code: 'CLEVER_TOKEN_REVOKED',
        districtId: env.district.id,
      });
      // one 401 each, one look-up each, never the same request twice
      expect(env.sandbox.admin.requestCount('/v3.0')).toBe(2);
      expect(env.sandbox.admin.requestCount('/oauth/tokens')).toBe(2);
    });

    it('throws TokenRevokedError when the resolved token is refused as well', async () => {
      env = await setup();
      const other = env.sandbox.admin.addDistrict({ users: 10 });
      env.sandbox.admin.revokeToken(env.district.id);
      // a resolver that hands back a token that doesn't belong to this district's data any more
      const handle = env.client.forDistrict(env.district.id, env.district.token!, {
        resolveToken: async () => {
          env.sandbox.admin.revokeToken(other.id);
          return other.token;
        },
      });
      await expect(collectIds({ handle }, 'users')).rejects.toBeInstanceOf(TokenRevokedError);
      expect(env.sandbox.admin.requestCount('/v3.0/users')).toBe(2);
    });
  });

  describe('events', () => {
    const touch = (env: Env, n: number) => {
      const ids = env.sandbox.admin.sampleIds(env.district.id, 'users', { role: 'teacher', limit: n });
      for (const id of ids) env.sandbox.admin.updateUser(env.district.id, id, { name: { middle: 'E' } });
      return ids;
    };

    it('finds the newest event id (null for an empty feed) and pages events after a cursor in feed order', async () => {
      env = await setup({}, { pageSize: 2 });
      expect(await env.handle.latestEventId()).toBeNull();
      touch(env, 1);
      const cursor = await env.handle.latestEventId();
      const later = touch(env, 5);
      const seen: string[] = [];
      let lastId: string | undefined;
      for await (const page of env.handle.eventPages(cursor)) {
        seen.push(...page.data.map((e) => e.data.object.id as string));
        lastId = page.lastId ?? lastId;
      }
      expect(seen).toEqual(later);
      expect(lastId).toBe(await env.handle.latestEventId());
    });

    it('falls back to paging the feed when ending_before=last is refused', async () => {
      env = await setup();
      touch(env, 3);
      const all = env.sandbox.admin.events(env.district.id);
      env.sandbox.admin.injectFault({ kind: 'server_error', status: 400, pathContains: 'ending_before=last' });
      expect(await env.handle.latestEventId()).toBe(all[all.length - 1].id);
    });

    it('reads previous_attributes wherever the sandbox puts them', async () => {
      env = await setup();
      touch(env, 1);
      const read = async () => {
        const events = [];
        for await (const page of env.handle.eventPages(null)) events.push(...page.data);
        return events[0];
      };
      const inData = await read();
      expect(inData.data.previous_attributes).toBeDefined();
      expect(inData.previous_attributes).toBeUndefined();
      env.sandbox.admin.configure({ previousAttributes: 'top' });
      const atTop = await read();
      expect(atTop.previous_attributes).toBeDefined();
      expect(atTop.data.previous_attributes).toBeUndefined();
      expect(previousAttributes(atTop)).toEqual(previousAttributes(inData));
      expect(previousAttributes(inData)!.name).toEqual(expect.objectContaining({ last: expect.any(String) }));
    });

    it('turns a 404 or 400 on an expired cursor into CursorExpiredError', async () => {
      env = await setup();
      touch(env, 1);
      const cursor = (await env.handle.latestEventId())!;
      env.sandbox.admin.advanceClock(31 * DAY);
      env.clock.now += 31 * DAY;
      const drain = async () => {
        for await (const page of env.handle.eventPages(cursor)) void page;
      };
      await expect(drain()).rejects.toBeInstanceOf(CursorExpiredError);
      env.sandbox.admin.configure({ expiredCursor: 'bad_request' });
      await expect(drain()).rejects.toMatchObject({ code: 'CLEVER_CURSOR_EXPIRED', status: 400, cursor });
    });
  });

  describe('SSO', () => {
    it('builds the authorize URL, exchanges the code once, and reads /me', async () => {
      env = await setup();
      const teacherId = env.sandbox.admin.sampleIds(env.district.id, 'users', { role: 'teacher', limit: 1 })[0];
      const redirectUri = 'https://roster.example.test/auth/callback';
      const authorize = new URL(env.client.authorizeUrl({ redirectUri, state: 's1', districtId: env.district.id }));
      expect(Object.fromEntries(authorize.searchParams)).toEqual({
        response_type: 'code', client_id: 'sandbox-client', redirect_uri: redirectUri, state: 's1', district_id: env.district.id,
      });
      authorize.searchParams.set('login_hint', teacherId);
      const redirect = await fetch(authorize, { redirect: 'manual' });
      const code = new URL(redirect.headers.get('location')!).searchParams.get('code')!;
      const tokens = await env.client.exchangeCode(code, redirectUri);
      expect(tokens.accessToken).toEqual(expect.any(String));
      await expect(env.client.exchangeCode(code, redirectUri)).rejects.toBeInstanceOf(InvalidGrantError);
      expect(await env.client.me(tokens.accessToken)).toEqual({
        id: teacherId, districtId: env.district.id, type: 'user', authorizedBy: 'district',
      });
    });

    it('never retries a code exchange', async () => {
      env = await setup();
      env.sandbox.admin.injectFault({ kind: 'server_error', status: 502, pathContains: '/oauth/tokens' });
      await expect(env.client.exchangeCode('whatever', 'https://x.test/cb')).rejects.toBeInstanceOf(CleverUnavailableError);
      expect(env.sandbox.admin.requestCount('POST /oauth/tokens')).toBe(1);
    });
  });
});
