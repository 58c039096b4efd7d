import type { Page } from 'playwright-core';
import { expectVisible, idle, openBrowserSession, until, type BrowserSession } from '../support/browser';

/**
 * The admin web UI in a real browser (system Chromium through playwright-core) against the embedded mode:
 * every service, the in-process bus, embedded PostgreSQL and the Clever sandbox's demo district, with
 * AUTH_MODE=dev. A school admin signs in, creates a class with a course, records placements for three
 * available students, enrolls them, and sees them leave the available list and join the class roster.
 * Screenshots of each step go to test-output/screenshots/ (gitignored).
 */

describe('admin web UI (browser, embedded mode)', () => {
  let session: BrowserSession;
  let embedded: BrowserSession['embedded'];
  let page: Page;
  let pageErrors: string[];
  const shot = (name: string, fullPage = false) => session.shot(name, fullPage);

  // What the test learns on the way (ids from the DOM; names only to find things on screen).
  const suffix = Date.now().toString(36).slice(-5);
  const className = `Reading group ${suffix}`;
  let courseLabel = '';
  let classId = '';
  let schoolId = '';
  const students: { id: string; name: string }[] = [];

  beforeAll(async () => {
    session = await openBrowserSession('admin-ui');
    ({ embedded, page, pageErrors } = session);
  }, 180_000);

  afterAll(async () => session?.close(), 60_000);

  it('offers the demo users grouped by role and signs in as a school admin', async () => {
    await page.goto(embedded!.url);
    await page.getByRole('heading', { name: 'Sign in to Roster' }).waitFor();
    const schoolAdmins = page.getByRole('region', { name: 'School admins' });
    await until(
      'the school admins of the demo district in the sign-in list',
      () => schoolAdmins.getByRole('button').first().isVisible(),
      () => page.reload(),
    );
    await expectVisible(page.getByRole('region', { name: 'District admins' }));
    await expectVisible(page.getByRole('region', { name: 'Teachers' }));
    await shot('sign-in', true);

    await schoolAdmins.getByRole('button').first().click();
    await page.getByRole('heading', { name: 'Available students', level: 1 }).waitFor();
    await expectVisible(page.locator('#account').getByText(/School admin/));
    // a school admin has no district sync page
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'District sync' }).count()).resolves.toBe(0);
    await shot('signed-in');
  });

  it('creates a class with a course', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Classes' }).click();
    await page.getByRole('heading', { name: 'Classes', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'New class' }).click();
    await page.getByLabel('Class name').fill(className);
    const course = page.getByLabel('Course');
    courseLabel = ((await course.locator('option').nth(1).textContent()) ?? '').trim();
    expect(courseLabel).not.toBe('');
    await course.selectOption({ label: courseLabel });
    await shot('new-class-form', true);

    await page.getByRole('button', { name: 'Create class' }).click();
    await expectVisible(page.getByRole('status').getByText(`Class “${className}” created with the course ${courseLabel}`));
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: className, exact: true }) });
    await expectVisible(row.getByText(courseLabel));
    const href = await row.getByRole('link', { name: className, exact: true }).getAttribute('href');
    classId = /^#\/classes\/([0-9a-f-]{36})$/.exec(href ?? '')?.[1] ?? '';
    expect(classId).not.toBe('');
    await shot('class-created', true);
  });

  it('records placements for three available students', async () => {
    const addStudents = page.getByRole('status').getByRole('link', { name: 'add students' });
    schoolId = /[?&]school=([0-9a-f-]{36})/.exec((await addStudents.getAttribute('href')) ?? '')?.[1] ?? '';
    expect(schoolId).not.toBe('');
    await addStudents.click();
    await page.getByRole('heading', { name: 'Available students', level: 1 }).waitFor();
    const rows = page.locator('tbody tr[data-student-id]');
    // the class's school's students reach the classes service through identity's events
    await until('three available students', async () => (await idle(page)) && (await rows.count()) >= 3, () => page.getByRole('button', { name: 'Apply filters' }).click());

    for (let i = 0; i < 3; i++) {
      const row = rows.nth(i);
      const id = (await row.getAttribute('data-student-id')) ?? '';
      // the checkbox's label reads "Select <name>" (visually hidden text)
      const name = ((await row.locator('label.check').textContent()) ?? '').replace(/^Select /, '').trim();
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      students.push({ id, name });
    }

    for (const [i, student] of students.entries()) {
      const row = page.locator(`tbody tr[data-student-id="${student.id}"]`);
      await row.getByRole('button', { name: `Record placement for ${student.name}` }).click();
      const dialog = page.getByRole('dialog', { name: `Record a placement for ${student.name}` });
      await dialog.waitFor();
      // the class chosen for enrolling (from the link) makes its course the default
      await expect(dialog.getByLabel('Recommended course').locator('option:checked').textContent()).resolves.toBe(courseLabel);
      await dialog.getByLabel('Score (optional)').fill(String(70 + i));
      if (i === 0) await shot('placement-dialog');
      await dialog.getByRole('button', { name: 'Save placement' }).click();
      await dialog.waitFor({ state: 'detached' });
      await expectVisible(row.getByText(courseLabel));
      await expectVisible(row.getByText(`score ${70 + i}`));
    }
    await shot('placements-recorded');
  });

  it('enrolls the three students and shows a result for each', async () => {
    for (const student of students) {
      await page.locator(`tbody tr[data-student-id="${student.id}"]`).getByRole('checkbox', { name: `Select ${student.name}`, exact: true }).check();
    }
    await expectVisible(page.getByText('3 students selected.'));
    const classSelect = page.getByRole('combobox', { name: 'Class' });
    await expect(classSelect.inputValue()).resolves.toBe(classId);
    await shot('students-selected');

    await page.getByRole('button', { name: 'Enroll selected students' }).click();
    const results = page.getByRole('region', { name: 'Enrollment results' });
    await expectVisible(results.getByText(`3 students enrolled in ${className}.`));
    for (const student of students) {
      const item = results.locator(`li[data-student-id="${student.id}"]`);
      await expectVisible(item.getByText(student.name, { exact: true }));
      await expectVisible(item.getByText('Enrolled', { exact: true }));
    }
    await expect(results.getByText('Not enrolled').count()).resolves.toBe(0);
    // focus moved to the results for keyboard and screen-reader users
    await expect(page.locator(':focus').textContent()).resolves.toBe('Enrollment results');
    await shot('enrollment-results');
  });

  it('no longer lists the enrolled students as available, and shows them on the class roster', async () => {
    for (const student of students) {
      await until(
        'the enrolled student to leave the available list',
        async () => (await idle(page)) && (await page.locator(`tbody tr[data-student-id="${student.id}"]`).count()) === 0,
        () => page.getByRole('button', { name: 'Apply filters' }).click(),
        15_000,
      );
    }
    await page.getByRole('heading', { name: 'Available students', level: 1 }).scrollIntoViewIfNeeded();
    await shot('available-after-enroll');

    await page.goto(`${embedded!.url}/#/classes/${classId}`);
    await page.getByRole('heading', { name: className, level: 1 }).waitFor();
    await expectVisible(page.getByRole('heading', { name: 'Students (3)' }));
    for (const student of students) {
      await expectVisible(page.locator(`tbody tr[data-student-id="${student.id}"]`).getByRole('button', { name: `Unenroll ${student.name}` }));
    }
    await shot('class-roster', true);
  });

  it('shows a teacher their Clever sections\' students first, filters by one section, suggests its students and enrolls two of them', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Roster' }).waitFor();
    await page.getByRole('region', { name: 'Teachers' }).getByRole('button').first().click();
    await page.getByRole('heading', { name: 'Available students', level: 1 }).waitFor();

    // A teacher's list starts with the students of their own sections; "all students" is one click away.
    const sectionFilter = page.getByRole('combobox', { name: 'Clever section' });
    // the sections arrived with the first sync (the page waits for them before listing)
    await until('the teacher\'s sections as the default filter', async () => (await idle(page)) && (await sectionFilter.inputValue()) === 'mine', () => Promise.resolve(), 30_000);
    await expectVisible(page.getByRole('button', { name: 'Show all students of the school' }));
    const teacherSchool = /[?&]school=([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
    expect(teacherSchool).not.toBe('');
    await shot('teacher-my-sections');

    // One of their sections: the list is exactly that section's available students (as the API lists them).
    const mySection = sectionFilter.locator('optgroup[label="My sections"] option').first();
    const sectionId = (await mySection.getAttribute('value')) ?? '';
    const sectionName = ((await mySection.textContent()) ?? '').replace(/ \(.*\)$/, '');
    await sectionFilter.selectOption(sectionId);
    await idle(page);
    const apiIds = await page.evaluate(async ([school, section]) => {
      const res = await fetch(`/api/v1/schools/${school}/available-students?sectionId=${section}&limit=500`, { credentials: 'same-origin' });
      return ((await res.json()) as { data: { id: string }[] }).data.map((x) => x.id);
    }, [teacherSchool, sectionId] as const);
    expect(apiIds.length).toBeGreaterThanOrEqual(2);
    const rows = page.locator('tbody tr[data-student-id]');
    await until('the section\'s students', async () => (await idle(page)) && (await rows.count()) === apiIds.length, () => Promise.resolve());
    const shown = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-student-id') ?? ''));
    expect([...shown].sort()).toEqual([...apiIds].sort());
    await shot('teacher-one-section');

    // "From your Clever sections" pre-selects them all; nothing happens until the teacher confirms.
    await page.getByRole('combobox', { name: 'Section to select from' }).selectOption(sectionId);
    await page.getByRole('button', { name: 'Select its available students' }).click();
    await expectVisible(page.getByText(`${apiIds.length} students selected.`));
    await expectVisible(page.getByRole('status').getByText(`of “${sectionName}” selected`));
    await shot('teacher-section-suggested');
    await page.getByRole('button', { name: 'Clear selection' }).click();
    await expectVisible(page.getByText('No students selected.'));

    // A class of their own, then two of the suggested students, each with a placement, enrolled on confirm.
    const teacherClass = `Section group ${suffix}`;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Classes' }).click();
    await page.getByRole('heading', { name: 'Classes', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'New class' }).click();
    await page.getByLabel('Class name').fill(teacherClass);
    await page.getByLabel('Course').selectOption({ label: courseLabel });
    await page.getByRole('button', { name: 'Create class' }).click();
    const created = page.getByRole('row').filter({ has: page.getByRole('link', { name: teacherClass, exact: true }) });
    const teacherClassId = /^#\/classes\/([0-9a-f-]{36})$/.exec((await created.getByRole('link', { name: teacherClass, exact: true }).getAttribute('href')) ?? '')?.[1] ?? '';
    expect(teacherClassId).not.toBe('');

    await page.goto(`${embedded!.url}/#/students?school=${teacherSchool}&section=${sectionId}&class=${teacherClassId}`);
    await page.getByRole('heading', { name: 'Available students', level: 1 }).waitFor();
    await until('the section\'s students again', async () => (await idle(page)) && (await rows.count()) === apiIds.length, () => Promise.resolve());
    const chosen: { id: string; name: string }[] = [];
    for (let i = 0; i < 2; i++) {
      const row = rows.nth(i);
      chosen.push({ id: (await row.getAttribute('data-student-id')) ?? '', name: ((await row.locator('label.check').textContent()) ?? '').replace(/^Select /, '').trim() });
    }
    for (const student of chosen) {
      const row = page.locator(`tbody tr[data-student-id="${student.id}"]`);
      await row.getByRole('button', { name: `Record placement for ${student.name}` }).click();
      const dialog = page.getByRole('dialog', { name: `Record a placement for ${student.name}` });
      await dialog.getByRole('button', { name: 'Save placement' }).click();
      await dialog.waitFor({ state: 'detached' });
      await row.getByRole('checkbox', { name: `Select ${student.name}`, exact: true }).check();
    }
    await expectVisible(page.getByText('2 students selected.'));
    await expect(page.getByRole('combobox', { name: 'Class' }).inputValue()).resolves.toBe(teacherClassId);
    await page.getByRole('button', { name: 'Enroll selected students' }).click();
    const results = page.getByRole('region', { name: 'Enrollment results' });
    await expectVisible(results.getByText(`2 students enrolled in ${teacherClass}.`));
    for (const student of chosen) {
      await until(
        'the enrolled student to leave the section\'s list',
        async () => (await idle(page)) && (await page.locator(`tbody tr[data-student-id="${student.id}"]`).count()) === 0,
        () => page.getByRole('button', { name: 'Apply filters' }).click(),
        15_000,
      );
    }
    await expect(rows.count()).resolves.toBe(apiIds.length - 2);
    await shot('teacher-enrolled-two');

    // "All students of the school" is one click away.
    await page.getByRole('button', { name: 'Show all students of the school' }).click();
    await until('all students of the school', async () => (await idle(page)) && (await sectionFilter.inputValue()) === 'all' && (await rows.count()) > apiIds.length - 2, () => Promise.resolve());
  }, 120_000);

  it('shows a district admin the sharing health of the district, per school, with the never-enrolled students on request', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Roster' }).waitFor();
    await page.getByRole('region', { name: 'District admins' }).getByRole('button').first().click();
    await page.getByRole('heading', { name: 'District sync', level: 1 }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sharing health' }).click();
    await page.getByRole('heading', { name: 'Sharing health', level: 1 }).waitFor();
    const summary = page.getByRole('region', { name: 'Sharing health per school' });
    const total = summary.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'District total' }) });
    await expectVisible(total);
    // the five students enrolled by this test (three by the school admin, two by the teacher) count as enrolled
    await expect(total.getByRole('cell').nth(1).textContent()).resolves.toBe('5');
    await expectVisible(page.getByText(/Roster ignores them/));
    await expectVisible(page.getByRole('heading', { name: 'Sharing less' }));
    await page.getByRole('button', { name: 'List the never-enrolled students' }).click();
    // everyone was shared minutes ago: nobody has been shared for 30 days
    await expectVisible(page.getByText('No student has been shared over 30 days without being enrolled.'));
    await shot('sharing-health', true);
  });

  it('shows a district admin the sync status, and once placements are required refuses a student without one in plain words', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Roster' }).waitFor();
    await page.getByRole('region', { name: 'District admins' }).getByRole('button').first().click();
    await page.getByRole('heading', { name: 'District sync', level: 1 }).waitFor();
    // the first full sync of the demo district, with its counts
    const firstRun = page.getByRole('region', { name: 'Recent runs' }).getByRole('row').filter({ hasText: 'Full sync' }).last();
    await expectVisible(firstRun.getByText('Completed'));
    await expect(firstRun.getByRole('cell').nth(1).textContent()).resolves.toMatch(/^[1-9]\d*$/); // created
    await expectVisible(page.getByRole('region', { name: 'Accounts' }).getByRole('rowheader', { name: 'District total' }));
    await shot('district-sync', true);

    const settings = page.getByRole('region', { name: 'Settings' });
    await settings.getByLabel('Require a placement result before a student can be enrolled').check();
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await expectVisible(settings.getByText(/a placement is required before enrolling/));

    await page.goto(`${embedded!.url}/#/students?school=${schoolId}&class=${classId}&placement=none`);
    await page.getByRole('heading', { name: 'Available students', level: 1 }).waitFor();
    const row = page.locator('tbody tr[data-student-id]').first();
    await row.waitFor();
    const id = (await row.getAttribute('data-student-id')) ?? '';
    await row.getByRole('checkbox').check();
    await expect(page.getByRole('combobox', { name: 'Class' }).inputValue()).resolves.toBe(classId);
    await page.getByRole('button', { name: 'Enroll selected students' }).click();
    const result = page.getByRole('region', { name: 'Enrollment results' }).locator(`li[data-student-id="${id}"]`);
    await expectVisible(result.getByText('Not enrolled', { exact: true }));
    await expectVisible(result.getByText(/Needs a placement result first/));
    await shot('placement-required');
  });

  it('fits a tablet (768 px wide) without page-wide horizontal scrolling', async () => {
    await page.setViewportSize({ width: 768, height: 1024 });
    const screens: [string, string, string][] = [
      ['District sync', '#/sync', 'tablet-district-sync'],
      ['Sharing health', '#/sharing', 'tablet-sharing-health'],
      ['Available students', `#/students?school=${schoolId}`, 'tablet-available-students'],
      ['Classes', `#/classes?school=${schoolId}`, 'tablet-classes'],
      [className, `#/classes/${classId}`, 'tablet-class-roster'],
    ];
    for (const [heading, hash, name] of screens) {
      await page.goto(`${embedded!.url}/${hash}`);
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await idle(page);
      // wide tables scroll inside their own focusable region; the page itself must not
      const overflow = await page.evaluate(() => {
        const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
        return root.scrollWidth - root.clientWidth;
      });
      expect({ screen: name, overflow }).toEqual({ screen: name, overflow: 0 });
      await shot(name);
    }
    await page.setViewportSize({ width: 1366, height: 900 });
  });

  it('ran without script errors or refused resources', () => {
    expect(pageErrors).toEqual([]);
  });
});
