import type { Page } from 'playwright-core';
import { expectVisible, idle, openBrowserSession, until, type BrowserSession } from '../support/browser';

/**
 * "Possible duplicates" in a real browser (system Chromium through playwright-core) against the embedded
 * mode (every service, the in-process bus, embedded PostgreSQL, the Clever sandbox's demo district,
 * AUTH_MODE=dev). In the sandbox a student's Clever id changes (the old id is no longer shared, a new one
 * is shared with the same record); a district admin finds the pair on the "Possible duplicates" page with
 * the identifiers they share, cancels the confirmation once (nothing happens), then merges: the pair leaves
 * the list. Screenshots go to test-output/screenshots/ (gitignored).
 */

type Json = Record<string, any>;

describe('possible duplicates and merge (browser, embedded mode)', () => {
  let session: BrowserSession;
  let embedded: BrowserSession['embedded'];
  let page: Page;
  let pageErrors: string[];
  const shot = (name: string, fullPage = false) => session.shot(name, fullPage);
  const sandbox = (method: string, path: string, body?: unknown) => session.sandbox(method, path, body);

  beforeAll(async () => {
    session = await openBrowserSession('duplicates', { sandboxUsers: 120, eventsPollIntervalMs: 1000 });
    ({ embedded, page, pageErrors } = session);
  }, 180_000);

  afterAll(async () => session?.close(), 60_000);

  it('a student\'s Clever id changes in the sandbox; a district admin signs in and sees no duplicate yet or the new pair', async () => {
    const [district] = (await sandbox('GET', '/districts')) as Json[];
    const [studentId] = (await sandbox('GET', `/districts/${district.id}/users?role=student&limit=1`)) as string[];
    const { record } = (await sandbox('GET', `/districts/${district.id}/users/${studentId}`)) as { record: Json };
    const { id: _old, created: _c, last_modified: _m, ...rest } = record;
    await sandbox('POST', `/districts/${district.id}/users/${studentId}/unshare`);
    const created = (await sandbox('POST', `/districts/${district.id}/users`, rest)) as Json;
    expect(created.id).not.toBe(studentId);

    await page.goto(embedded!.url);
    await page.getByRole('heading', { name: 'Sign in to Roster' }).waitFor();
    const districtAdmins = page.getByRole('region', { name: 'District admins' });
    await until('the district admins in the sign-in list', () => districtAdmins.getByRole('button').first().isVisible(), () => page.reload());
    await districtAdmins.getByRole('button').first().click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Possible duplicates' }).click();
    await page.getByRole('heading', { name: 'Possible duplicates', level: 1 }).waitFor();
  });

  it('lists the pair with the identifiers they share; cancelling the confirmation changes nothing; merging removes the pair', async () => {
    const rows = page.locator('tbody tr[data-archived-id]');
    // the old id's archive and the new id's account reach identity through the events feed
    await until('the duplicate pair', async () => (await idle(page)) && (await rows.count()) === 1, () => page.reload());
    const row = rows.first();
    await expectVisible(row.getByText(/SIS id: /));
    await expectVisible(row.getByRole('cell', { name: 'Student' }));
    await shot('pair-listed', true);

    const mergeButton = row.getByRole('button', { name: /^Merge .+ \(archived\) into .+$/ });
    await mergeButton.click();
    let dialog = page.getByRole('dialog', { name: 'Merge these accounts?' });
    await dialog.waitFor();
    await expectVisible(dialog.getByText(/This cannot be undone\./));
    await shot('confirm');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect(rows.count()).resolves.toBe(1);

    await mergeButton.click();
    dialog = page.getByRole('dialog', { name: 'Merge these accounts?' });
    await dialog.getByRole('button', { name: 'Merge accounts' }).click();
    await expectVisible(page.getByRole('status').getByText(/ was merged into /));
    await expect(rows.count()).resolves.toBe(0);
    await expectVisible(page.getByText('No possible duplicates.'));
    await shot('merged', true);

    // A fresh load agrees: the pair is settled.
    await page.reload();
    await page.getByRole('heading', { name: 'Possible duplicates', level: 1 }).waitFor();
    await idle(page);
    await expectVisible(page.getByText('No possible duplicates.'));
    expect(pageErrors).toEqual([]);
  });
});
