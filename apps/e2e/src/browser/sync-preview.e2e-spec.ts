import type { Page } from 'playwright-core';
import { expectVisible, idle, openBrowserSession, until, type BrowserSession } from '../support/browser';

/**
 * "Preview changes" and the held run's change list (issue 15) in a real browser against the embedded mode (every
 * service, embedded PostgreSQL, the Clever sandbox's demo district, AUTH_MODE=dev). Clever stops sharing 12 of
 * the district's teachers (with its events feed off, so only a full read sees it). A district admin previews the
 * sync: the preview lists exactly those teachers as archived and says a sync would be held for teachers; nothing
 * changed. The admin then syncs: the run is held for teachers, the held panel names the same 12 people, and the
 * admin rejects the archives. Screenshots go to test-output/screenshots/ (gitignored).
 */

interface SandboxUser {
  record: { id: string; name?: { first?: string; last?: string }; roles?: Record<string, unknown> };
}

describe('sync preview and held-run change list (browser, embedded mode)', () => {
  let session: BrowserSession;
  let embedded: BrowserSession['embedded'];
  let page: Page;
  let pageErrors: string[];
  /** The teachers Clever stops sharing: names as the change lists show them. */
  const gone: { id: string; name: string }[] = [];
  const shot = (name: string, fullPage = false) => session.shot(name, fullPage);
  const sandbox = <T = unknown>(method: string, path: string, body?: unknown) => session.sandbox<T>(method, path, body);

  beforeAll(async () => {
    session = await openBrowserSession('sync-preview');
    ({ embedded, page, pageErrors } = session);

    // Clever stops sharing 12 of the teachers (teachers only: multi-role staff count as staff), feed off.
    const [district] = await sandbox<{ id: string }[]>('GET', '/districts');
    await sandbox('PATCH', '/settings', { eventsEnabled: false });
    for (const id of await sandbox<string[]>('GET', `/districts/${district.id}/users?role=teacher&limit=100`)) {
      if (gone.length === 12) break;
      const { record } = await sandbox<SandboxUser>('GET', `/districts/${district.id}/users/${id}`);
      if (record.roles?.staff || record.roles?.district_admin) continue;
      gone.push({ id, name: [record.name?.first, record.name?.last].filter(Boolean).join(' ') });
    }
    expect(gone).toHaveLength(12);
    for (const t of gone) await sandbox('POST', `/districts/${district.id}/users/${t.id}/unshare`);
  }, 180_000);

  afterAll(async () => session?.close(), 60_000);

  it('previews a sync: the teachers Clever no longer shares are listed as archived, and nothing changed', async () => {
    await page.goto(embedded!.url);
    await page.getByRole('heading', { name: 'Sign in to Roster' }).waitFor();
    const admins = page.getByRole('region', { name: 'District admins' });
    await until('the district admins in the sign-in list', () => admins.getByRole('button').first().isVisible(), () => page.reload());
    await admins.getByRole('button').first().click();
    await page.getByRole('heading', { name: 'District sync', level: 1 }).waitFor();
    const lastSuccess = await page.locator('.stat').filter({ hasText: 'Last successful full sync' }).locator('dd').textContent();

    await page.getByRole('button', { name: 'Preview changes' }).click();
    await page.getByText(/Preview started/).waitFor();
    const runs = page.getByRole('region', { name: 'Recent runs' });
    const previewRow = runs.getByRole('row').filter({ hasText: 'Preview · changes nothing' }).first();
    // the page follows a running run by itself
    await until('the preview to finish', () => previewRow.getByText('Completed').isVisible(), () => Promise.resolve(), 90_000);
    await expectVisible(previewRow.getByText('A sync would be held for teachers'));
    await expectVisible(page.getByRole('status').getByText(/Preview finished: a sync now would create 0, update 0, restore 0 and archive 12 records/));
    await expect(previewRow.getByRole('cell').nth(4).textContent()).resolves.toBe('12'); // archived
    await shot('preview-finished', true);

    await previewRow.getByRole('button', { name: 'Show changes' }).click();
    const changes = page.getByRole('region', { name: /What a sync would change/ });
    await expectVisible(changes);
    // the first kind with changes is shown: the archives
    await expect(page.getByRole('button', { name: 'Archived (12)' }).getAttribute('aria-pressed')).resolves.toBe('true');
    const rows = changes.locator('tbody tr');
    await until('the archived list', async () => (await idle(page)) && (await rows.count()) === 12, () => Promise.resolve());
    const listed = (await rows.locator('th').allTextContents()).map((n) => n.trim()).sort();
    expect(listed).toEqual(gone.map((t) => t.name).sort());
    for (const t of gone) await expectVisible(rows.filter({ hasText: t.id }).getByText('Teacher'));
    await page.getByRole('button', { name: 'New (0)' }).click();
    await expectVisible(page.getByText('No new records.'));
    await shot('preview-changes', true);

    // Nothing changed: no held run, and the last successful sync is the one before.
    await expect(page.getByRole('heading', { name: 'A sync is waiting for your decision' }).count()).resolves.toBe(0);
    await expect(page.locator('.stat').filter({ hasText: 'Last successful full sync' }).locator('dd').textContent()).resolves.toBe(lastSuccess);
  }, 150_000);

  it('syncs: the run is held for teachers and the held panel names exactly whom it would archive; the admin rejects', async () => {
    await page.getByRole('button', { name: 'Sync now' }).click();
    const held = page.getByRole('region', { name: 'A sync is waiting for your decision' });
    await until('the held run', () => held.isVisible(), () => Promise.resolve(), 90_000);
    await expectVisible(held.getByText(/It is held for teachers: 12 of \d+/));
    const rows = held.locator('tbody tr');
    await until('the held run’s archives', async () => (await idle(page)) && (await rows.count()) === 12, () => Promise.resolve());
    expect((await rows.locator('th').allTextContents()).map((n) => n.trim()).sort()).toEqual(gone.map((t) => t.name).sort());
    await shot('held-run', true);

    await held.getByRole('button', { name: 'Reject the archives' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reject the archives?' });
    await dialog.getByRole('button', { name: 'Reject the archives' }).click();
    await page.getByRole('heading', { name: 'A sync is waiting for your decision' }).waitFor({ state: 'detached' });
    await expectVisible(page.getByRole('region', { name: 'Recent runs' }).getByText('Archives rejected'));
    await shot('held-run-rejected', true);
  }, 150_000);

  it('ran without script errors or refused resources', () => {
    expect(pageErrors).toEqual([]);
  });
});
