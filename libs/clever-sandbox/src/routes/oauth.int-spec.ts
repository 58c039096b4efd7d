import { createSandbox, Sandbox } from '../sandbox';

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

describe('OAuth: district tokens and SSO', () => {
  let now = Date.UTC(2026, 0, 15);
  let sandbox: Sandbox;
  let url: string;
  const auth = basic('sandbox-client', 'sandbox-secret');

  beforeEach(async () => {
    sandbox = createSandbox({ seed: 'oauth', now: () => now, districts: [{ preset: 'demo' }, { users: 50 }] });
    ({ url } = await sandbox.start());
  });
  afterEach(() => sandbox.close());

  const tokens = async (query = '?owner_type=district', authorization = auth) => {
    const res = await fetch(`${url}/oauth/tokens${query}`, { headers: { authorization } });
    return { status: res.status, body: (await res.json()) as any };
  };
  const api = (path: string, token: string) => fetch(url + path, { headers: { authorization: `Bearer ${token}` } });

  describe('GET /oauth/tokens', () => {
    it('lists one token per district, with the owner district id', async () => {
      const { status, body } = await tokens();
      expect(status).toBe(200);
      const districts = sandbox.admin.districts();
      expect(body.data.map((t: any) => [t.owner, t.access_token])).toEqual(
        districts.map((d) => [{ type: 'district', id: d.id }, d.token]),
      );
      expect(body.links).toEqual([{ rel: 'self', uri: '/oauth/tokens?owner_type=district' }]);
    });

    it('narrows to one district with &district=', async () => {
      const second = sandbox.admin.districts()[1];
      const { body } = await tokens(`?owner_type=district&district=${second.id}`);
      expect(body.data.map((t: any) => t.owner.id)).toEqual([second.id]);
    });

    it('rejects wrong client credentials with invalid_client', async () => {
      const { status, body } = await tokens('?owner_type=district', basic('sandbox-client', 'nope'));
      expect(status).toBe(401);
      expect(body.error).toBe('invalid_client');
      expect((await fetch(`${url}/oauth/tokens?owner_type=district`)).status).toBe(401);
    });

    it('revokes: the token answers 401 and leaves the list', async () => {
      const [first] = sandbox.admin.districts();
      expect((await api('/v3.0/districts', first.token!)).status).toBe(200);
      sandbox.admin.revokeToken(first.id);
      const res = await api('/v3.0/districts', first.token!);
      expect(res.status).toBe(401);
      expect((await res.json()) as any).toEqual({ message: expect.any(String) });
      expect((await tokens(`?district=${first.id}`)).body.data).toEqual([]);
    });

    it('rotates: the old token answers 401, the list has the new one that works', async () => {
      const [first] = sandbox.admin.districts();
      const fresh = sandbox.admin.rotateToken(first.id);
      expect(fresh).not.toBe(first.token);
      expect((await api('/v3.0/districts', first.token!)).status).toBe(401);
      expect((await tokens(`?district=${first.id}`)).body.data[0].access_token).toBe(fresh);
      expect((await api('/v3.0/districts', fresh)).status).toBe(200);
    });

    it('gives the same tokens and ids for the same seed', () => {
      const again = createSandbox({ seed: 'oauth', districts: [{ preset: 'demo' }, { users: 50 }] });
      expect(again.admin.districts()).toEqual(sandbox.admin.districts());
    });
  });

  describe('SSO code flow', () => {
    const redirectUri = 'https://app.example.test/auth/clever/callback';

    async function authorize(userId: string, state = 'xyz') {
      const q = new URLSearchParams({ response_type: 'code', client_id: 'sandbox-client', redirect_uri: redirectUri, state, login_hint: userId });
      const res = await fetch(`${url}/oauth/authorize?${q}`, { redirect: 'manual' });
      expect(res.status).toBe(302);
      const location = new URL(res.headers.get('location')!);
      expect(location.origin + location.pathname).toBe(redirectUri);
      expect(location.searchParams.get('state')).toBe(state);
      return location.searchParams.get('code')!;
    }

    const exchange = async (code: string, form = false) => {
      const body = { code, grant_type: 'authorization_code', redirect_uri: redirectUri };
      const res = await fetch(`${url}/oauth/tokens`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' },
        body: form ? new URLSearchParams(body).toString() : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as any };
    };

    it('redirects with a code that exchanges once for a token; /me answers with the user', async () => {
      const [district] = sandbox.admin.districts();
      const teacherId = sandbox.admin.sampleIds(district.id, 'users', { role: 'teacher', limit: 1 })[0];
      const code = await authorize(teacherId);
      const first = await exchange(code);
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ access_token: expect.any(String), token_type: 'bearer' });
      const again = await exchange(code);
      expect(again.status).toBe(400);
      expect(again.body.error).toBe('invalid_grant');

      const me = ((await (await api('/v3.0/me', first.body.access_token)).json()) as any);
      expect(me).toEqual({
        type: 'user',
        data: { id: teacherId, district: district.id, type: 'user', authorized_by: 'district' },
        links: [
          { rel: 'self', uri: '/me' },
          { rel: 'canonical', uri: `/v3.0/users/${teacherId}` },
          { rel: 'district', uri: `/v3.0/districts/${district.id}` },
        ],
      });
      expect((await api(`/v3.0/users/${teacherId}`, first.body.access_token)).status).toBe(200);
      expect((await api('/v3.0/users', first.body.access_token)).status).toBe(401);
      const info = ((await (await api('/userinfo', first.body.access_token)).json()) as any);
      expect(info).toMatchObject({ sub: teacherId, district: district.id, user_type: 'teacher' });
    });

    it('accepts a form-encoded exchange', async () => {
      const [district] = sandbox.admin.districts();
      const studentId = sandbox.admin.sampleIds(district.id, 'users', { role: 'student', limit: 1 })[0];
      expect((await exchange(await authorize(studentId), true)).status).toBe(200);
    });

    it('expires codes after 60 seconds', async () => {
      const [district] = sandbox.admin.districts();
      const code = await authorize(sandbox.admin.sampleIds(district.id, 'users', { role: 'teacher', limit: 1 })[0]);
      now += 61_000;
      const res = await exchange(code);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_grant');
    });

    it('rejects a code exchanged with another redirect_uri or bad client credentials', async () => {
      const [district] = sandbox.admin.districts();
      const teacherId = sandbox.admin.sampleIds(district.id, 'users', { role: 'teacher', limit: 1 })[0];
      const code = await authorize(teacherId);
      const wrong = await fetch(`${url}/oauth/tokens`, {
        method: 'POST',
        headers: { authorization: basic('sandbox-client', 'bad'), 'content-type': 'application/json' },
        body: JSON.stringify({ code, grant_type: 'authorization_code', redirect_uri: redirectUri }),
      });
      expect(wrong.status).toBe(401);
      const other = await fetch(`${url}/oauth/tokens`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: JSON.stringify({ code, grant_type: 'authorization_code', redirect_uri: 'https://evil.example/cb' }),
      });
      expect(other.status).toBe(400);
    });

    it('shows a user picker without a login hint, and refuses unknown users and contacts', async () => {
      const q = new URLSearchParams({ response_type: 'code', client_id: 'sandbox-client', redirect_uri: redirectUri });
      const page = await fetch(`${url}/oauth/authorize?${q}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(await page.text()).toContain('login_hint=');
      q.set('login_hint', 'ffffffffffffffffffffffff');
      expect((await fetch(`${url}/oauth/authorize?${q}`, { redirect: 'manual' })).status).toBe(404);
      const [district] = sandbox.admin.districts();
      q.set('login_hint', sandbox.admin.sampleIds(district.id, 'users', { role: 'contact', limit: 1 })[0]);
      expect((await fetch(`${url}/oauth/authorize?${q}`, { redirect: 'manual' })).status).toBe(404);
    });

    it('lets a district token read /me as the district', async () => {
      const [district] = sandbox.admin.districts();
      const me = ((await (await api('/v3.1/me', district.token!)).json()) as any);
      expect(me.data).toEqual({ id: district.id, type: 'district' });
    });
  });
});
