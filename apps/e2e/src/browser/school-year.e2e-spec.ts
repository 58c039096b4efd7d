import type { Locator, Page } from 'playwright-core';
import { openBrowserSession, until, type BrowserSession } from '../support/browser';

/**
 * The "School year" page (issue 15) in a real browser against the embedded mode (every service, embedded
 * PostgreSQL, the Clever sandbox's demo district, AUTH_MODE=dev). A district admin with two classes of the
 * current year picks one to carry forward, previews the rollover (counts per school), confirms it, and sees the
 * counts the rollover did equal the preview's; the classes are archived, the carried-forward class is empty in
 * the new year, and the students are back in the available list; an archived class lists the enrollments the rollover
 * ended. Screenshots go to test-output/screenshots/.
 */

describe('School year page (browser, embedded mode)', () => {
  let session: BrowserSession;
  let embedded: BrowserSession['embedded'];
  let page: Page;
  let pageErrors: string[];
  const shot = (name: string) => session.shot(name, true);

  const suffix = Date.now().toString(36).slice(-5);
  const carried = `Carried group ${suffix}`;
  const ending = `Ending group ${suffix}`;
  const ids: { school: string; carried: string; ending: string; students: string[] } = { school: '', carried: '', ending: '', students: [] };
  let previewTotals: string[] = [];

  /** A call of the public API with the signed-in browser session. */
  const api = <T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> =>
    page.evaluate(
      async ([m, p, b]) => {
        const res = await fetch(`/api/v1${p}`, {
          method: m,
          credentials: 'same-origin',
          headers: b === undefined ? {} : { 'content-type': 'application/json' },
          body: b === undefined ? undefined : JSON.stringify(b),
        });
        const text = await res.text();
        return { status: res.status, body: text ? JSON.parse(text) : null };
      },
      [method, path, body] as const,
    );

  beforeAll(async () => {
    session = await openBrowserSession('school-year');
    ({ embedded, page, pageErrors } = session);
  }, 180_000);

  afterAll(async () => session?.close(), 60_000);

  it('signs in as a district admin who has two classes of the current year', async () => {
    await page.goto(embedded!.url);
    await page.getByRole('heading', { name: 'Sign in to Roster' }).waitFor();
    const admins = page.getByRole('region', { name: 'District admins' });
    await until('the district admins in the sign-in list', () => admins.getByRole('button').first().isVisible(), () => page.reload());
    await admins.getByRole('button').first().click();
    await page.locator('#account').getByText(/District admin/).first().waitFor();

    // The classes come from the API (the class screens have their own browser test): two classes of one school,
    // three students in one, one in the other (enrolled with the admin's override: no placements needed).
    const schools = await api<{ data: { id: string }[] }>('GET', '/schools');
    ids.school = schools.body.data[0].id;
    const courses = await api<{ data: { id: string }[] }>('GET', '/courses');
    const create = async (name: string) => {
      const res = await api<{ id: string }>('POST', '/classes', { schoolId: ids.school, name, courseId: courses.body.data[0].id });
      expect(res.status).toBe(201);
      return res.body.id;
    };
    ids.carried = await create(carried);
    ids.ending = await create(ending);
    const available = await api<{ data: { id: string }[] }>('GET', `/schools/${ids.school}/available-students?limit=4`);
    ids.students = available.body.data.map((s) => s.id);
    expect(ids.students).toHaveLength(4);
    const enroll = async (classId: string, studentIds: string[]) =>
      expect((await api<{ enrolled: number }>('POST', `/classes/${classId}/enrollments`, { studentIds, override: true })).body.enrolled).toBe(studentIds.length);
    await enroll(ids.carried, ids.students.slice(0, 3));
    await enroll(ids.ending, ids.students.slice(3));
  });

  it('previews the rollover with the carry-forward picker, then confirms it; the result equals the preview', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'School year' }).click();
    await page.getByRole('heading', { name: 'School year', level: 1 }).waitFor();
    const currentYear = ((await page.locator('.current-year strong').textContent()) ?? '').trim();
    expect(currentYear).toMatch(/^\d{4}–\d{4}$/);
    const nextName = ((await page.getByRole('textbox', { name: 'New school year', exact: true }).inputValue()) ?? '').trim();
    expect(Number(nextName.slice(0, 4))).toBe(Number(currentYear.slice(0, 4)) + 1);
    await page.getByRole('checkbox', { name: `Carry forward ${carried}` }).check();
    await shot('picker');

    await page.getByRole('button', { name: 'Preview rollover' }).click();
    const preview = page.getByRole('table', { name: `What starting ${nextName} does, per school` });
    await preview.waitFor();
    const totalCells = async (table: Locator) => (await table.locator('tr.total td').allTextContents()).map((t) => t.trim());
    previewTotals = await totalCells(preview);
    // classes archived, enrollments ended, students back, classes carried forward (nothing else exists in this fresh district)
    expect(previewTotals).toEqual(['2', '4', '4', '1']);
    // A preview changes nothing.
    expect((await api<{ status: string }>('GET', `/classes/${ids.carried}`)).body.status).toBe('active');
    await shot('preview');

    await page.getByRole('button', { name: `Start ${nextName}` }).click();
    const dialog = page.getByRole('dialog', { name: `Start ${nextName}?` });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: `Start ${nextName}` }).click();
    await page.getByRole('heading', { name: `Done: ${nextName} is the current school year` }).waitFor();
    const result = page.getByRole('table', { name: `What starting ${nextName} did, per school` });
    expect(await totalCells(result)).toEqual(previewTotals);
    await expect(page.locator('.current-year strong').textContent()).resolves.toBe(nextName);
    await shot('done');

    // "Enroll last year's members" of the carried-forward class: one click, the placement rule still applies —
    // the one student with a placement result is enrolled, the two without are not.
    const courseId = (await api<{ data: { id: string }[] }>('GET', '/courses')).body.data[0].id;
    expect((await api('POST', '/placements', { studentId: ids.students[0], recommendedCourseId: courseId, testedOn: '2026-09-01' })).status).toBe(201);
    await page.getByRole('button', { name: `Enroll last year's members of ${carried}` }).click();
    await page.getByRole('region', { name: 'Carried-forward classes' }).getByText('1 student enrolled; 2 students need a placement result first.').waitFor();
    await shot('enroll-last-years-members');
  });

  it('archived the classes, started the carried-forward class empty and put the students back in the available list (but the one enrolled again)', async () => {
    for (const id of [ids.carried, ids.ending]) expect((await api<{ status: string }>('GET', `/classes/${id}`)).body.status).toBe('archived');
    const active = await api<{ data: { id: string; name: string; activeEnrollments: number }[] }>('GET', `/classes?schoolId=${ids.school}&status=active`);
    expect(active.body.data.filter((c) => c.name === carried).map((c) => c.activeEnrollments)).toEqual([1]);
    const history = await api<{ data: { endReason: string }[] }>('GET', `/classes/${ids.carried}/enrollments?status=ended`);
    expect(history.body.data.map((e) => e.endReason)).toEqual(['school_year_ended', 'school_year_ended', 'school_year_ended']);
    const available = await api<{ data: { id: string }[] }>('GET', `/schools/${ids.school}/available-students?limit=500`);
    expect(available.body.data.map((s) => s.id)).toEqual(expect.arrayContaining(ids.students.slice(1)));
    expect(available.body.data.map((s) => s.id)).not.toContain(ids.students[0]);
    const years = await api<{ data: { name: string; status: string }[] }>('GET', `/districts/${(await api<{ districtId: string }>('GET', '/me')).body.districtId}/school-years`);
    expect(years.body.data.map((y) => y.status)).toEqual(['current', 'ended']);
  });

  it('shows the school year on classes', async () => {
    const [current, ended] = (await api<{ data: { name: string }[] }>('GET', `/districts/${(await api<{ districtId: string }>('GET', '/me')).body.districtId}/school-years`)).body.data;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Classes' }).click();
    await page.getByRole('heading', { name: 'Classes', level: 1 }).waitFor();
    const row = page.locator('tr', { has: page.getByRole('link', { name: carried, exact: true }) });
    await row.getByText(current.name).waitFor();
    await page.goto(`${embedded!.url}/#/classes/${ids.ending}`);
    await page.getByText(ended.name, { exact: true }).first().waitFor();
    // The class archived by the rollover: no active students, and the enrollment the rollover ended, with why.
    await page.getByRole('heading', { name: 'Students (none active)' }).waitFor();
    const former = page.getByRole('table', { name: `Former students of ${ending}` });
    await former.waitFor();
    expect(await former.locator('tbody tr').count()).toBe(1);
    await former.locator('tbody tr').getByRole('cell', { name: 'School year ended' }).waitFor();
    expect(await page.getByText('No students were enrolled when the class was archived.').count()).toBe(0);
    await shot('year-on-classes');
  });

  it('ran without script errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
