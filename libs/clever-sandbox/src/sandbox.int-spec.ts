import { createSandbox, Sandbox } from './sandbox';

describe('createSandbox', () => {
  describe('a 1,000,000-user district', () => {
    let sandbox: Sandbox;
    let url: string;
    beforeAll(async () => {
      sandbox = createSandbox({ seed: 'big', districts: [{ users: 1_000_000 }], rateLimitPerMinute: null });
      ({ url } = await sandbox.start());
    });
    afterAll(() => sandbox.close());

    it('is created without materialising users and serves page 50 building only that page', async () => {
      const [district] = sandbox.admin.districts();
      const state = sandbox.store.district(district.id);
      const counts = sandbox.admin.counts(district.id);
      expect(counts.users).toBe(1_000_000);
      expect(counts.districtAdmins + counts.staff + counts.teachers + counts.students + counts.contacts - counts.multiRole).toBe(1_000_000);

      const generator = state.generator;
      const built = jest.spyOn(generator, 'user');
      const json = jest.spyOn(generator, 'writeUserJson');
      // page 50 of 100-user pages: starts after user 4,899; jump there by id, as a client resuming would
      const after = generator.idOf('users', 4_899);
      const res = await fetch(`${url}/v3.0/users?limit=100&starting_after=${after}`, { headers: { authorization: `Bearer ${district.token}` } });
      const body = (await res.json()) as any;
      expect(body.data).toHaveLength(100);
      expect(body.data[0].data.id).toBe(generator.idOf('users', 4_900));
      expect(json.mock.calls.length).toBe(100);
      expect(built.mock.calls.length).toBeLessThanOrEqual(100);
      // nothing was stored for the records read
      expect(state.collections.users.entries()).toEqual([]);

      const tail = await fetch(`${url}/v3.0/users?limit=2&ending_before=last`, { headers: { authorization: `Bearer ${district.token}` } });
      expect(((await tail.json()) as any).data.map((d: any) => d.data.id)).toEqual([generator.idOf('users', 999_998), generator.idOf('users', 999_999)]);
      built.mockRestore();
      json.mockRestore();
    });

    it('serves 10,000-user pages', async () => {
      const [district] = sandbox.admin.districts();
      const res = await fetch(`${url}/v3.1/users?limit=10000&role=student`, { headers: { authorization: `Bearer ${district.token}` } });
      const body = (await res.json()) as any;
      expect(body.data).toHaveLength(10_000);
      expect(body.links.find((l: any) => l.rel === 'next')).toBeDefined();
    });
  });

  it('is deterministic: same seed, same data; other seed, other ids', async () => {
    const a = createSandbox({ seed: 7 });
    const b = createSandbox({ seed: 7 });
    const c = createSandbox({ seed: 8 });
    const sample = (s: Sandbox) => {
      const d = s.admin.districts()[0].id;
      return s.admin.sampleIds(d, 'users', { limit: 5 }).map((id) => s.admin.get(d, 'users', id)!.record);
    };
    expect(sample(a)).toEqual(sample(b));
    expect(a.admin.counts(a.admin.districts()[0].id)).toEqual(b.admin.counts(b.admin.districts()[0].id));
    expect(sample(c)[0].id).not.toBe(sample(a)[0].id);
  });

  it('keeps the counts exact through creates, role changes, unshares and malformed records', () => {
    const sandbox = createSandbox({ seed: 'counts' });
    const d = sandbox.admin.districts()[0].id;
    const before = sandbox.admin.counts(d);
    const school = sandbox.admin.sampleIds(d, 'schools', { limit: 1 })[0];
    sandbox.admin.createUser(d, { name: { first: 'A', last: 'B' }, roles: { student: { school, schools: [school] } } });
    const teacher = sandbox.admin.sampleIds(d, 'users', { role: 'teacher', limit: 40 }).find(
      (id) => !(sandbox.admin.get(d, 'users', id)!.record.roles as any).staff,
    )!;
    sandbox.admin.updateUser(d, teacher, { roles: { staff: { schools: [school], staff_id: 'X' } } });
    const student = sandbox.admin.sampleIds(d, 'users', { role: 'student', limit: 1 })[0];
    sandbox.admin.unshareUser(d, student);
    for (const kind of ['missing_id', 'no_roles', 'unknown_role', 'missing_name'] as const) sandbox.admin.addMalformedUser(d, kind);
    const after = sandbox.admin.counts(d);
    expect(after).toEqual({
      ...before,
      users: before.users + 1 - 1,
      students: before.students + 1 - 1,
      staff: before.staff + 1,
      multiRole: before.multiRole + 1,
      accounts: before.accounts,
      malformed: 4,
    });
  });

  it('serves malformed users in the list (a client must reject them one by one)', async () => {
    const sandbox = createSandbox({ seed: 'malformed', districts: [{ users: 30 }] });
    const { url } = await sandbox.start();
    try {
      const [district] = sandbox.admin.districts();
      const { sortId } = sandbox.admin.addMalformedUser(district.id, 'missing_id');
      sandbox.admin.addMalformedUser(district.id, 'unknown_role');
      const res = await fetch(`${url}/v3.0/users?limit=100`, { headers: { authorization: `Bearer ${district.token}` } });
      const body = (await res.json()) as any;
      const tail = body.data.slice(-2).map((d: any) => d.data);
      expect(tail[0]).not.toHaveProperty('id');
      expect(body.data[body.data.length - 2].uri).toBe(`/v3.0/users/${sortId}`);
      expect(Object.keys(tail[1].roles)).toEqual(['guardian_ext', 'volunteer']);
    } finally {
      await sandbox.close();
    }
  });

  it('exposes the admin API over HTTP', async () => {
    const sandbox = createSandbox({ seed: 'admin-http', districts: [{ users: 40 }] });
    const { url } = await sandbox.start();
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${url}/__sandbox${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as any };
    };
    try {
      const added = await call('POST', '/districts', { users: 25, name: 'Added District' });
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({ name: 'Added District', token: expect.any(String) });
      const d = added.body.id;
      expect((await call('GET', `/districts/${d}/counts`)).body.users).toBe(25);
      const [teacher] = (await call('GET', `/districts/${d}/users?role=teacher&limit=1`)).body;
      expect((await call('PATCH', `/districts/${d}/users/${teacher}`, { email: 'x@example.org' })).body.email).toBe('x@example.org');
      expect((await call('POST', `/districts/${d}/users/${teacher}/unshare`)).status).toBe(200);
      expect((await call('GET', `/districts/${d}/users/${teacher}`)).body.state).toBe('unshared');
      expect((await call('POST', `/districts/${d}/users/${teacher}/reshare`)).status).toBe(200);
      const created = await call('POST', `/districts/${d}/schools`, { name: 'New School' });
      expect(created.status).toBe(201);
      expect((await call('DELETE', `/districts/${d}/schools/${created.body.id}`)).status).toBe(200);
      expect((await call('GET', `/districts/${d}/events`)).body.map((e: any) => e.type)).toEqual([
        'users.updated', 'users.deleted', 'users.created', 'schools.created', 'schools.deleted',
      ]);
      expect((await call('POST', `/districts/${d}/malformed-users`, { kind: 'no_roles' })).status).toBe(201);
      expect((await call('POST', `/districts/${d}/malformed-users`, { kind: 'bogus' })).status).toBe(400);
      const rotated = await call('POST', `/districts/${d}/token/rotate`);
      expect(rotated.body.token).not.toBe(added.body.token);
      expect((await call('POST', `/districts/${d}/token/revoke`)).status).toBe(200);
      expect((await call('GET', `/districts/${d}`)).body.token).toBeUndefined();
      expect((await call('PATCH', '/settings', { previousAttributes: 'top' })).body.previousAttributes).toBe('top');
      expect((await call('PATCH', '/settings', { nonsense: 1 })).status).toBe(400);
      const clock = (await call('GET', '/clock')).body.now;
      expect((await call('POST', '/clock/advance', { ms: 1000 })).body.now).toBeGreaterThanOrEqual(clock + 1000);
      expect((await call('POST', '/faults', { kind: 'server_error', count: 2 })).status).toBe(201);
      expect((await call('GET', '/faults')).body).toEqual([expect.objectContaining({ kind: 'server_error', remaining: 2 })]);
      expect((await call('DELETE', '/faults')).status).toBe(200);
      expect((await call('GET', '/requests')).body.total).toBe(0);
      expect((await call('GET', '/districts/ffffffffffffffffffffffff/counts')).status).toBe(404);
      expect((await call('GET', '/nowhere')).status).toBe(404);
    } finally {
      await sandbox.close();
    }
  });
});
