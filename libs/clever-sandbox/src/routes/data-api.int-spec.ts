import { createSandbox, Sandbox } from '../sandbox';

type Page = { data: Array<{ data: Record<string, any>; uri: string }>; links: Array<{ rel: string; uri: string }> };

describe('data API over HTTP', () => {
  let sandbox: Sandbox;
  let url: string;
  let districtId: string;
  let token: string;

  beforeAll(async () => {
    sandbox = createSandbox({ seed: 'paging', rateLimitPerMinute: null });
    ({ url } = await sandbox.start());
    [{ id: districtId, token: token! }] = sandbox.admin.districts() as Array<{ id: string; token: string }>;
  });
  afterAll(() => sandbox.close());

  const get = async (path: string, bearer = token) => {
    const res = await fetch(url + path, { headers: { authorization: `Bearer ${bearer}` } });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  };
  const page = async (path: string) => (await get(path)).body as Page;
  const ids = (p: Page) => p.data.map((d) => d.data.id as string);
  const link = (p: Page, rel: string) => p.links.find((l) => l.rel === rel)?.uri;

  /** Follows next links the way a client must, returning every id. */
  async function walk(path: string): Promise<{ ids: string[]; requests: number }> {
    const out: string[] = [];
    let next: string | undefined = path;
    let requests = 0;
    while (next) {
      const p = await page(next);
      requests++;
      if (!p.data.length) break;
      out.push(...ids(p));
      next = link(p, 'next');
    }
    return { ids: out, requests };
  }

  it('answers 401 with a message for a missing or unknown token', async () => {
    const none = await fetch(`${url}/v3.0/users`);
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ message: expect.any(String) });
    const unknown = await get('/v3.0/users', 'not-a-token');
    expect(unknown.status).toBe(401);
    expect(unknown.body.message).toEqual(expect.any(String));
  });

  it('pages 100 by default in ascending id order with self and next links', async () => {
    const p = await page('/v3.0/users');
    expect(p.data).toHaveLength(100);
    expect(ids(p)).toEqual([...ids(p)].sort());
    expect(p.data[0].uri).toBe(`/v3.0/users/${p.data[0].data.id}`);
    expect(link(p, 'self')).toBe('/v3.0/users');
    expect(link(p, 'next')).toBe(`/v3.0/users?starting_after=${p.data[99].data.id}`);
  });

  it('walks every user exactly once by following next links', async () => {
    const counts = sandbox.admin.counts(districtId);
    const { ids: all, requests } = await walk('/v3.1/users?limit=300');
    expect(all).toHaveLength(counts.users);
    expect(new Set(all).size).toBe(counts.users);
    expect(all).toEqual([...all].sort());
    expect(requests).toBe(Math.ceil(counts.users / 300));
  });

  it('omits next on the last page and returns an empty page past the end', async () => {
    const { body: last } = await get('/v3.0/schools?limit=3');
    expect(last.data).toHaveLength(3);
    expect(link(last, 'next')).toBeUndefined();
    const after = await page(`/v3.0/schools?starting_after=${ids(last)[2]}`);
    expect(after.data).toEqual([]);
    expect(link(after, 'next')).toBeUndefined();
  });

  it('keeps the other query parameters in next links', async () => {
    const p = await page('/v3.0/users?role=teacher&limit=7');
    expect(link(p, 'next')).toBe(`/v3.0/users?role=teacher&limit=7&starting_after=${ids(p)[6]}`);
  });

  it('supports starting_after, ending_before and ending_before=last', async () => {
    const { ids: all } = await walk('/v3.0/sections?limit=1000');
    const mid = all[10];
    expect(ids(await page(`/v3.0/sections?limit=3&starting_after=${mid}`))).toEqual(all.slice(11, 14));
    const before = await page(`/v3.0/sections?limit=3&ending_before=${mid}`);
    expect(ids(before)).toEqual(all.slice(7, 10));
    expect(link(before, 'next')).toBe(`/v3.0/sections?limit=3&starting_after=${all[9]}`);
    const tail = await page('/v3.0/sections?limit=2&ending_before=last');
    expect(ids(tail)).toEqual(all.slice(-2));
    expect(link(tail, 'next')).toBeUndefined();
    // Clever's quirk: a prev link that may lead nowhere
    const first = await page(`/v3.0/sections?limit=2&starting_after=000000000000000000000000`);
    const prev = link(first, 'prev');
    expect(prev).toBeDefined();
    expect((await page(prev!)).data).toEqual([]);
  });

  it('rejects limit over 10000 with 413 and a non-numeric limit with 400', async () => {
    expect((await get('/v3.0/users?limit=10001')).status).toBe(413);
    expect((await get('/v3.0/users?limit=10000')).status).toBe(200);
    expect((await get('/v3.0/users?limit=abc')).status).toBe(400);
    expect((await get('/v3.0/users?limit=0')).status).toBe(400);
  });

  it('filters users by role, multi-role users appearing under each of their roles', async () => {
    const counts = sandbox.admin.counts(districtId);
    const expected = { student: counts.students, teacher: counts.teachers, staff: counts.staff, district_admin: counts.districtAdmins, contact: counts.contacts };
    const seen: Record<string, string[]> = {};
    for (const [role, n] of Object.entries(expected)) {
      const { ids: got } = await walk(`/v3.0/users?role=${role}&limit=500`);
      expect(got).toHaveLength(n);
      seen[role] = got;
    }
    const both = seen.teacher.filter((id) => seen.staff.includes(id));
    expect(both).toHaveLength(counts.multiRole);
    expect((await get('/v3.0/users?role=principal')).status).toBe(400);
  });

  it('counts with count=true', async () => {
    const counts = sandbox.admin.counts(districtId);
    expect((await get('/v3.0/users?count=true')).body).toEqual({ count: counts.users });
    expect((await get('/v3.0/users?role=student&count=true')).body).toEqual({ count: counts.students });
  });

  it('serves item endpoints, 404 for unknown ids, and only the token district in /districts', async () => {
    const [first] = ids(await page('/v3.1/users?limit=1'));
    const item = await get(`/v3.1/users/${first}`);
    expect(item.status).toBe(200);
    expect(item.body.data.id).toBe(first);
    expect(item.body.links).toEqual([{ rel: 'self', uri: `/v3.1/users/${first}` }]);
    const missing = await get('/v3.1/users/ffffffffffffffffffffffff');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ message: expect.any(String) });
    const districts = await page('/v3.0/districts');
    expect(ids(districts)).toEqual([districtId]);
    for (const c of ['courses', 'terms']) expect((await page(`/v3.0/${c}`)).data.length).toBeGreaterThan(0);
  });

  it('sends v3.1-only student fields only on v3.1', async () => {
    const [v30] = (await page('/v3.0/users?role=student&limit=1')).data;
    const [v31] = (await page('/v3.1/users?role=student&limit=1')).data;
    expect(v30.data.roles.student).not.toHaveProperty('frl_status');
    expect(v31.data.roles.student).toHaveProperty('frl_status');
    expect(v30.data.roles.student.dob).toBe(v31.data.roles.student.dob);
  });

  it('derives relation endpoints from schools and sections', async () => {
    const section = (await page('/v3.0/sections?limit=1')).data[0].data;
    const members = await walk(`/v3.0/sections/${section.id}/users?limit=5`);
    expect(members.ids.sort()).toEqual([...section.teachers, ...section.students].sort());
    const students = await walk(`/v3.0/sections/${section.id}/users?role=student`);
    expect(students.ids.sort()).toEqual([...section.students].sort());
    const teacherSections = await walk(`/v3.0/users/${section.teacher}/sections`);
    expect(teacherSections.ids).toContain(section.id);
    const school = await get(`/v3.0/sections/${section.id}/school`);
    expect(school.body.data.id).toBe(section.school);
    const schoolStudents = await walk(`/v3.0/schools/${section.school}/users?role=student&limit=1000`);
    expect(schoolStudents.ids).toEqual(expect.arrayContaining(section.students));
  });

  it('hides unshared records (404) while sections may still list them', async () => {
    const section = (await page('/v3.0/sections?limit=1')).data[0].data;
    const studentId = section.students[0];
    sandbox.admin.unshare(districtId, 'users', studentId);
    expect((await get(`/v3.0/users/${studentId}`)).status).toBe(404);
    expect((await get(`/v3.0/sections/${section.id}`)).body.data.students).toContain(studentId);
    sandbox.admin.reshare(districtId, 'users', studentId);
    expect((await get(`/v3.0/users/${studentId}`)).status).toBe(200);
  });
});
