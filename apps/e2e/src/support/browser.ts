import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { freePort } from '@roster/testing';
// The browser tests drive the whole product through the embedded mode, its one composition root (ADR 0004).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startEmbedded, type Embedded, type EmbeddedOptions } from '../../../embedded/src';

/**
 * What every browser test of the admin UI shares: the embedded product (every service, the in-process bus,
 * embedded PostgreSQL, the Clever sandbox, AUTH_MODE=dev) after its first sync, a system Chromium page through
 * playwright-core, the page's script errors, screenshots under test-output/screenshots/ (gitignored), and the
 * sandbox's admin API.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const SCREENSHOTS = resolve(__dirname, '../../../../test-output/screenshots');
const FIRST_SYNC_TIMEOUT_MS = 120_000;
export const UI_TIMEOUT = 15_000;

export interface BrowserSession {
  embedded: Embedded;
  page: Page;
  /** Script errors and console errors of the page (a refused request's own browser line excepted). */
  pageErrors: string[];
  /** A numbered screenshot `<name>-NN-<step>.png` of the viewport, or of the whole page. */
  shot(step: string, fullPage?: boolean): Promise<void>;
  /** The Clever sandbox's admin API (`/__sandbox/*`). */
  sandbox<T = any>(method: string, path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

/** Starts the embedded product in a fresh data directory, waits for its first sync, and opens a page. */
export async function openBrowserSession(name: string, options: EmbeddedOptions = {}): Promise<BrowserSession> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const file of readdirSync(SCREENSHOTS)) if (file.startsWith(`${name}-`) && file.endsWith('.png')) rmSync(join(SCREENSHOTS, file));
  const dataDir = mkdtempSync(join(tmpdir(), `roster-${name}-`));
  let embedded: Embedded | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await embedded?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    embedded = await startEmbedded({ port: await freePort(), dataDir, reset: true, logLevel: 'error', ...options });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    page.setDefaultTimeout(UI_TIMEOUT);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      // A refused request is logged by the browser itself ("Failed to load resource", e.g. GET /me before
      // signing in answers 401): expected. Anything else at error level is a defect of the UI.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(`console: ${message.text()}`);
    });
    // The demo district must be in Roster before anyone can sign in.
    await withTimeout(embedded.firstSyncComplete, FIRST_SYNC_TIMEOUT_MS, 'the first sync of the demo district did not complete');
    let step = 0;
    const sandboxUrl = embedded.sandboxUrl;
    return {
      embedded,
      page,
      pageErrors,
      close,
      async shot(stepName, fullPage = false) {
        step += 1;
        await page.screenshot({ path: join(SCREENSHOTS, `${name}-${String(step).padStart(2, '0')}-${stepName}.png`), fullPage });
      },
      async sandbox<T>(method: string, path: string, body?: unknown): Promise<T> {
        const res = await fetch(`${sandboxUrl}/__sandbox${path}`, {
          method,
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        if (!res.ok) throw new Error(`sandbox ${method} ${path}: ${res.status} ${await res.text()}`);
        return (await res.json()) as T;
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${message} in ${ms / 1000} s`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `check` (reloading data through `refresh` between tries) until it returns a value. */
export async function until<T>(label: string, check: () => Promise<T | null | undefined | false>, refresh: () => Promise<unknown>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 1000));
    await refresh();
  }
}

/** Waits until no region of the page is loading (the UI marks a loading region aria-busy); then true. */
export async function idle(page: Page): Promise<boolean> {
  const deadline = Date.now() + UI_TIMEOUT;
  while ((await page.locator('[aria-busy="true"]').count()) > 0) {
    if (Date.now() > deadline) throw new Error('the page kept loading');
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

export async function expectVisible(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: 'visible' });
}
