import { createSandbox } from '../sandbox';
import { SandboxOptions } from '../options';

type EventItem = { data: { id: string; type: string; created: string; data: Record<string, any>; previous_attributes?: any }; uri: string };
type Page = { data: EventItem[]; links: Array<{ rel: string; uri: string }> };

const DAY = 86_400_000;

async function start(options: SandboxOptions = {}) {
  let now = Date.UTC(2026, 0, 15);
  const sandbox = createSandbox({ seed: 'events', now: () => now, rateLimitPerMinute: null, ...options });
  const { url } = await sandbox.start();
  const [district] = sandbox.admin.districts();
  const get = async (path: string) => {
    const res = await fetch(url + path, { headers: { authorization: `Bearer ${district.token}` } });
    return { status: res.status, body: (await res.json()) as any };
  };
  return { sandbox, url, districtId: district.id, get, setNow: (ms: number) => (now = ms) };
}

describe('events', () => {
  let env: Awaited<ReturnType<typeof start>>;
  beforeEach(async () => {
    env = await start();
  });
  afterEach(() => env.sandbox.close());

  const events = async (query = '') => (await env.get(`/v3.0/events${query}`)).body as Page;

  it('starts empty: generated data produces no events', async () => {
    const page = await events();
    expect(page.data).toEqual([]);
    expect(page.links.find((l) => l.rel === 'next')).toBeUndefined();
  });

  it('emits created / updated / deleted with the full object, in id order', async () => {
    const { sandbox, districtId } = env;
    const schoolId = sandbox.admin.sampleIds(districtId, 'schools', { limit: 1 })[0];
    const created = sandbox.admin.createUser(districtId, {
      name: { first: 'New', last: 'Student' },
      roles: { student: { school: schoolId, schools: [schoolId], sis_id: 'N1' } },
    });
    const teacherId = sandbox.admin.sampleIds(districtId, 'users', { role: 'teacher', limit: 1 })[0];
    sandbox.admin.updateUser(districtId, teacherId, { name: { first: 'Renamed' } });
    sandbox.admin.deleteUser(districtId, created.id as string);

    const page = await events();
    expect(page.data.map((e) => e.data.type)).toEqual(['users.created', 'users.updated', 'users.deleted']);
    const ids = page.data.map((e) => e.data.id);
    expect(ids).toEqual([...ids].sort());
    expect(page.data[0].uri).toBe(`/v3.0/events/${ids[0]}`);
    expect(page.data[0].data.data.object).toMatchObject({ id: created.id, name: { first: 'New', last: 'Student' } });
    const updated = page.data[1].data;
    expect(updated.data.object.name.first).toBe('Renamed');
    expect(updated.data.previous_attributes.name.first).not.toBe('Renamed');
    expect(updated.data.previous_attributes).toHaveProperty('last_modified');
    expect(updated.previous_attributes).toBeUndefined();
    expect(page.data[2].data.data.object.id).toBe(created.id);
    // single event endpoint
    const one = await env.get(`/v3.0/events/${ids[1]}`);
    expect(one.body.data.type).toBe('users.updated');
  });

  it('can put previous_attributes at the top level instead', async () => {
    const { sandbox, districtId } = env;
    sandbox.admin.configure({ previousAttributes: 'top' });
    const teacherId = sandbox.admin.sampleIds(districtId, 'users', { role: 'teacher', limit: 1 })[0];
    sandbox.admin.updateUser(districtId, teacherId, { email: 'changed@example.org' });
    const [event] = (await events()).data;
    expect(event.data.previous_attributes).toHaveProperty('email');
    expect(event.data.data.previous_attributes).toBeUndefined();
  });

  it('turns unshare into *.deleted and reshare into *.created with the same id', async () => {
    const { sandbox, districtId } = env;
    const sectionId = sandbox.admin.sampleIds(districtId, 'sections', { limit: 1 })[0];
    sandbox.admin.unshare(districtId, 'sections', sectionId);
    sandbox.admin.reshare(districtId, 'sections', sectionId);
    const page = await events();
    expect(page.data.map((e) => [e.data.type, e.data.data.object.id])).toEqual([
      ['sections.deleted', sectionId],
      ['sections.created', sectionId],
    ]);
  });

  it('moves a student: users.updated, then sections.updated for the sections left and joined', async () => {
    const { sandbox, districtId } = env;
    const [from, to] = sandbox.admin.sampleIds(districtId, 'schools', { limit: 2 });
    const studentId = (await env.get(`/v3.0/schools/${from}/users?role=student&primary=true&limit=1`)).body.data[0].data.id;
    sandbox.admin.moveStudent(districtId, studentId, to);
    const page = await events();
    const types = page.data.map((e) => e.data.type);
    expect(types[0]).toBe('users.updated');
    expect(types.slice(1).every((t) => t === 'sections.updated')).toBe(true);
    expect(types.length).toBeGreaterThanOrEqual(3);
    expect(page.data[0].data.data.object.roles.student.school).toBe(to);
    expect(page.data[0].data.data.previous_attributes.roles.student.school).toBe(from);
    const sections = page.data.slice(1).map((e) => e.data.data.object);
    expect(sections.filter((s) => s.school === to).every((s) => s.students.includes(studentId))).toBe(true);
    expect(sections.filter((s) => s.school !== to).every((s) => !s.students.includes(studentId))).toBe(true);
  });

  it('pages events like lists and supports ending_before=last for the newest id', async () => {
    const { sandbox, districtId } = env;
    const teachers = sandbox.admin.sampleIds(districtId, 'users', { role: 'teacher', limit: 5 });
    for (const id of teachers) sandbox.admin.updateUser(districtId, id, { name: { middle: 'Z' } });
    const first = await events('?limit=2');
    expect(first.data).toHaveLength(2);
    const next = first.links.find((l) => l.rel === 'next')!.uri;
    const second = (await env.get(next)).body as Page;
    expect(second.data[0].data.id > first.data[1].data.id).toBe(true);
    const last = await events('?ending_before=last&limit=1');
    const all = sandbox.admin.events(districtId);
    expect(last.data.map((e) => e.data.id)).toEqual([all[all.length - 1].id]);
    expect((await events(`?starting_after=${all[all.length - 1].id}`)).data).toEqual([]);
  });

  it('filters by record_type and school', async () => {
    const { sandbox, districtId } = env;
    const [schoolA, schoolB] = sandbox.admin.sampleIds(districtId, 'schools', { limit: 2 });
    sandbox.admin.update(districtId, 'schools', schoolA, { phone: '555-0000' });
    sandbox.admin.update(districtId, 'schools', schoolB, { phone: '555-0001' });
    const teacherId = sandbox.admin.sampleIds(districtId, 'users', { role: 'teacher', limit: 1 })[0];
    sandbox.admin.updateUser(districtId, teacherId, { name: { middle: 'Q' } });
    expect((await events('?record_type=schools')).data.map((e) => e.data.type)).toEqual(['schools.updated', 'schools.updated']);
    expect((await events('?record_type=users&record_type=schools')).data).toHaveLength(3);
    expect((await events(`?record_type=schools&school=${schoolB}`)).data.map((e) => e.data.data.object.id)).toEqual([schoolB]);
  });

  it('emits nothing while events are disabled', async () => {
    const { sandbox, districtId } = env;
    sandbox.admin.setEventsEnabled(false);
    const teacherId = sandbox.admin.sampleIds(districtId, 'users', { role: 'teacher', limit: 1 })[0];
    sandbox.admin.updateUser(districtId, teacherId, { name: { middle: 'Q' } });
    expect((await events()).data).toEqual([]);
    sandbox.admin.setEventsEnabled(true);
    sandbox.admin.updateUser(districtId, teacherId, { name: { middle: 'R' } });
    expect((await events()).data).toHaveLength(1);
  });

  it('drops events older than 30 days and answers an expired or unknown cursor with 404 by default', async () => {
    const { sandbox, districtId } = env;
    const teacherId = sandbox.admin.sampleIds(districtId, 'users', { role: 'teacher', limit: 1 })[0];
    sandbox.admin.updateUser(districtId, teacherId, { name: { middle: 'A' } });
    const [old] = sandbox.admin.events(districtId);
    sandbox.admin.advanceClock(29 * DAY);
    sandbox.admin.updateUser(districtId, teacherId, { name: { middle: 'B' } });
    expect((await events()).data).toHaveLength(2);
    expect((await env.get(`/v3.0/events?starting_after=${old.id}`)).status).toBe(200);

    sandbox.admin.advanceClock(2 * DAY);
    const page = await events();
    expect(page.data.map((e) => e.data.data.object.name.middle)).toEqual(['B']);
    const expired = await env.get(`/v3.0/events?starting_after=${old.id}`);
    expect(expired.status).toBe(404);
    expect(expired.body).toEqual({ message: expect.any(String) });
    expect((await env.get('/v3.0/events?starting_after=0123456789abcdef01234567')).status).toBe(404);
    expect((await env.get(`/v3.0/events/${old.id}`)).status).toBe(404);

    sandbox.admin.configure({ expiredCursor: 'bad_request' });
    expect((await env.get(`/v3.0/events?starting_after=${old.id}`)).status).toBe(400);
    sandbox.admin.configure({ expiredCursor: 'window_start' });
    const fromStart = await env.get(`/v3.0/events?starting_after=${old.id}`);
    expect(fromStart.status).toBe(200);
    expect(fromStart.body.data.map((e: EventItem) => e.data.data.object.name.middle)).toEqual(['B']);
  });

  it('stamps event ids with the clock, so a cursor age can be read from the id', async () => {
    const { sandbox, districtId } = env;
    const teacherId = sandbox.admin.sampleIds(districtId, 'users', { role: 'teacher', limit: 1 })[0];
    sandbox.admin.updateUser(districtId, teacherId, { name: { middle: 'A' } });
    const [event] = sandbox.admin.events(districtId);
    expect(parseInt(event.id.slice(0, 8), 16) * 1000).toBe(Math.floor(sandbox.admin.now() / 1000) * 1000);
  });
});
