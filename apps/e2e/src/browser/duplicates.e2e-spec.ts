import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { freePort } from '@roster/testing';
// The browser test drives the whole product through the embedded mode, its one composition root (ADR 0004).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startEmbedded, type Embedded } from '../../../embedded/src';

/**
 * "Possible duplicates" in a real browser (system Chromium through playwright-core) against the embedded
 * mode (every service, the in-process bus, embedded PostgreSQL, the Clever sandbox's demo district,
 * AUTH_MODE=dev). In the sandbox a student's Clever id changes (the old id is no longer shared, a new one
 * is shared with the same record); a district admin finds the pair on the "Possible duplicates" page with
 * the identifiers they share, cancels the confirmation once (nothing happens), then merges: the pair leaves
 * the list. Screenshots go to test-output/screenshots/ (gitignored).
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const SCREENSHOTS = resolve(__dirname, '../../../../test-output/screenshots');
const UI_TIMEOUT = 15_000;

type Json = Record<string, any>;

/** Polls `check` (reloading data through `refresh` between tries) until it returns a value. */
async function until<T>(label: string, check: () => Promise<T | null | undefined | false>, refresh: () => Promise<unknown>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 1000));
    await refresh();
  }
}

describe('possible duplicates and merge (browser, embedded mode)', () => {
  let embedded: Embedded | undefined;
  let dataDir: string;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];
  let step = 0;

  const shot = async (name: string, fullPage = false) => {
    step += 1;
    await page.screenshot({ path: join(SCREENSHOTS, `duplicates-${String(step).padStart(2, '0')}-${name}.png`), fullPage });
  };

  /** The sandbox's admin API (`/__sandbox/...`). */
  const sandbox = async (method: string, path: string, body?: unknown): Promise<any> => {
    const res = await fetch(`${embedded!.sandboxUrl}/__sandbox${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`sandbox ${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const file of readdirSync(SCREENSHOTS)) if (/^duplicates-.*\.png$/.test(file)) rmSync(join(SCREENSHOTS, file));
    dataDir = mkdtempSync(join(tmpdir(), 'roster-duplicates-ui-'));
    embedded = await startEmbedded({ port: await freePort(), dataDir, reset: true, logLevel: 'error', sandboxUsers: 120, eventsPollIntervalMs: 1000 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    page.setDefaultTimeout(UI_TIMEOUT);
    page.on('pageerror', (error) => pageErrors.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      // A refused request is logged by the browser itself ("Failed to load resource"): expected.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(`console: ${message.text()}`);
    });
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        embedded.firstSyncComplete,
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('the first sync of the demo district did not complete in 120 s')), 120_000);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await embedded?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

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

async function idle(page: Page): Promise<boolean> {
  const deadline = Date.now() + UI_TIMEOUT;
  while ((await page.locator('[aria-busy="true"]').count()) > 0) {
    if (Date.now() > deadline) throw new Error('the page kept loading');
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

async function expectVisible(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: 'visible' });
}
