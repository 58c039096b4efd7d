import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { signInternalToken, signToken, type Principal } from '@roster/authz';
import { metricsRegistry } from '@roster/observability';
import { eventually } from '@roster/testing';
import { API_PREFIX, successStatus, type EndpointSpec } from './api/endpoint';
import { buildOpenApiDocument, endpointsOf } from './api/openapi';
import { problemSchema } from './api/schemas';
import { apiControllers } from './controllers';
import { SessionTokens } from './domain/session-tokens';
import { GatewayHarness, INTERNAL_SECRET, SESSION_SECRET, type DistrictData, type Person } from './testing/gateway-harness';

/**
 * The gateway in front of the REAL clever-ingestion, identity and classes services (PostgreSQL + Kafka),
 * with the Clever sandbox as Clever: the roster arrives through ingestion's full sync, identity and
 * classes' consumers; Clever sign-in goes through the sandbox's OAuth.
 */
const PROBLEM = 'application/problem+json';

/**
 * The contract check: every answer of the public API seen by these tests is checked against its route's
 * declared schema (success: `response`, parsed and compared, so an undeclared key fails too; refusals:
 * the problem schema). The last test asserts no mismatch was seen and every route was exercised.
 */
class ContractCheck {
  readonly routes = endpointsOf(apiControllers).map((spec) => ({
    spec,
    pattern: new RegExp(`^${API_PREFIX}${spec.path.replace(/\{\w+\}/g, '[^/]+')}$`),
  }));
  readonly exercised = new Set<EndpointSpec>();
  readonly violations: string[] = [];

  check(method: string, url: string, answer: { status: number; headers: Headers; body: unknown; text: string }): void {
    const route = this.routes.find((r) => r.spec.method === method && r.pattern.test(url.split('?')[0]));
    if (!route) return;
    const { spec } = route;
    const name = `${spec.method} ${spec.path} (${spec.operationId})`;
    if (answer.status >= 400) {
      const parsed = problemSchema.safeParse(answer.body);
      if (!parsed.success || !answer.headers.get('content-type')?.includes(PROBLEM)) this.violations.push(`${name}: ${answer.status} is not a problem`);
      return;
    }
    if (answer.status !== successStatus(spec)) {
      this.violations.push(`${name}: answered ${answer.status}, declares ${successStatus(spec)}`);
      return;
    }
    if (spec.redirect) {
      if (!answer.headers.get('location')) this.violations.push(`${name}: redirect without Location`);
    } else if (spec.response) {
      const parsed = spec.response.safeParse(answer.body);
      if (!parsed.success) this.violations.push(`${name}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.code}`).join(', ')}`);
      else if (!isDeepStrictEqual(parsed.data, answer.body)) this.violations.push(`${name}: the answer has keys the schema does not declare`);
    } else if (answer.text !== '') {
      this.violations.push(`${name}: declares no body but answered one`);
    }
    this.exercised.add(spec);
  }
}

describe('gateway (real clever-ingestion, identity, classes; Kafka, PostgreSQL, Clever sandbox)', () => {
  let h: GatewayHarness;
  let d1: DistrictData;
  let d2: DistrictData;
  const tokens = new Map<string, string>();
  const contract = new ContractCheck();

  // People of district 1 (Maple Grove: schools A and B) and district 2 (Cedar Falls).
  let A: DistrictData['schools'][number];
  let B: DistrictData['schools'][number];
  let da: Person;
  let saA: Person; // school admin of A only
  let saB: Person;
  let multi: Person; // teacher + school admin of A
  let tA: Person; // teacher of A only
  let tB: Person; // teacher of B only
  let studentsA: Person[];
  let studentsB: Person[];
  let da2: Person;
  let t2: Person;
  let student2: Person;
  let schoolD2: DistrictData['schools'][number];

  const only = (d: DistrictData, roles: string[], school?: string) =>
    d.people.filter((p) => p.roles.length === roles.length && roles.every((r) => p.roles.includes(r as never)) && (!school || p.schools.some((m) => m.schoolId === school)));
  const token = async (p: Person) => {
    if (!tokens.has(p.accountId)) tokens.set(p.accountId, await h.tokenOf(p));
    return tokens.get(p.accountId)!;
  };
  const as = async (p: Person, method: string, path: string, body?: unknown) => h.call(method, `/api/v1${path}`, { token: await token(p), body });
  const ids = (page: { data: { id: string }[] }) => page.data.map((x) => x.id).sort();
  const accountIds = (people: Person[]) => people.map((p) => p.accountId).sort();
  const expectProblem = (res: { status: number; headers: Headers; body: any }, status: number, code?: string) => {
    expect({ status: res.status, code: res.body?.code }).toEqual({ status, code: code ?? res.body?.code });
    expect(res.headers.get('content-type')).toContain(PROBLEM);
  };

  beforeAll(async () => {
    h = await GatewayHarness.start('gw_it', [
      { name: 'Maple Grove', schools: 2, districtAdmins: 1, schoolAdmins: 2, multiRole: 1, teachers: 3, students: 12, contacts: 2, multiSchoolEvery: 0 },
      { name: 'Cedar Falls', schools: 1, districtAdmins: 1, schoolAdmins: 1, multiRole: 0, teachers: 1, students: 3, contacts: 0, multiSchoolEvery: 0 },
    ]);
    h.observe((method, path, answer) => contract.check(method, path, answer));
    [d1, d2] = h.districts;
    [A, B] = d1.schools;
    [schoolD2] = d2.schools;
    [da] = only(d1, ['district_admin']);
    [saA] = only(d1, ['school_admin'], A.id);
    [saB] = only(d1, ['school_admin'], B.id);
    [multi] = only(d1, ['teacher', 'school_admin'], A.id);
    [tA] = only(d1, ['teacher'], A.id);
    [tB] = only(d1, ['teacher'], B.id);
    studentsA = only(d1, ['student'], A.id);
    studentsB = only(d1, ['student'], B.id);
    [da2] = only(d2, ['district_admin']);
    [t2] = only(d2, ['teacher']);
    [student2] = only(d2, ['student']);
    for (const p of [da, saA, saB, multi, tA, tB, da2, t2, student2, studentsA[0]]) expect(p).toBeDefined();
    expect(studentsA.length).toBeGreaterThan(2);
  }, 180_000); // seeding through Kafka can be slow on a loaded machine

  afterAll(async () => {
    await h?.close();
  });

  // ------------------------------------------------------------------------------------------ sign-in

  describe('sign-in', () => {
    it('lists dev users (at least one per role and per school) and signs in by Clever id or account id', async () => {
      const users = await h.call('GET', '/api/v1/auth/dev-users');
      expect(users.status).toBe(200);
      expect(users.body.nextCursor).toBeNull();
      const listed = users.body.data as { accountId: string; cleverId: string; roles: string[]; schools: { schoolId: string }[] }[];
      for (const role of ['district_admin', 'school_admin', 'teacher', 'student']) expect(listed.some((u) => u.roles.includes(role))).toBe(true);
      for (const school of [A, B, schoolD2]) expect(listed.some((u) => u.schools.some((s) => s.schoolId === school.id))).toBe(true);

      const byClever = await h.call('POST', '/api/v1/auth/dev-login', { body: { cleverId: tA.cleverId } });
      expect(byClever.status).toBe(200);
      expect(byClever.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 3600, account: { id: tA.accountId, cleverId: tA.cleverId }, scope: { staffSchools: [A.id] } });
      const cookie = byClever.headers.get('set-cookie')!;
      expect(cookie).toMatch(/^roster_session=[^;]+; Path=\/; Max-Age=28800; HttpOnly; SameSite=Lax$/);
      expect(cookie).not.toContain('Secure'); // PUBLIC_BASE_URL is http here

      const byAccount = await h.call('POST', '/api/v1/auth/dev-login', { body: { accountId: da.accountId } });
      expect(byAccount.body.account.id).toBe(da.accountId);

      expectProblem(await h.call('POST', '/api/v1/auth/dev-login', { body: { cleverId: 'ffffffffffffffffffffffff' } }), 404, 'IDENTITY.ACCOUNT_NOT_FOUND');
      expectProblem(await h.call('POST', '/api/v1/auth/dev-login', { body: { accountId: randomUUID() } }), 404, 'IDENTITY.ACCOUNT_NOT_FOUND');
      expectProblem(await h.call('POST', '/api/v1/auth/dev-login', { body: { cleverId: tA.cleverId, accountId: tA.accountId } }), 400, 'VALIDATION_FAILED');
      expectProblem(await h.call('POST', '/api/v1/auth/dev-login', { rawBody: '{"cleverId":' }), 400, 'MALFORMED_JSON');
    });

    it('answers GET /me for every role, with the account, district and scope (students too, with no admin API)', async () => {
      const me = await as(multi, 'GET', '/me');
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({
        id: multi.accountId,
        cleverId: multi.cleverId,
        districtId: d1.id,
        roles: expect.arrayContaining(['teacher', 'school_admin']),
        district: { id: d1.id, cleverId: d1.cleverId, name: 'Maple Grove' },
        scope: { districtAdmin: false, adminApi: true, adminSchools: [A.id], staffSchools: [A.id] },
        authenticatedWith: 'bearer',
      });
      expect((await as(da, 'GET', '/me')).body.scope).toMatchObject({ districtAdmin: true, adminSchools: 'all' });
      const student = await as(studentsA[0], 'GET', '/me');
      expect(student.status).toBe(200);
      expect(student.body).toMatchObject({ id: studentsA[0].accountId, scope: { adminApi: false }, district: { name: 'Maple Grove' } });
    });

    it('exchanges a session cookie for a bearer token, refuses that to a bearer token, and logs out', async () => {
      const login = await h.call('POST', '/api/v1/auth/dev-login', { body: { cleverId: saA.cleverId } });
      const cookie = login.headers.get('set-cookie')!.split(';')[0];
      const viaCookie = await h.call('GET', '/api/v1/me', { cookie });
      expect(viaCookie.body).toMatchObject({ id: saA.accountId, authenticatedWith: 'cookie' });
      const issued = await h.call('POST', '/api/v1/auth/token', { cookie });
      expect(issued.status).toBe(200);
      expect(issued.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 3600 });
      expect((await h.call('GET', '/api/v1/me', { token: issued.body.token })).body.id).toBe(saA.accountId);
      expectProblem(await h.call('POST', '/api/v1/auth/token', { token: issued.body.token }), 403, 'GATEWAY.SESSION_REQUIRED');
      expectProblem(await h.call('POST', '/api/v1/auth/token'), 401, 'UNAUTHENTICATED');
      const out = await h.call('POST', '/api/v1/auth/logout', { cookie });
      expect(out.status).toBe(204);
      expect(out.headers.get('set-cookie')).toMatch(/^roster_session=; Path=\/; Max-Age=0;/);
    });

    it('logout revokes the presented cookie and bearer token on every replica (identity\'s revocation store)', async () => {
      const login = await h.call('POST', '/api/v1/auth/dev-login', { body: { cleverId: tB.cleverId } });
      const cookie = login.headers.get('set-cookie')!.split(';')[0];
      const bearer = (await h.call('POST', '/api/v1/auth/token', { cookie })).body.token as string;
      const untouched = (await h.call('POST', '/api/v1/auth/dev-login', { body: { cleverId: tB.cleverId } })).body.token as string;
      // A second gateway replica in front of the same identity, which has seen (and cached) both as valid.
      const replica = await h.startGateway({});
      for (const base of [h.base, replica]) {
        expect((await h.call('GET', '/api/v1/me', { cookie }, base)).status).toBe(200);
        expect((await h.call('GET', '/api/v1/me', { token: bearer }, base)).status).toBe(200);
      }
      const out = await h.call('POST', '/api/v1/auth/logout', { cookie, token: bearer });
      expect(out.status).toBe(204);
      expectProblem(await h.call('GET', '/api/v1/me', { cookie }), 401, 'UNAUTHENTICATED');
      expectProblem(await h.call('GET', '/api/v1/me', { token: bearer }), 401, 'UNAUTHENTICATED');
      expectProblem(await h.call('POST', '/api/v1/auth/token', { cookie }), 401, 'UNAUTHENTICATED');
      // The replica's cache lives at most 5 s.
      await eventually(async () => (await h.call('GET', '/api/v1/me', { cookie }, replica)).status === 401, 8_000, 'the replica to see the revoked cookie');
      await eventually(async () => (await h.call('GET', '/api/v1/me', { token: bearer }, replica)).status === 401, 8_000, 'the replica to see the revoked token');
      // Only what was presented is revoked.
      expect((await h.call('GET', '/api/v1/me', { token: untouched })).status).toBe(200);
      expect((await h.call('GET', '/api/v1/me', { token: untouched }, replica)).status).toBe(200);
      // Logging out again, or with nothing valid, is still 204.
      expect((await h.call('POST', '/api/v1/auth/logout', { cookie })).status).toBe(204);
      expect((await h.call('POST', '/api/v1/auth/logout', { token: 'not.a.token' })).status).toBe(204);
    });

    it('signs out everywhere: every session and token of the account issued before now gets 401, others keep working', async () => {
      const person = studentsB[studentsB.length - 1];
      const cookies = [];
      for (let i = 0; i < 2; i++) {
        cookies.push((await h.call('POST', '/api/v1/auth/dev-login', { body: { cleverId: person.cleverId } })).headers.get('set-cookie')!.split(';')[0]);
      }
      const bearers = [await h.tokenOf(person), (await h.call('POST', '/api/v1/auth/token', { cookie: cookies[0] })).body.token as string];
      const someoneElse = await h.tokenOf(saB);
      const replica = await h.startGateway({});
      expect((await h.call('GET', '/api/v1/me', { token: bearers[0] }, replica)).status).toBe(200);

      expectProblem(await h.call('POST', '/api/v1/auth/logout-everywhere'), 401, 'UNAUTHENTICATED');
      const out = await h.call('POST', '/api/v1/auth/logout-everywhere', { token: bearers[1] });
      expect(out.status).toBe(204);
      for (const cookie of cookies) expectProblem(await h.call('GET', '/api/v1/me', { cookie }), 401, 'UNAUTHENTICATED');
      for (const token of bearers) expectProblem(await h.call('GET', '/api/v1/me', { token }), 401, 'UNAUTHENTICATED');
      await eventually(async () => (await h.call('GET', '/api/v1/me', { token: bearers[0] }, replica)).status === 401, 8_000, 'the replica to see the cut-off');
      expect((await h.call('GET', '/api/v1/me', { token: someoneElse })).status).toBe(200);
      tokens.delete(person.accountId);
      // Signing in again right away works.
      expect((await h.call('GET', '/api/v1/me', { token: await h.tokenOf(person) })).status).toBe(200);
    });

    it('refuses internal tokens for another service, forged ones and unknown system callers in every service', async () => {
      const services = { identity: `${h.identityUrl}/internal/v1/sign-in/account/${da.accountId}`, classes: `${h.classesUrl}/internal/v1/courses`, 'clever-ingestion': `${h.ingestionUrl}/internal/v1/districts/${encodeURIComponent(d1.cleverId)}/sync` };
      for (const [service, url] of Object.entries(services)) {
        const send = async (token: string) => {
          const res = await fetch(url, { headers: { 'x-internal-token': token } });
          return { service, status: res.status, code: ((await res.json()) as { code?: string }).code };
        };
        for (const other of Object.keys(services).filter((s) => s !== service)) {
          expect(await send(signInternalToken({ kind: 'system', name: 'gateway' }, other, INTERNAL_SECRET))).toEqual({ service, status: 401, code: 'INTERNAL_TOKEN_WRONG_AUDIENCE' });
        }
        expect(await send(signInternalToken({ kind: 'system', name: 'gateway' }, service, 'not-the-internal-secret-0123456789'))).toEqual({ service, status: 401, code: 'INTERNAL_TOKEN_BAD_SIGNATURE' });
        expect(await send(signToken({ system: 'gateway', iss: 'roster-gateway', aud: service }, INTERNAL_SECRET, 600, Date.now() - 700_000))).toEqual({ service, status: 401, code: 'INTERNAL_TOKEN_EXPIRED' });
      }
      // Only the gateway is a system caller of identity's platform endpoints and of its revocation store.
      for (const name of ['gateway-it', 'bench', 'operator']) {
        const res = await h.internal('identity', `/sign-in/account/${da.accountId}`, { kind: 'system', name });
        expect({ name, status: res.status, code: res.body.code }).toEqual({ name, status: 403, code: 'ACCESS.SYSTEM_ONLY' });
        const sessions = await h.internal('identity', `/sessions/accounts/${da.accountId}`, { kind: 'system', name });
        expect({ name, status: sessions.status }).toEqual({ name, status: 403 });
      }
      const asUser = await h.internal('identity', `/sessions/accounts/${da.accountId}`, { kind: 'user', principal: (await h.internal('identity', `/sign-in/account/${da.accountId}`)).body.principal });
      expect(asUser.status).toBe(403);
      const malformed = await h.internal('identity', '/sessions/accounts/not-a-uuid');
      expectProblem(malformed, 400, 'VALIDATION_FAILED');
    });

    it('signs in with Clever: authorize redirect with state, code exchanged once, session cookie, redirect to /', async () => {
      const start = await h.call('GET', '/api/v1/auth/clever/login');
      expect(start.status).toBe(302);
      const authorize = new URL(start.headers.get('location')!);
      expect(authorize.origin + authorize.pathname).toBe(`${h.sandbox.url}/oauth/authorize`);
      expect(Object.fromEntries(authorize.searchParams)).toMatchObject({ response_type: 'code', client_id: h.sandbox.clientId, redirect_uri: `${h.base}/api/v1/auth/clever/callback` });
      const state = authorize.searchParams.get('state')!;
      const stateCookie = start.headers.get('set-cookie')!;
      expect(stateCookie).toMatch(/^roster_oauth_state=[^;]+; Path=\/api\/v1\/auth\/clever; Max-Age=600; HttpOnly; SameSite=Lax$/);

      // The user picks themself at Clever (the sandbox's login_hint), Clever redirects back with code and state.
      authorize.searchParams.set('login_hint', tB.cleverId);
      const atClever = await fetch(authorize, { redirect: 'manual' });
      expect(atClever.status).toBe(302);
      const callback = new URL(atClever.headers.get('location')!);
      expect(callback.searchParams.get('state')).toBe(state);
      const path = callback.pathname + callback.search;
      const cookie = stateCookie.split(';')[0];

      const done = await h.call('GET', path, { cookie });
      expect(done.status).toBe(302);
      expect(done.headers.get('location')).toBe(`${h.base}/`);
      const session = done.headers.getSetCookie().find((c) => c.startsWith('roster_session='))!;
      expect(session).toMatch(/HttpOnly; SameSite=Lax$/);
      const me = await h.call('GET', '/api/v1/me', { cookie: session.split(';')[0] });
      expect(me.body).toMatchObject({ id: tB.accountId, authenticatedWith: 'cookie' });

      // A browser delivering the same callback twice gets the same sign-in (the code is not redeemed again):
      // one session, the same cookie again.
      const again = await h.call('GET', path, { cookie });
      expect(again.headers.get('location')).toBe(`${h.base}/`);
      expect(again.headers.getSetCookie().find((c) => c.startsWith('roster_session='))).toBe(session);
    });

    it('refuses a redeemed code replayed from another cookie jar or state (no session; security event), also on another replica', async () => {
      const securityEvents = async (kind: string) => {
        const metric = await metricsRegistry.getSingleMetric('roster_gateway_security_events_total')?.get();
        return metric?.values.find((v) => v.labels.kind === kind)?.value ?? 0;
      };
      const begin = async (base = h.base) => {
        const start = await h.call('GET', '/api/v1/auth/clever/login', {}, base);
        const authorize = new URL(start.headers.get('location')!);
        return { authorize, state: authorize.searchParams.get('state')!, cookie: start.headers.get('set-cookie')!.split(';')[0] };
      };
      // The victim signs in.
      const victim = await begin();
      victim.authorize.searchParams.set('login_hint', da.cleverId);
      const callback = new URL((await fetch(victim.authorize, { redirect: 'manual' })).headers.get('location')!);
      const code = callback.searchParams.get('code')!;
      const signedIn = await h.call('GET', callback.pathname + callback.search, { cookie: victim.cookie });
      expect(signedIn.headers.getSetCookie().some((c) => c.startsWith('roster_session=ey'))).toBe(true);

      // The attacker saw the callback URL: with their own fresh state and cookie, or the victim's state without its cookie.
      const replaysBefore = await securityEvents('code_replay');
      const attacker = await begin();
      const noSession = (res: { headers: Headers }) => expect(res.headers.getSetCookie().some((c) => c.startsWith('roster_session=ey'))).toBe(false);
      const replay = await h.call('GET', `/api/v1/auth/clever/callback?code=${encodeURIComponent(code)}&state=${attacker.state}`, { cookie: attacker.cookie });
      expect(replay.headers.get('location')).toBe(`${h.base}/?signInError=OAUTH_CODE_REPLAYED`);
      noSession(replay);
      expect(await securityEvents('code_replay')).toBe(replaysBefore + 1);
      const mismatchesBefore = await securityEvents('state_missing');
      const stolenState = await h.call('GET', callback.pathname + callback.search, { cookie: attacker.cookie });
      expect(stolenState.headers.get('location')).toBe(`${h.base}/?signInError=OAUTH_STATE_MISMATCH`);
      noSession(stolenState);
      const noCookie = await h.call('GET', callback.pathname + callback.search);
      expect(noCookie.headers.get('location')).toBe(`${h.base}/?signInError=OAUTH_STATE_MISMATCH`);
      noSession(noCookie);
      expect(await securityEvents('state_missing')).toBe(mismatchesBefore + 1);

      // Another replica has not seen the code: Clever refuses its second redemption.
      const replica = await h.startGateway({ publicBaseUrl: h.base, clever: h.gatewayClever });
      const other = await begin(replica);
      const elsewhere = await h.call('GET', `/api/v1/auth/clever/callback?code=${encodeURIComponent(code)}&state=${other.state}`, { cookie: other.cookie }, replica);
      expect(elsewhere.headers.get('location')).toBe(`${h.base}/?signInError=OAUTH_CODE_REJECTED`);
      noSession(elsewhere);
    });

    it('refuses a Clever callback with a wrong or missing state, a denied consent or a bad code', async () => {
      const start = await h.call('GET', '/api/v1/auth/clever/login');
      const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
      const cookie = start.headers.get('set-cookie')!.split(';')[0];
      const failure = async (query: string, withCookie = true) => {
        const res = await h.call('GET', `/api/v1/auth/clever/callback?${query}`, withCookie ? { cookie } : {});
        expect(res.status).toBe(302);
        expect(res.headers.getSetCookie().some((c) => c.startsWith('roster_session=ey'))).toBe(false);
        return res.headers.get('location');
      };
      expect(await failure(`code=abc&state=${state}x`)).toBe(`${h.base}/?signInError=OAUTH_STATE_MISMATCH`);
      expect(await failure(`code=abc&state=${state}`, false)).toBe(`${h.base}/?signInError=OAUTH_STATE_MISMATCH`);
      expect(await failure(`error=access_denied&state=${state}`)).toBe(`${h.base}/?signInError=OAUTH_DENIED`);
      expect(await failure(`code=not-a-code&state=${state}`)).toBe(`${h.base}/?signInError=OAUTH_CODE_REJECTED`);
      // A launch from the Clever portal (code, no state) starts over with a state of ours.
      expect(await failure('code=portal-code', false)).toBe(`${h.base}/api/v1/auth/clever/login`);
    });

    it('answers 401 UNAUTHENTICATED to missing, malformed, forged, expired or misused credentials', async () => {
      const past = new SessionTokens(SESSION_SECRET, { now: () => Date.now() - 2 * 3600_000 });
      const forged = new SessionTokens('not-the-gateway-session-secret-xx');
      const cases: [string, Record<string, string>][] = [
        ['no credentials', {}],
        ['a malformed Authorization header', { authorization: 'Basic abc' }],
        ['garbage', { authorization: 'Bearer not.a.token' }],
        ['a forged signature', { authorization: `Bearer ${forged.issue('access', da.accountId).token}` }],
        ['an expired bearer token', { authorization: `Bearer ${past.issue('access', da.accountId).token}` }],
        ['a session token used as a bearer token', { authorization: `Bearer ${new SessionTokens(SESSION_SECRET).issue('session', da.accountId).token}` }],
        ['an internal token', { authorization: `Bearer ${signInternalToken({ kind: 'system', name: 'gateway' }, 'identity', INTERNAL_SECRET)}` }],
        ['a token with the alg changed', { authorization: `Bearer ${signToken({ sub: da.accountId, aud: 'roster-api', iss: 'roster-gateway-auth' }, SESSION_SECRET, 60).replace(/^[^.]+/, Buffer.from('{"alg":"none"}').toString('base64url'))}` }],
        ['a token for an unknown account', { authorization: `Bearer ${new SessionTokens(SESSION_SECRET).issue('access', randomUUID()).token}` }],
        ['an expired session cookie', { cookie: `roster_session=${new SessionTokens(SESSION_SECRET, { sessionTtlSeconds: 60, now: () => Date.now() - 120_000 }).issue('session', da.accountId).token}` }],
      ];
      for (const [name, headers] of cases) {
        const res = await h.call('GET', '/api/v1/classes', { headers });
        expect({ name, status: res.status, code: res.body?.code }).toEqual({ name, status: 401, code: 'UNAUTHENTICATED' });
        expect(res.headers.get('www-authenticate')).toBe('Bearer realm="roster"');
      }
      const expiredCookie = await h.call('GET', '/api/v1/me', { headers: cases[cases.length - 1][1] });
      expect(expiredCookie.headers.get('set-cookie')).toMatch(/^roster_session=; Path=\/; Max-Age=0/);
    });
  });

  // ------------------------------------------------------------------------------------------- scopes

  describe('scopes', () => {
    it('gives students no admin API: 403 STUDENT_NO_ACCESS everywhere but /me', async () => {
      const s = studentsA[0];
      const calls: [string, string, unknown?][] = [
        ['GET', '/schools'], ['GET', '/accounts'], ['GET', `/accounts/${s.accountId}`], ['GET', `/schools/${A.id}/available-students`],
        ['GET', '/courses'], ['GET', '/classes'], ['POST', '/classes', { schoolId: A.id, name: 'x' }], ['GET', `/classes/${randomUUID()}`],
        ['GET', `/students/${s.accountId}/placements`], ['POST', '/placements', { studentId: s.accountId, recommendedCourseId: 'x', testedOn: '2026-01-05' }],
        ['GET', '/audit'], ['GET', `/districts/${d1.id}/sync`], ['GET', `/districts/${d1.id}/summary`], ['PATCH', `/districts/${d1.id}/settings`, { placementRequired: false }],
      ];
      for (const [method, path, body] of calls) {
        const res = await as(s, method, path, body);
        expect({ path, status: res.status, code: res.body?.code }).toEqual({ path, status: 403, code: 'ACCESS.STUDENT_NO_ACCESS' });
      }
    });

    it('lists schools per role: a district admin all of the district, school admins and teachers their own', async () => {
      expect(ids((await as(da, 'GET', '/schools')).body)).toEqual([A.id, B.id].sort());
      expect(ids((await as(saA, 'GET', '/schools')).body)).toEqual([A.id]);
      expect(ids((await as(multi, 'GET', '/schools')).body)).toEqual([A.id]);
      expect(ids((await as(tB, 'GET', '/schools')).body)).toEqual([B.id]);
      expect(ids((await as(da2, 'GET', '/schools')).body)).toEqual([schoolD2.id]);
      const page = (await as(da, 'GET', '/schools?limit=1')).body;
      expect(page.data).toHaveLength(1);
      expect(typeof page.nextCursor).toBe('string');
    });

    it('lists accounts per role, pages through them, filters them, and hides other schools and districts', async () => {
      const inSchool = (school: string) => d1.people.filter((p) => p.schools.some((m) => m.schoolId === school));
      const listAll = async (p: Person, query = '') => {
        const out: string[] = [];
        let cursor: string | null = null;
        do {
          const res = await as(p, 'GET', `/accounts?limit=4${query}${cursor ? `&cursor=${cursor}` : ''}`);
          expect(res.status).toBe(200);
          out.push(...res.body.data.map((a: { id: string }) => a.id));
          cursor = res.body.nextCursor;
        } while (cursor);
        expect(new Set(out).size).toBe(out.length);
        return out.sort();
      };
      expect(await listAll(da)).toEqual(accountIds(d1.people));
      expect(await listAll(saA)).toEqual(accountIds(inSchool(A.id)));
      expect(await listAll(tB)).toEqual(accountIds(inSchool(B.id)));
      expect(await listAll(da2)).toEqual(accountIds(d2.people));
      expect(await listAll(da, `&role=student&schoolId=${A.id}`)).toEqual(accountIds(studentsA));
      const one = (await as(da, 'GET', `/accounts?cleverId=${studentsB[1].cleverId}`)).body.data;
      expect(one.map((a: { id: string }) => a.id)).toEqual([studentsB[1].accountId]);
      const named = (await as(da, 'GET', `/accounts/${studentsB[1].accountId}`)).body;
      const found = (await as(da, 'GET', `/accounts?q=${encodeURIComponent(named.name.last)}`)).body.data;
      expect(found.map((a: { id: string }) => a.id)).toContain(studentsB[1].accountId);

      expectProblem(await as(saA, 'GET', `/accounts?schoolId=${B.id}`), 404, 'IDENTITY.SCHOOL_NOT_FOUND');
      expectProblem(await as(da, 'GET', `/accounts?schoolId=${schoolD2.id}`), 404, 'IDENTITY.SCHOOL_NOT_FOUND');
      expectProblem(await as(da, 'GET', '/accounts?limit=501'), 400, 'VALIDATION_FAILED');
    });

    it('shows one account only in scope: another school or district is 404', async () => {
      expect((await as(tA, 'GET', `/accounts/${studentsA[0].accountId}`)).body).toMatchObject({ id: studentsA[0].accountId, cleverId: studentsA[0].cleverId });
      expectProblem(await as(saA, 'GET', `/accounts/${studentsB[0].accountId}`), 404);
      expectProblem(await as(da, 'GET', `/accounts/${student2.accountId}`), 404);
      expectProblem(await as(da2, 'GET', `/accounts/${studentsA[0].accountId}`), 404);
      expectProblem(await as(da, 'GET', '/accounts/not-a-uuid'), 400, 'VALIDATION_FAILED');
    });

    it('lists available students of a school to its staff only', async () => {
      const list = await as(tA, 'GET', `/schools/${A.id}/available-students?limit=500`);
      expect(list.status).toBe(200);
      expect(ids(list.body)).toEqual(accountIds(studentsA));
      expect(list.body.data[0]).toMatchObject({ id: expect.any(String), cleverId: expect.any(String), name: { first: expect.any(String), last: expect.any(String) } });
      expect(ids((await as(da, 'GET', `/schools/${B.id}/available-students`)).body)).toEqual(accountIds(studentsB));
      expect(ids((await as(multi, 'GET', `/schools/${A.id}/available-students?placement=none`)).body).length).toBeGreaterThan(0);
      const grade = studentsA[0].grade;
      if (grade) {
        const graded = (await as(tA, 'GET', `/schools/${A.id}/available-students?grade=${encodeURIComponent(grade)}`)).body.data;
        expect(graded.every((s: { grade?: string }) => s.grade === grade)).toBe(true);
      }
      expectProblem(await as(tA, 'GET', `/schools/${B.id}/available-students`), 404, 'IDENTITY.SCHOOL_NOT_FOUND');
      expectProblem(await as(saB, 'GET', `/schools/${A.id}/available-students`), 404, 'IDENTITY.SCHOOL_NOT_FOUND');
      expectProblem(await as(da, 'GET', `/schools/${schoolD2.id}/available-students`), 404);
      expectProblem(await as(da2, 'GET', `/schools/${A.id}/available-students`), 404);
      expectProblem(await as(tA, 'GET', `/schools/${A.id}/available-students?grade=%3Cscript%3E`), 400, 'VALIDATION_FAILED');
    });

    it('opens district endpoints to that district\'s admins only (others 403, another district 404)', async () => {
      const summary = await as(da, 'GET', `/districts/${d1.id}/summary`);
      expect(summary.status).toBe(200);
      expect(summary.body).toMatchObject({ districtId: d1.id, totals: { byRole: { student: { active: studentsA.length + studentsB.length } } } });
      expect(summary.body.schools.map((s: { schoolId: string }) => s.schoolId).sort()).toEqual([A.id, B.id].sort());
      for (const p of [saA, multi, tA]) expectProblem(await as(p, 'GET', `/districts/${d1.id}/summary`), 403, 'ACCESS.DISTRICT_ADMIN_REQUIRED');
      expectProblem(await as(da2, 'GET', `/districts/${d1.id}/summary`), 404, 'IDENTITY.DISTRICT_NOT_FOUND');
      expectProblem(await as(da, 'GET', `/districts/${d2.id}/summary`), 404, 'IDENTITY.DISTRICT_NOT_FOUND');

      // clever-ingestion's endpoints: the same rule.
      const runId = randomUUID();
      for (const [method, path] of [['GET', 'sync'], ['POST', 'sync'], ['POST', `sync/runs/${runId}/approve`], ['POST', `sync/runs/${runId}/reject`], ['GET', 'settings']]) {
        expectProblem(await as(saA, method, `/districts/${d1.id}/${path}`), 403, 'ACCESS.DISTRICT_ADMIN_REQUIRED');
        expectProblem(await as(tA, method, `/districts/${d1.id}/${path}`), 403, 'ACCESS.DISTRICT_ADMIN_REQUIRED');
        expectProblem(await as(da2, method, `/districts/${d1.id}/${path}`), 404, 'IDENTITY.DISTRICT_NOT_FOUND');
      }
      expectProblem(await as(da2, 'PATCH', `/districts/${d1.id}/settings`, { safeguardThresholdPercent: 30 }), 404, 'IDENTITY.DISTRICT_NOT_FOUND');
      expectProblem(await as(da, 'POST', `/districts/${d1.id}/sync/runs/${runId}/approve`), 404, 'INGESTION.RUN_NOT_FOUND');
      expectProblem(await as(da, 'POST', `/districts/${d1.id}/sync/runs/not%20a%20run/approve`), 400, 'VALIDATION_FAILED');
    });
  });

  // --------------------------------------------------------------------------- classes and placements

  describe('classes, enrollments and placements', () => {
    let classId: string;
    let courseId: string;

    it('lists the course catalog', async () => {
      const courses = await as(tA, 'GET', '/courses');
      expect(courses.status).toBe(200);
      expect(courses.body.nextCursor).toBeNull();
      expect(courses.body.data.length).toBeGreaterThan(0);
      courseId = courses.body.data[0].id;
    });

    it('lets a teacher create a class in their school only (they become its teacher)', async () => {
      const created = await as(tA, 'POST', '/classes', { schoolId: A.id, name: ' Group A ', courseId });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ schoolId: A.id, districtId: d1.id, name: 'Group A', courseId, teacherIds: [tA.accountId], status: 'active', activeEnrollments: 0 });
      classId = created.body.id;
      expectProblem(await as(tA, 'POST', '/classes', { schoolId: B.id, name: 'Nope' }), 404, 'IDENTITY.SCHOOL_NOT_FOUND');
      expectProblem(await as(da, 'POST', '/classes', { schoolId: schoolD2.id, name: 'Nope' }), 404);
      expectProblem(await as(da2, 'POST', '/classes', { schoolId: A.id, name: 'Nope' }), 404);
      expectProblem(await as(tA, 'POST', '/classes', { schoolId: A.id, name: '' }), 400, 'VALIDATION_FAILED');
      expectProblem(await as(tA, 'POST', '/classes', { schoolId: A.id, name: 'x', districtId: d2.id }), 400, 'VALIDATION_FAILED');
    });

    it('shows classes per role: their teachers, admins of the school, the district admin; nobody else', async () => {
      const listed = async (p: Person) => (await as(p, 'GET', '/classes')).body.data.map((c: { id: string }) => c.id);
      for (const p of [tA, saA, multi, da]) expect(await listed(p)).toContain(classId);
      for (const p of [tB, saB, da2, t2]) expect(await listed(p)).not.toContain(classId);
      expect(await (async () => (await as(da, 'GET', `/classes?schoolId=${A.id}`)).body.data.map((c: { id: string }) => c.id))()).toContain(classId);
      expectProblem(await as(tA, 'GET', `/classes?schoolId=${B.id}`), 404, 'IDENTITY.SCHOOL_NOT_FOUND');
      expect((await as(saA, 'GET', `/classes/${classId}`)).body.id).toBe(classId);
      // Out of the caller's scope is 404 with the code an unknown class gets, in the district or not (issue 13 item 9).
      for (const p of [tB, saB]) expectProblem(await as(p, 'GET', `/classes/${classId}`), 404, 'CLASSES.CLASS_NOT_FOUND');
      expectProblem(await as(da2, 'GET', `/classes/${classId}`), 404, 'CLASSES.CLASS_NOT_FOUND');
    });

    it('updates a class for its teacher; others cannot', async () => {
      const renamed = await as(tA, 'PATCH', `/classes/${classId}`, { name: 'Group A1', addTeacherIds: [multi.accountId] });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ name: 'Group A1', teacherIds: expect.arrayContaining([tA.accountId, multi.accountId]) });
      expectProblem(await as(tB, 'PATCH', `/classes/${classId}`, { name: 'Hijacked' }), 404, 'CLASSES.CLASS_NOT_FOUND');
      expectProblem(await as(da2, 'PATCH', `/classes/${classId}`, { name: 'Hijacked' }), 404, 'CLASSES.CLASS_NOT_FOUND');
      expectProblem(await as(tA, 'PATCH', `/classes/${classId}`, {}), 400, 'VALIDATION_FAILED');
    });

    it('records placements for students of the teacher\'s school and lists them', async () => {
      const [placed] = studentsA;
      const recorded = await as(tA, 'POST', '/placements', { studentId: placed.accountId, recommendedCourseId: courseId, score: 42, testedOn: '2026-09-01' });
      expect(recorded.status).toBe(201);
      expect(recorded.body).toMatchObject({ studentId: placed.accountId, recommendedCourseId: courseId, source: 'manual' });
      const list = await as(tA, 'GET', `/students/${placed.accountId}/placements`);
      expect(list.body).toMatchObject({ data: [{ id: recorded.body.id }], nextCursor: null });
      expectProblem(await as(da2, 'GET', `/students/${placed.accountId}/placements`), 404);
      expectProblem(await as(da2, 'POST', '/placements', { studentId: placed.accountId, recommendedCourseId: courseId, testedOn: '2026-09-01' }), 404);
      expectProblem(await as(tB, 'POST', '/placements', { studentId: placed.accountId, recommendedCourseId: courseId, testedOn: '2026-09-01' }), 404, 'IDENTITY.ACCOUNT_NOT_FOUND');
      expectProblem(await as(tB, 'GET', `/students/${placed.accountId}/placements`), 404, 'IDENTITY.ACCOUNT_NOT_FOUND');
      expectProblem(await as(tA, 'POST', '/placements', { studentId: placed.accountId, recommendedCourseId: courseId, testedOn: 'yesterday' }), 400, 'VALIDATION_FAILED');
    });

    it('enrolls students with per-student outcomes, lists and ends enrollments', async () => {
      const [placed, unplaced] = studentsA;
      const res = await as(tA, 'POST', `/classes/${classId}/enrollments`, { studentIds: [placed.accountId, unplaced.accountId, studentsB[0].accountId, student2.accountId] });
      expect(res.status).toBe(200);
      expect(res.body.results).toEqual([
        { studentId: placed.accountId, outcome: 'enrolled', warnings: [] },
        { studentId: unplaced.accountId, outcome: 'rejected', code: 'CLASSES.PLACEMENT_REQUIRED', warnings: [] },
        { studentId: studentsB[0].accountId, outcome: 'rejected', code: 'CLASSES.STUDENT_NOT_IN_SCHOOL', warnings: [] },
        { studentId: student2.accountId, outcome: 'rejected', code: 'CLASSES.STUDENT_NOT_FOUND', warnings: [] },
      ]);
      const roster = await as(saA, 'GET', `/classes/${classId}/enrollments`);
      expect(roster.body.data.map((e: { studentId: string }) => e.studentId)).toEqual([placed.accountId]);
      expect(roster.body.nextCursor).toBeNull();
      for (const [p, status] of [[tB, 404], [da2, 404]] as const) {
        expectProblem(await as(p, 'GET', `/classes/${classId}/enrollments`), status);
        expectProblem(await as(p, 'POST', `/classes/${classId}/enrollments`, { studentIds: [placed.accountId] }), status);
        expectProblem(await as(p, 'DELETE', `/classes/${classId}/enrollments/${placed.accountId}`), status);
      }
      expectProblem(await as(tA, 'POST', `/classes/${classId}/enrollments`, { studentIds: [] }), 400, 'VALIDATION_FAILED');
      const removed = await as(tA, 'DELETE', `/classes/${classId}/enrollments/${placed.accountId}`);
      expect(removed.status).toBe(204);
      expect(removed.text).toBe('');
      expectProblem(await as(tA, 'DELETE', `/classes/${classId}/enrollments/${placed.accountId}`), 404, 'CLASSES.ENROLLMENT_NOT_FOUND');
      const ended = await as(tA, 'GET', `/classes/${classId}/enrollments?status=ended`);
      expect(ended.body.data.map((e: { studentId: string; status: string }) => [e.studentId, e.status])).toEqual([[placed.accountId, 'ended']]);
    });

    it('lets the district admin change placementRequired (classes), nobody else', async () => {
      const unplaced = studentsA[1];
      const changed = await as(da, 'PATCH', `/districts/${d1.id}/settings`, { placementRequired: false });
      expect(changed.status).toBe(200);
      expect(changed.body).toEqual({ districtId: d1.id, placementRequired: false });
      const res = await as(tA, 'POST', `/classes/${classId}/enrollments`, { studentIds: [unplaced.accountId] });
      expect(res.body.results[0]).toMatchObject({ studentId: unplaced.accountId, outcome: 'enrolled' });
      expectProblem(await as(saA, 'PATCH', `/districts/${d1.id}/settings`, { placementRequired: true }), 403, 'ACCESS.DISTRICT_ADMIN_REQUIRED');
      expectProblem(await as(da2, 'PATCH', `/districts/${d1.id}/settings`, { placementRequired: true }), 404, 'IDENTITY.DISTRICT_NOT_FOUND');
      expectProblem(await as(da, 'PATCH', `/districts/${d1.id}/settings`, {}), 400, 'VALIDATION_FAILED');
      expectProblem(await as(da, 'PATCH', `/districts/${d1.id}/settings`, { placementRequired: 'no' }), 400, 'VALIDATION_FAILED');
    });

    it('archives a class (enrollments end); outsiders cannot', async () => {
      expectProblem(await as(tB, 'POST', `/classes/${classId}/archive`), 404, 'CLASSES.CLASS_NOT_FOUND');
      expectProblem(await as(da2, 'POST', `/classes/${classId}/archive`), 404, 'CLASSES.CLASS_NOT_FOUND');
      const archived = await as(tA, 'POST', `/classes/${classId}/archive`);
      expect(archived.status).toBe(200);
      expect(archived.body).toMatchObject({ id: classId, status: 'archived', activeEnrollments: 0 });
    });

    it('shows the audit log to district and school admins of the school, not to teachers or other districts', async () => {
      const entries = async (p: Person) => (await as(p, 'GET', '/audit?limit=500')).body.data as { targetId: string; action: string }[];
      const ofClass = (list: { targetId: string }[]) => list.filter((e) => e.targetId === classId);
      expect(ofClass(await entries(da)).length).toBeGreaterThan(0);
      expect(ofClass(await entries(saA)).length).toBeGreaterThan(0);
      expect(ofClass(await entries(saB))).toEqual([]);
      expect(ofClass(await entries(da2))).toEqual([]);
      expectProblem(await as(tA, 'GET', '/audit'), 403, 'ACCESS.SCHOOL_ADMIN_REQUIRED');
      const first = await as(da, 'GET', '/audit?limit=1');
      expect(first.body.data).toHaveLength(1);
      expect(typeof first.body.nextCursor).toBe('string');
      expectProblem(await as(da, 'GET', '/audit?cursor=!!'), 400, 'VALIDATION_FAILED');
    });
  });

  // ---------------------------------------------------------------------------------------- hardening

  describe('hardening', () => {
    it('answers problem+json for malformed, oversized and unknown requests', async () => {
      const t = await token(da);
      expectProblem(await h.call('POST', '/api/v1/classes', { token: t, rawBody: '{"schoolId":' }), 400, 'MALFORMED_JSON');
      expectProblem(await h.call('POST', '/api/v1/classes', { token: t, body: { schoolId: A.id, name: 'x'.repeat(300_000) } }), 413, 'PAYLOAD_TOO_LARGE');
      expectProblem(await h.call('POST', '/api/v1/classes', { token: t, rawBody: 'schoolId=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 400, 'VALIDATION_FAILED');
      expectProblem(await h.call('GET', '/api/v1/nowhere', { token: t }), 404, 'NOT_FOUND');
      const invalid = await h.call('GET', '/api/v1/accounts?role=pirate&limit=0&extra=1', { token: t });
      expectProblem(invalid, 400, 'VALIDATION_FAILED');
      expect(invalid.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['query.role', 'query.limit']));
    });

    it('sends security headers, keeps CORS off and refuses cross-origin state changes', async () => {
      const t = await token(da);
      const res = await h.call('GET', '/api/v1/me', { token: t, headers: { origin: 'https://evil.example' } });
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('x-powered-by')).toBeNull();
      const preflight = await h.call('OPTIONS', '/api/v1/classes', { headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      expectProblem(await h.call('POST', '/api/v1/classes', { token: t, body: { schoolId: A.id, name: 'x' }, headers: { origin: 'https://evil.example' } }), 403, 'ORIGIN_NOT_ALLOWED');
      expectProblem(await h.call('POST', '/api/v1/auth/logout', { headers: { 'sec-fetch-site': 'cross-site' } }), 403, 'ORIGIN_NOT_ALLOWED');
      expect((await h.call('POST', '/api/v1/auth/logout', { headers: { origin: h.base } })).status).toBe(204);

      const ui = await fetch(`${h.base}/`);
      expect(ui.status).toBe(200);
      expect(ui.headers.get('content-type')).toContain('text/html');
      expect(ui.headers.get('content-security-policy')).toContain("default-src 'self'");
    });

    it('rate-limits per principal and per IP (429 RATE_LIMITED with Retry-After); CORS only for configured origins', async () => {
      const base = await h.startGateway({ rateLimit: { perMinute: 3, anonymousPerMinute: 2 }, corsOrigins: ['https://admin.example'] });
      const t = await token(tA);
      const other = await token(saA);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await h.call('GET', '/api/v1/me', { token: t }, base)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const limited = await h.call('GET', '/api/v1/me', { token: t }, base);
      expectProblem(limited, 429, 'RATE_LIMITED');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect((await h.call('GET', '/api/v1/me', { token: other }, base)).status).toBe(200);
      const anonymous = [];
      for (let i = 0; i < 3; i++) anonymous.push((await h.call('GET', '/api/v1/me', {}, base)).status);
      expect(anonymous).toEqual([401, 401, 429]);

      const preflight = await h.call('OPTIONS', '/api/v1/classes', { headers: { origin: 'https://admin.example', 'access-control-request-method': 'POST' } }, base);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('https://admin.example');
      expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    });

    it('serves the OpenAPI document listing every route of the API, and Swagger UI', async () => {
      const doc = await h.call('GET', '/api/openapi.json');
      expect(doc.status).toBe(200);
      expect(doc.body).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument(apiControllers, { devMode: true }))));
      const express = h.gateway.app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } };
      const routes = express.router.stack
        .filter((l) => l.route && l.route.path.startsWith('/api/v1/'))
        .flatMap((l) => Object.keys(l.route!.methods).map((m) => `${m.toUpperCase()} ${l.route!.path.replace(/:(\w+)/g, '{$1}')}`));
      const documented = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
      expect(routes.length).toBeGreaterThanOrEqual(30);
      expect(documented.sort()).toEqual(routes.sort());
      const page = await fetch(`${h.base}/api/docs`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('swagger-ui-bundle.js');
      expect((await fetch(`${h.base}/api/docs/assets/swagger-ui-bundle.js`)).status).toBe(200);
      expect((await fetch(`${h.base}/api/docs/assets/index.html`)).status).toBe(404);
    });

    it('serves /metrics and /health/* on the management port only: the public port answers 404 problem+json (gateway and services)', async () => {
      for (const base of [h.base, h.identity.url, h.classes.url, h.ingestion.url]) {
        for (const path of ['/metrics', '/health/ready', '/health/live']) {
          const res = await fetch(`${base}${path}`);
          expect({ base, path, status: res.status }).toEqual({ base, path, status: 404 });
          expect(res.headers.get('content-type')).toContain('application/problem+json');
          await res.text();
        }
      }
      for (const mgmt of [h.managementUrlOf(), h.identity.managementUrl, h.classes.managementUrl, h.ingestion.managementUrl]) {
        expect(mgmt).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        const metrics = await fetch(`${mgmt}/metrics`);
        expect(metrics.status).toBe(200);
        expect(await metrics.text()).toContain('roster_http_requests_total');
        const ready = await fetch(`${mgmt}/health/ready`);
        expect(ready.status).toBe(200);
        await ready.text();
      }
    });

    it('reports ready when the three services are, not ready when one is not reachable', async () => {
      const ready = await h.call('GET', '/health/ready', {}, h.managementUrlOf());
      expect(ready.status).toBe(200);
      expect(ready.body.info).toMatchObject({ identity: { status: 'up' }, classes: { status: 'up' }, 'clever-ingestion': { status: 'up' } });
      const lonely = await h.startGateway({ ingestionUrl: 'http://127.0.0.1:9' });
      const notReady = await h.call('GET', '/health/ready', {}, h.managementUrlOf(lonely));
      expect(notReady.status).toBe(503);
      expect(notReady.body.error).toHaveProperty('clever-ingestion');
      expect((await h.call('GET', '/health/live', {}, h.managementUrlOf(lonely))).status).toBe(200);
      // A service that cannot be reached answers 503 SERVICE_UNAVAILABLE through the API.
      expectProblem(await h.call('GET', `/api/v1/districts/${d1.id}/sync`, { token: await token(da) }, lonely), 503, 'SERVICE_UNAVAILABLE');
    });

    it('never answers 500 to fuzzed requests', async () => {
      const t = await token(da);
      const segment = fc.oneof(
        fc.constantFrom(A.id, B.id, schoolD2.id, d1.id, d2.id, studentsA[0].accountId, student2.accountId, randomUUID(), 'run-1'),
        fc.string({ maxLength: 40 }).map(encodeURIComponent),
      );
      const template = fc.constantFrom(
        '/me', '/schools', '/accounts', '/accounts/{}', '/schools/{}/available-students', '/courses', '/classes', '/classes/{}',
        '/classes/{}/archive', '/classes/{}/enrollments', '/classes/{}/enrollments/{}', '/placements', '/students/{}/placements', '/audit',
        '/districts/{}/summary', '/districts/{}/settings', '/districts/{}/sync', '/auth/dev-login', '/auth/token', '/auth/dev-users',
      );
      const query = fc.dictionary(fc.constantFrom('limit', 'cursor', 'q', 'role', 'status', 'schoolId', 'grade', 'placement', 'cleverId', 'x'), fc.string({ maxLength: 30 }), { maxKeys: 4 });
      const body = fc.oneof(fc.constant(undefined), fc.jsonValue({ maxDepth: 3 }), fc.record({ schoolId: segment, name: fc.string(), studentIds: fc.array(segment, { maxLength: 3 }), courseId: fc.string() }, { requiredKeys: [] }));
      await fc.assert(
        fc.asyncProperty(fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE'), template, fc.array(segment, { minLength: 2, maxLength: 2 }), query, body, async (method, tpl, segs, q, b) => {
          let i = 0;
          const path = tpl.replace(/\{\}/g, () => segs[i++]);
          const search = new URLSearchParams(q).toString();
          const res = await h.call(method, `/api/v1${path}${search ? `?${search}` : ''}`, { token: t, ...(b === undefined || method === 'GET' ? {} : { body: b }) });
          expect([500, 502]).not.toContain(res.status);
          if (res.status >= 400) expect(res.headers.get('content-type')).toContain(PROBLEM);
        }),
        { numRuns: 250 },
      );
    });
  });
  // ------------------------------------------------------------------------------ sync (clever-ingestion)

  describe('district sync through clever-ingestion (district 2)', () => {
    const run = async (p: Person, method: string, path: string, body?: unknown) => as(p, method, `/districts/${d2.id}${path}`, body);
    const signIn = (p: Person) => h.call('POST', '/api/v1/auth/dev-login', { body: { cleverId: p.cleverId } });

    it('shows the sync status of the district to its admin', async () => {
      const status = await run(da2, 'GET', '/sync');
      expect(status.status).toBe(200);
      expect(status.body).toMatchObject({
        districtId: d2.id,
        cleverDistrictId: d2.cleverId,
        connection: { state: 'connected' },
        settings: { safeguardThresholdPercent: 25 },
        held: null,
        rejected: [],
      });
      expect(status.body.runs[0]).toMatchObject({ kind: 'full', status: 'completed', counts: { created: expect.any(Number) } });
      expect(status.body.lastSuccessfulFullSyncAt).toEqual(expect.any(String));
      const settings = await run(da2, 'GET', '/settings');
      expect(settings.body).toEqual({
        districtId: d2.id,
        placementRequired: true,
        placementValidity: 'any',
        safeguardThresholdPercent: 25,
        safeguardThresholds: { students: 25, teachers: 25, staff: 10 },
        safeguardMinimumCount: 10,
      });
    });

    it('syncs now (202, then 409 SYNC_ALREADY_RUNNING); a user Clever stops sharing loses access', async () => {
      const leaving = t2;
      const before = await token(leaving);
      expect((await h.call('GET', '/api/v1/classes', { token: before })).status).toBe(200);
      h.unshare(d2.cleverId, leaving);
      const started = await run(da2, 'POST', '/sync');
      expect(started.status).toBe(202);
      expect(started.body).toEqual({ runId: expect.any(String) });
      const again = await run(da2, 'POST', '/sync');
      expectProblem(again, 409, 'INGESTION.SYNC_ALREADY_RUNNING');
      expect(again.body.runId).toBe(started.body.runId);
      expect(await h.runOutcome(d2.cleverId, started.body.runId)).toMatchObject({ id: started.body.runId, status: 'completed' });
      const status = (await run(da2, 'GET', '/sync')).body;
      expect(status.runs[0]).toMatchObject({ id: started.body.runId, trigger: 'manual', status: 'completed', counts: { archived: 1 } });

      await eventually(async () => (await h.call('GET', '/api/v1/classes', { token: before })).status === 401, 30_000, 'the archived account to lose access');
      expectProblem(await signIn(leaving), 403, 'IDENTITY.ACCOUNT_ARCHIVED');
    });

    it('holds a sync that would archive more than the threshold until the district admin approves or rejects it', async () => {
      const changed = await run(da2, 'PATCH', '/settings', { safeguardThresholdPercent: 10 });
      expect(changed.status).toBe(200);
      expect(changed.body).toEqual({ districtId: d2.id, safeguardThresholdPercent: 10 });
      expectProblem(await run(da2, 'PATCH', '/settings', { safeguardThresholdPercent: 150 }), 400, 'VALIDATION_FAILED');
      const [, approvedGone, rejectedGone] = only(d2, ['student']);

      // Approve: the archive is applied.
      h.unshare(d2.cleverId, approvedGone);
      const first = (await run(da2, 'POST', '/sync')).body.runId as string;
      expect(await h.runOutcome(d2.cleverId, first)).toMatchObject({ id: first, status: 'held' });
      const held = (await run(da2, 'GET', '/sync')).body;
      expect(held.held).toMatchObject({ runId: first, removals: 1, thresholdPercent: 10 });
      expect(held.runs[0]).toMatchObject({ id: first, status: 'held', heldRemovals: 1 });
      expect((await signIn(approvedGone)).status).toBe(200);
      expectProblem(await as(da, 'POST', `/districts/${d2.id}/sync/runs/${first}/approve`), 404, 'IDENTITY.DISTRICT_NOT_FOUND');
      expectProblem(await run(only(d2, ['school_admin'])[0], 'POST', `/sync/runs/${first}/approve`), 403, 'ACCESS.DISTRICT_ADMIN_REQUIRED');
      const approved = await run(da2, 'POST', `/sync/runs/${first}/approve`);
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({ id: first, status: 'completed', counts: { archived: 1 } });
      expectProblem(await run(da2, 'POST', `/sync/runs/${first}/approve`), 409, 'INGESTION.RUN_NOT_HELD');
      await eventually(async () => (await signIn(approvedGone)).status === 403, 30_000, 'the approved archive to reach identity');

      // Reject: the archive is dropped, the student keeps their account.
      h.unshare(d2.cleverId, rejectedGone);
      const second = (await run(da2, 'POST', '/sync')).body.runId as string;
      expect(await h.runOutcome(d2.cleverId, second)).toMatchObject({ id: second, status: 'held' });
      const rejected = await run(da2, 'POST', `/sync/runs/${second}/reject`);
      expect(rejected.status).toBe(200);
      expect(rejected.body).toMatchObject({ id: second, status: 'rejected', counts: { archived: 0 } });
      expect((await run(da2, 'GET', '/sync')).body.held).toBeNull();
      expect((await signIn(rejectedGone)).status).toBe(200);
    });
  });

  // ---------------------------------------------------------------------------------------- contract

  describe('contract', () => {
    it('one answer for out of scope: every role gets the same status and code from the gateway and from every service holding the resource', async () => {
      const cls = (await as(tA, 'POST', '/classes', { schoolId: A.id, name: 'Scope check' })).body as { id: string };
      const [student] = studentsA;
      const principalOf = async (p: Person) => (await h.internal('identity', `/sign-in/account/${p.accountId}`)).body.principal as Principal;
      // Each resource of district 1, as the gateway names it and as each service holding it does.
      const resources: { name: string; gateway: string; internal: ['identity' | 'classes' | 'clever-ingestion', string][] }[] = [
        { name: 'district summary', gateway: `/districts/${d1.id}/summary`, internal: [['identity', `/districts/${d1.id}/summary`]] },
        {
          name: 'district sync',
          gateway: `/districts/${d1.id}/sync`,
          internal: [['clever-ingestion', `/districts/${d1.cleverId}/sync`]],
        },
        { name: 'district audit', gateway: '/audit', internal: [['classes', `/districts/${d1.id}/audit`]] },
        { name: 'school A', gateway: `/schools/${A.id}/available-students`, internal: [['identity', `/schools/${A.id}`], ['classes', `/schools/${A.id}/available-students`]] },
        { name: 'student of A', gateway: `/accounts/${student.accountId}`, internal: [['identity', `/accounts/${student.accountId}`], ['classes', `/students/${student.accountId}/placements`]] },
        { name: 'class of A', gateway: `/classes/${cls.id}`, internal: [['classes', `/classes/${cls.id}`], ['classes', `/classes/${cls.id}/enrollments`]] },
      ];
      // Out of scope for each of them: another district's admin, an admin and a teacher of school B; a student has no admin API at all.
      const cases: { who: string; p: Person; resources: string[]; expected: 'not_found' | 'student' }[] = [
        { who: 'district admin of district 2', p: da2, resources: ['district summary', 'district sync', 'school A', 'student of A', 'class of A'], expected: 'not_found' },
        { who: 'school admin of B', p: saB, resources: ['school A', 'student of A', 'class of A'], expected: 'not_found' },
        { who: 'teacher of B', p: tB, resources: ['school A', 'student of A', 'class of A'], expected: 'not_found' },
        { who: 'student of A', p: student, resources: resources.map((r) => r.name), expected: 'student' },
      ];
      for (const c of cases) {
        const principal = await principalOf(c.p);
        for (const r of resources.filter((x) => c.resources.includes(x.name))) {
          const answers = [{ where: 'gateway', res: await as(c.p, 'GET', r.gateway) }];
          for (const [service, path] of r.internal) answers.push({ where: `${service} ${path}`, res: await h.internal(service, path, { kind: 'user', principal }) });
          const seen = answers.map((x) => ({ where: x.where, status: x.res.status, code: x.res.body?.code }));
          const first = seen[0];
          expect({ who: c.who, resource: r.name, first: first.status }).toEqual({ who: c.who, resource: r.name, first: c.expected === 'student' ? 403 : 404 });
          if (c.expected === 'student') expect(first.code).toBe('ACCESS.STUDENT_NO_ACCESS');
          for (const x of seen) expect({ who: c.who, resource: r.name, ...x }).toEqual({ who: c.who, resource: r.name, where: x.where, status: first.status, code: first.code });
        }
      }
    });

    it('refuses dot segments and never names internal routes in an answer', async () => {
      const t = await token(da);
      // Sent as is (fetch would resolve the dot segments before sending).
      const raw = (path: string) =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          const { hostname, port } = new URL(h.base);
          const req = request({ hostname, port, path, method: 'POST', headers: { authorization: `Bearer ${t}` } }, (res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          });
          req.on('error', reject);
          req.end();
        });
      for (const runId of ['..', '.', '%2E%2E', '%2e']) {
        const res = await raw(`/api/v1/districts/${d1.id}/sync/runs/${runId}/approve`);
        expect({ runId, status: res.status, code: JSON.parse(res.body).code }).toEqual({ runId, status: 400, code: 'VALIDATION_FAILED' });
      }
      const unknown = await h.call('POST', `/api/v1/districts/${d1.id}/sync/runs/${randomUUID()}/approve`, { token: t });
      expectProblem(unknown, 404, 'INGESTION.RUN_NOT_FOUND');
      expect(unknown.text).not.toContain('/internal/');
      // Malformed ids in any public path: 400 before any service is called, naming no internal route.
      for (const path of [`/classes/1.2`, `/schools/..%2F..%2Finternal/available-students`, `/accounts/${d1.id}x`, `/districts/not-a-uuid/summary`]) {
        const res = await h.call('GET', `/api/v1${path}`, { token: t });
        expect({ path, status: res.status, code: res.body?.code }).toEqual({ path, status: 400, code: 'VALIDATION_FAILED' });
        expect(res.text).not.toContain('/internal/');
      }
      // An unknown route: 404 problem, naming no internal route.
      const missing = await h.call('GET', '/api/v1/no-such-route', { token: t });
      expectProblem(missing, 404);
      expect(missing.text).not.toContain('/internal/');
    });

    it("answers a district admin's sections and sharing health (their behaviour: queries/sections/sections.int-spec.ts)", async () => {
      const school = d1.schools[0];
      for (const path of [`/schools/${school.id}/sections`, `/districts/${d1.id}/sharing-health`, `/districts/${d1.id}/sharing-health/never-enrolled`]) {
        expect({ path, status: (await as(da, 'GET', path)).status }).toEqual({ path, status: 200 });
      }
    });

    it("answers the year's and the data's routes as declared (their behaviour: rollover, sync-preview, merge and retention int specs)", async () => {
      const years = await as(da, 'GET', `/districts/${d1.id}/school-years`);
      expect(years.status).toBe(200);
      const preview = await as(da, 'POST', `/districts/${d1.id}/school-years/rollover/preview`, { name: '2031–2032', startsOn: '2031-08-01' });
      expect(preview.status).toBe(200);
      // Without its Idempotency-Key a rollover is refused and changes nothing.
      expectProblem(await as(da, 'POST', `/districts/${d1.id}/school-years/rollover`, { name: '2031–2032', startsOn: '2031-08-01' }), 400);
      expect((await as(da, 'GET', `/districts/${d1.id}/school-years`)).body).toEqual(years.body);
      const rollover = async () =>
        h.call('POST', `/api/v1/districts/${d1.id}/school-years/rollover`, { token: await token(da), body: { name: '2031–2032', startsOn: '2031-08-01' }, headers: { 'idempotency-key': 'gateway-int-rollover' } });
      const rolled = await rollover();
      expect(rolled.status).toBe(200);
      expect((await rollover()).body).toEqual(rolled.body); // the same key: the first result
      expect((await as(da, 'GET', `/districts/${d1.id}/duplicate-accounts`)).status).toBe(200);
      expect((await as(da, 'GET', `/districts/${d1.id}/account-retention`)).status).toBe(200);
      expect((await as(da, 'PATCH', `/districts/${d1.id}/account-retention`, { archivedRetentionDays: null })).status).toBe(200);
      expectProblem(await as(da, 'POST', `/accounts/${studentsA[0].accountId}/merge`, { intoAccountId: studentsA[0].accountId }), 409, 'IDENTITY.MERGE_INTO_ITSELF');
      // The student archived by the approved hold above, merged into an active student of the same district.
      const [target, archivedByHold] = only(d2, ['student']);
      const merged = await as(da2, 'POST', `/accounts/${archivedByHold.accountId}/merge`, { intoAccountId: target.accountId });
      expect(merged.status).toBe(200);
      const dryRun = await as(da2, 'POST', `/districts/${d2.id}/sync/preview`);
      expect(dryRun.status).toBe(202);
      const runId = dryRun.body.runId as string;
      expect((await as(da2, 'GET', `/districts/${d2.id}/sync/runs/${runId}/changes?kind=archived`)).status).toBe(200);
    });

    it('answers a declared route called with another method 405 with Allow, an unknown one 404', async () => {
      const res = await h.call('PUT', `/api/v1/classes`, { token: await token(da), body: {} });
      expectProblem(res, 405, 'METHOD_NOT_ALLOWED');
      expect(res.headers.get('allow')).toBe('GET, HEAD, POST');
      expectProblem(await h.call('PUT', '/api/v1/no-such-route', { token: await token(da) }), 404);
    });

    it('every route answered as it declares (response schema, problem+json refusals), and every route was exercised', () => {
      expect(contract.violations).toEqual([]);
      const undeclared = contract.routes.filter(({ spec }) => !spec.response && !spec.redirect && successStatus(spec) !== 204).map(({ spec }) => spec.operationId);
      expect(undeclared).toEqual([]);
      const missed = contract.routes.filter(({ spec }) => !contract.exercised.has(spec)).map(({ spec }) => `${spec.method} ${spec.path}`);
      expect(missed).toEqual([]);
    });
  });
});
